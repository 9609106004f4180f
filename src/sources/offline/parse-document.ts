import type { Dataset } from '../../domain/dataset.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { catalogEntitySchema, toCatalogDataset } from '../../dremio/catalog-entity.js';
import { parseLosslessJson } from '../../json/lossless-json.js';
import { looksLikeProfile } from '../../profile/archive-entries.js';
import { summarizeProfile } from '../../profile/summarize.js';
import { datasetFromCatalog } from '../dataset-rows.js';
import { isRecord } from '../field-values.js';
import type { JobDraft } from '../finish-job.js';
import { jobFromHistoryRow, type RowResult } from '../history-row.js';
import { jobFromQueriesJsonLine } from '../queries-json-line.js';
import { type DocumentFormat, detectFormat } from './detect-format.js';
import type { InputDocument } from './input-documents.js';
import { implausibleTime } from './record-checks.js';

export interface ParsedProfile {
  readonly summary: ProfileSummary;
  readonly text: string;
}

export interface ParsedDocument {
  readonly format: DocumentFormat;
  readonly jobs: readonly JobDraft[];
  readonly profiles: readonly ParsedProfile[];
  readonly datasets: readonly Dataset[];
  /** Problems with one line or row; the rest of the document was still read. */
  readonly problems: readonly { readonly where: string; readonly reason: string }[];
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Parses one document into job drafts and profiles. Throws only when the whole document is unusable. */
export function parseDocument(doc: InputDocument): ParsedDocument {
  const text = decoder.decode(doc.bytes).replace(/^\uFEFF/, '');
  // Not JSON at all (a README, a log): not ours to read, which the caller reports as an unknown format.
  if (!/^\s*[[{]/.test(text))
    return { format: 'unknown', jobs: [], profiles: [], datasets: [], problems: [] };
  const ndjson = ndjsonFirstValue(text);
  const first = ndjson === undefined ? parseWhole(text) : ndjson;
  const format = detectFormat(doc.name, first, ndjson !== undefined);
  switch (format) {
    case 'profile': {
      const badTimes = profileTimeProblems(doc.ref, first);
      if (badTimes.length > 0) return { format, jobs: [], profiles: [], datasets: [], problems: badTimes };
      const summary = summarizeProfile(first, { attempt: attemptFromName(doc.name) });
      return { format, jobs: [], profiles: [{ summary, text }], datasets: [], problems: [] };
    }
    case 'jobs-results':
      return rowsDocument({ doc, value: first, format });
    case 'queries-json':
    case 'history-ndjson':
      return linesDocument({ doc, text, format });
    case 'catalog-entity':
      return catalogDocument({ doc, value: first });
    case 'support-header':
    case 'unknown':
      return { format, jobs: [], profiles: [], datasets: [], problems: [] };
  }
}

function parseWhole(text: string): unknown {
  if (text.trim() === '') throw new Error('the file is empty');
  return parseLosslessJson(text);
}

/** The first value when the text is one JSON object per line, else undefined. */
function ndjsonFirstValue(text: string): unknown {
  const lines = text.split('\n');
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  if (firstIndex < 0) return undefined;
  const rest = lines.slice(firstIndex + 1).some((l) => l.trim() !== '');
  try {
    const value = parseLosslessJson(lines[firstIndex]!);
    if (!isRecord(value) || (!rest && looksLikeProfile(value))) return undefined;
    return rest || 'queryId' in value || 'job_id' in value ? value : undefined;
  } catch {
    return undefined;
  }
}

function linesDocument(input: { doc: InputDocument; text: string; format: DocumentFormat }): ParsedDocument {
  const jobs: JobDraft[] = [];
  const problems: { where: string; reason: string }[] = [];
  input.text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${input.doc.ref}:${index + 1}`;
    let value: unknown;
    try {
      value = parseLosslessJson(line);
    } catch (error) {
      problems.push({ where, reason: `not valid JSON (${(error as Error).message})` });
      return;
    }
    const result = isRecord(value)
      ? mapRecord(value, input.format, where)
      : { ok: false as const, reason: 'not a JSON object' };
    if (result.ok) jobs.push(result.job);
    else problems.push({ where, reason: result.reason });
  });
  return { format: input.format, jobs, profiles: [], datasets: [], problems };
}

function rowsDocument(input: { doc: InputDocument; value: unknown; format: DocumentFormat }): ParsedDocument {
  const rows = Array.isArray(input.value)
    ? input.value
    : isRecord(input.value) && Array.isArray(input.value.rows)
      ? input.value.rows
      : [];
  const jobs: JobDraft[] = [];
  const problems: { where: string; reason: string }[] = [];
  rows.forEach((row: unknown, index: number) => {
    const where = `${input.doc.ref}: row ${index + 1}`;
    const result = isRecord(row)
      ? mapRecord(row, 'history-ndjson', where)
      : { ok: false as const, reason: 'not a JSON object' };
    if (result.ok) jobs.push(result.job);
    else problems.push({ where, reason: result.reason });
  });
  const declared = isRecord(input.value) ? input.value.rowCount : undefined;
  if ((typeof declared === 'number' || typeof declared === 'bigint') && Number(declared) !== rows.length) {
    problems.push({
      where: input.doc.ref,
      reason: `declares rowCount ${declared} but holds ${rows.length} rows; a results page holds at most 500 rows, so export every page`,
    });
  }
  return { format: input.format, jobs, profiles: [], datasets: [], problems };
}

function catalogDocument(input: { doc: InputDocument; value: unknown }): ParsedDocument {
  const parsed = catalogEntitySchema.safeParse(input.value);
  const entity = parsed.success ? toCatalogDataset(parsed.data) : undefined;
  if (entity === undefined) {
    const reason = parsed.success ? 'not a table or view' : parsed.error.issues[0]?.message;
    return {
      format: 'catalog-entity',
      jobs: [],
      profiles: [],
      datasets: [],
      problems: [{ where: input.doc.ref, reason: `catalog entry not read: ${reason}` }],
    };
  }
  // A catalog answer has no file statistics; those come from a live collection.
  return {
    format: 'catalog-entity',
    jobs: [],
    profiles: [],
    datasets: [datasetFromCatalog(entity, [])],
    problems: [],
  };
}

function mapRecord(
  value: Readonly<Record<string, unknown>>,
  format: DocumentFormat,
  where: string,
): RowResult {
  return format === 'queries-json'
    ? jobFromQueriesJsonLine(value, { sourceRef: where })
    : jobFromHistoryRow(value, { source: 'file', sourceRef: where });
}

function attemptFromName(name: string): number | undefined {
  const m = /profile_attempt_(\d+)\.json$/.exec(name);
  return m === null ? undefined : Number(m[1]);
}

// The summary turns an unusable start or end into 0 and a duration measured from 1970, which would be
// stored as a decades-long job: a profile whose own times are wrong is refused, naming the field.
function profileTimeProblems(ref: string, raw: unknown): { where: string; reason: string }[] {
  if (!isRecord(raw)) return [];
  return (['start', 'end'] as const).flatMap((field) => {
    const value = raw[field];
    if (typeof value !== 'number' && typeof value !== 'bigint') return [];
    if (value === 0 || value === 0n) return [];
    const why = implausibleTime(Number(value));
    if (why === undefined) return [];
    return [
      {
        where: ref,
        reason: `field ${field}: ${why}; the profile was not imported (re-download it or fix ${field})`,
      },
    ];
  });
}
