import type { JobDraft, JobSource } from '../domain/job.js';
import type { JobsListingEntry } from '../dremio/jobs-listing.js';
import type { RowResult } from './history-row.js';

const at = (ms: number | undefined) => (ms === undefined || ms <= 0 ? null : new Date(ms));

/**
 * One item of the pre-24.3 `/apiv2/jobs-listing/v1.0` list → a job draft. The list has fewer facts
 * than `sys.jobs_recent`: phase starts come from `durationDetails`, and bytes, CPU, memory, errors
 * and scanned datasets are unknown (null), never invented.
 */
export function jobFromListingEntry(
  entry: JobsListingEntry,
  options: { readonly source: JobSource; readonly sourceRef: string },
): RowResult {
  if (entry.jobId === '') return { ok: false, reason: 'no id' };
  const submittedAt = at(entry.startTimeMs);
  if (submittedAt === null) return { ok: false, reason: `job ${entry.jobId} has no start time` };
  const phase = (name: string) => at(entry.phaseStartsMs[name]);
  const job: JobDraft = {
    jobId: entry.jobId,
    sql: entry.sql === '' ? null : entry.sql,
    sqlTruncated: false,
    userName: entry.userName === '' ? null : entry.userName,
    queryType: entry.queryType === 'UNKNOWN' ? null : entry.queryType,
    state: entry.state === 'UNKNOWN' ? null : entry.state,
    timestamps: {
      submittedAt,
      attemptStartedAt: phase('PENDING'),
      metadataRetrievalAt: phase('METADATA_RETRIEVAL'),
      planningStartAt: phase('PLANNING'),
      queryEnqueuedAt: phase('QUEUED'),
      engineStartAt: phase('ENGINE_START'),
      executionPlanningAt: phase('EXECUTION_PLANNING'),
      startingAt: phase('STARTING'),
      executionStartAt: phase('RUNNING'),
      finalStateAt: at(entry.endTimeMs),
    },
    rowsScanned: BigInt(entry.rowsScanned),
    bytesScanned: null,
    rowsReturned: BigInt(entry.rowsReturned),
    bytesReturned: null,
    plannerEstimatedCost: entry.plannerEstimatedCost,
    cpuTimeMs: null,
    memoryAllocatedBytes: null,
    accelerated: entry.accelerated,
    reflectionRelationships: [],
    queueName: entry.queueName === '' ? null : entry.queueName,
    engine: entry.engine === '' ? null : entry.engine,
    client: null,
    errorMessage: null,
    queriedDatasets: entry.queriedDatasets,
    scannedDatasets: [],
    attemptCount: entry.attemptCount,
    isProfileIncomplete: null,
    source: options.source,
    sourceRef: options.sourceRef,
    raw: entry.raw,
  };
  return { ok: true, job };
}
