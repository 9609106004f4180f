import type { Dataset } from '../../domain/dataset.js';
import type { JobDraft } from '../../domain/job.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { catalogEntitySchema, toCatalogDataset } from '../../dremio/catalog-entity.js';
import { parseLosslessJson } from '../../json/lossless-json.js';
import { looksLikeProfile } from '../../profile/archive-entries.js';
import { summarizeProfile } from '../../profile/summarize.js';
import { datasetFromCatalog } from '../dataset-rows.js';
import { isRecord } from '../field-values.js';
import { jobFromHistoryRow, type RowResult } from '../history-row.js';
import { jobFromQueriesJsonLine } from '../queries-json-line.js';
import { type DocumentFormat, detectFormat } from './detect-format.js';
import type { InputDocument } from './input-documents.js';
import { implausibleTime } from './record-checks.js';

export interface ParsedProfile {
  readonly summary: ProfileSummary;
  readonly text: string;
}

/** One line or row: a job draft, or why it was not read. */
export type RecordOutcome =
  | { readonly ok: true; readonly job: JobDraft }
  | { readonly ok: false; readonly where: string; readonly reason: string };

export interface ParsedDocument {
  readonly format: DocumentFormat;
  /**
   * Lines and rows, in order. For a line-per-job log this is read lazily from the bytes as it is
   * iterated (once), so a large queries.json never exists as one string or one array of jobs.
   */
  readonly records: Iterable<RecordOutcome>;
  readonly profiles: readonly ParsedProfile[];
  readonly datasets: readonly Dataset[];
  /** Problems with the document as a whole (e.g. a results page missing rows). */
  readonly problems: readonly { readonly where: string; readonly reason: string }[];
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Parses one document into job drafts and profiles. Throws only when the whole document is unusable. */
export function parseDocument(doc: InputDocument): ParsedDocument {
  // Not JSON at all (a README, a log): not ours to read, which the caller reports as an unknown format.
  if (!startsLikeJson(doc.bytes)) return empty('unknown');
  const ndjson = ndjsonFirstValue(doc.bytes);
  if (ndjson !== undefined) {
    const format = detectFormat(doc.name, ndjson, true);
    if (format === 'queries-json' || format === 'history-ndjson')
      return { ...empty(format), records: lineRecords({ doc, format }) };
    return empty(format);
  }
  const text = decoder.decode(doc.bytes).replace(/^\uFEFF/, '');
  const first = parseWhole(text);
  const format = detectFormat(doc.name, first, false);
  switch (format) {
    case 'profile': {
      const badTimes = profileTimeProblems(doc.ref, first);
      if (badTimes.length > 0) return { ...empty(format), problems: badTimes };
      const summary = summarizeProfile(first, { attempt: attemptFromName(doc.name) });
      return { ...empty(format), profiles: [{ summary, text }] };
    }
    case 'jobs-results':
      return rowsDocument({ doc, value: first, format });
    case 'catalog-entity':
      return catalogDocument({ doc, value: first });
    default:
      return empty(format);
  }
}

function empty(format: DocumentFormat): ParsedDocument {
  return { format, records: [], profiles: [], datasets: [], problems: [] };
}

const BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function startsLikeJson(bytes: Uint8Array): boolean {
  let at = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  while (at < bytes.length && WHITESPACE.has(bytes[at]!)) at++;
  return bytes[at] === 0x7b || bytes[at] === 0x5b;
}

function parseWhole(text: string): unknown {
  if (text.trim() === '') throw new Error('the file is empty');
  return parseLosslessJson(text);
}

/** Each line with its 1-based number, decoded one at a time (UTF-8 never has 0x0A inside a character). */
function* lines(bytes: Uint8Array): Generator<{ readonly text: string; readonly number: number }> {
  let start = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  for (let number = 1; start <= bytes.length; number++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    yield { text: decoder.decode(bytes.subarray(start, end)), number };
    start = end + 1;
  }
}

/** The first value when the bytes are one JSON object per line, else undefined. */
function ndjsonFirstValue(bytes: Uint8Array): unknown {
  let first: string | undefined;
  let rest = false;
  for (const line of lines(bytes)) {
    if (line.text.trim() === '') continue;
    if (first !== undefined) {
      rest = true;
      break;
    }
    first = line.text;
  }
  if (first === undefined) return undefined;
  try {
    const value = parseLosslessJson(first);
    if (!isRecord(value) || (!rest && looksLikeProfile(value))) return undefined;
    return rest || 'queryId' in value || 'job_id' in value ? value : undefined;
  } catch {
    return undefined;
  }
}

function* lineRecords(input: { doc: InputDocument; format: DocumentFormat }): Generator<RecordOutcome> {
  for (const line of lines(input.doc.bytes)) {
    if (line.text.trim() === '') continue;
    const where = `${input.doc.ref}:${line.number}`;
    let value: unknown;
    try {
      value = parseLosslessJson(line.text);
    } catch (error) {
      yield { ok: false, where, reason: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    const result = isRecord(value)
      ? mapRecord(value, input.format, where)
      : { ok: false as const, reason: 'not a JSON object' };
    yield result.ok ? result : { ok: false, where, reason: result.reason };
  }
}

function rowsDocument(input: { doc: InputDocument; value: unknown; format: DocumentFormat }): ParsedDocument {
  const rows = Array.isArray(input.value)
    ? input.value
    : isRecord(input.value) && Array.isArray(input.value.rows)
      ? input.value.rows
      : [];
  const records = rows.map((row: unknown, index: number): RecordOutcome => {
    const where = `${input.doc.ref}: row ${index + 1}`;
    const result = isRecord(row)
      ? mapRecord(row, 'history-ndjson', where)
      : { ok: false as const, reason: 'not a JSON object' };
    return result.ok ? result : { ok: false, where, reason: result.reason };
  });
  const problems: { where: string; reason: string }[] = [];
  const declared = isRecord(input.value) ? input.value.rowCount : undefined;
  if ((typeof declared === 'number' || typeof declared === 'bigint') && Number(declared) !== rows.length) {
    problems.push({
      where: input.doc.ref,
      reason: `declares rowCount ${declared} but holds ${rows.length} rows; a results page holds at most 500 rows, so export every page`,
    });
  }
  return { format: input.format, records, profiles: [], datasets: [], problems };
}

function catalogDocument(input: { doc: InputDocument; value: unknown }): ParsedDocument {
  const parsed = catalogEntitySchema.safeParse(input.value);
  const entity = parsed.success ? toCatalogDataset(parsed.data) : undefined;
  if (entity === undefined) {
    const reason = parsed.success ? 'not a table or view' : parsed.error.issues[0]?.message;
    return {
      format: 'catalog-entity',
      records: [],
      profiles: [],
      datasets: [],
      problems: [{ where: input.doc.ref, reason: `catalog entry not read: ${reason}` }],
    };
  }
  // A catalog answer has no file statistics; those come from a live collection.
  return {
    format: 'catalog-entity',
    records: [],
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
