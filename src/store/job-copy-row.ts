import type { JobRecord } from '../domain/job.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import { COPY_NULL, copyField, copyJsonText, copyTextArray } from './copy-text.js';
import { JOB_COLUMNS } from './job-columns.js';
import type { JobsTable } from './schema.js';
import { textSafeJson } from './text-safe-json.js';

/**
 * The columns of a COPY line, in order: the same as a statement row carries (`JOB_COLUMNS` with the
 * cluster before and `raw`, `collected_at` after).
 */
export const COPY_ROW_COLUMNS = [
  'cluster_id',
  ...JOB_COLUMNS,
  'raw',
  'collected_at',
] as const satisfies readonly (keyof JobsTable)[];

const iso = (d: Date | null) => (d === null ? COPY_NULL : d.toISOString());
// As JSON.stringify writes them for the statement path (the same text as String for finite numbers):
// NaN and ±Infinity become NULL.
const num = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? COPY_NULL : String(n);
const int8 = (n: bigint | null | undefined) => (n === null || n === undefined ? COPY_NULL : n.toString());
const bool = (b: boolean | null | undefined) => (b === null || b === undefined ? COPY_NULL : b ? 't' : 'f');
// A JSON `null` is stored as SQL NULL, as json_populate_recordset does.
const json = (value: unknown) => {
  if (value === undefined) return COPY_NULL;
  const text = stringifyLosslessJson(value);
  return text === 'null' ? COPY_NULL : copyJsonText(textSafeJson(text));
};

/** One job as a line of COPY text, its columns in `COPY_ROW_COLUMNS` order. */
export function jobCopyLine(clusterId: bigint, job: JobRecord, collectedAt: string): string {
  const t = job.timestamps;
  const p = job.phases;
  return `${[
    clusterId.toString(),
    copyField(job.jobId),
    copyField(job.fingerprint),
    copyField(job.sqlText),
    bool(job.sqlRedacted),
    bool(job.sqlTruncated),
    copyField(job.userName),
    copyField(job.queryType),
    copyField(job.state),
    t.submittedAt.toISOString(),
    iso(t.attemptStartedAt),
    iso(t.metadataRetrievalAt),
    iso(t.planningStartAt),
    iso(t.queryEnqueuedAt),
    iso(t.engineStartAt),
    iso(t.executionPlanningAt),
    iso(t.startingAt),
    iso(t.executionStartAt),
    iso(t.finalStateAt),
    num(job.durationMs),
    num(p.pendingMs),
    num(p.metadataRetrievalMs),
    num(p.planningMs),
    num(p.queuedMs),
    num(p.engineStartMs),
    num(p.executionPlanningMs),
    num(p.startingMs),
    num(p.runningMs),
    int8(job.rowsScanned),
    int8(job.bytesScanned),
    int8(job.rowsReturned),
    int8(job.bytesReturned),
    num(job.plannerEstimatedCost),
    int8(job.cpuTimeMs),
    int8(job.memoryAllocatedBytes),
    bool(job.accelerated),
    json(job.reflectionRelationships),
    copyField(job.queueName),
    copyField(job.engine),
    copyField(job.client),
    copyField(job.errorMessage),
    copyTextArray(job.queriedDatasets),
    copyTextArray(job.scannedDatasets),
    num(job.attemptCount),
    bool(job.isProfileIncomplete),
    copyField(job.source),
    copyField(job.sourceRef),
    json(job.raw),
    collectedAt,
  ].join('\t')}\n`;
}
