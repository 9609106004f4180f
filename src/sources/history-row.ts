import type { JobDraft, JobSource, JobTimestamps } from '../domain/job.js';
import { datasetList } from './dataset-list.js';
import { decimal, epoch, type Fields, flag, integer, stringList, text, timestamp } from './field-values.js';

export type RowResult =
  | { readonly ok: true; readonly job: JobDraft }
  | { readonly ok: false; readonly reason: string };

/**
 * One row of job history → a job draft. Reads Software's `sys.jobs_recent` (epoch milliseconds, `*_ts`
 * strings with 1970 for unset) and Cloud's `sys.project.history.jobs` (epoch nanoseconds, null for
 * unset, `execution_planning_start_*`), whichever columns the row has.
 */
export function jobFromHistoryRow(
  row: Fields,
  options: { readonly source: JobSource; readonly sourceRef: string },
): RowResult {
  const jobId = text(row, 'job_id');
  if (jobId === null) return { ok: false, reason: 'no job_id' };
  const cloud = !('submitted_epoch_millis' in row) && 'submitted_epoch' in row;
  const at = (name: string, cloudName = name) =>
    cloud
      ? (epoch(row, `${cloudName}_epoch`, 'ns') ?? timestamp(row, `${cloudName}_ts`))
      : (epoch(row, `${name}_epoch_millis`) ?? timestamp(row, `${name}_ts`));
  const submittedAt = at('submitted');
  if (submittedAt === null) return { ok: false, reason: `job ${jobId} has no submitted time` };
  const timestamps: JobTimestamps = {
    submittedAt,
    attemptStartedAt: at('attempt_started'),
    metadataRetrievalAt: at('metadata_retrieval'),
    planningStartAt: at('planning_start'),
    queryEnqueuedAt: at('query_enqueued'),
    engineStartAt: engineStartAt(at('query_enqueued'), at('engine_start')),
    executionPlanningAt: at('execution_planning', 'execution_planning_start'),
    startingAt: cloud
      ? (timestamp(row, 'starting_ts') ??
        epoch(row, 'starting_ts_epoch', 'ns') ??
        epoch(row, 'starting_epoch', 'ns'))
      : null,
    executionStartAt: at('execution_start'),
    finalStateAt: at('final_state'),
  };
  const chunks = stringList(row, 'query_chunks');
  const query = text(row, 'query');
  return {
    ok: true,
    job: {
      jobId,
      sql: query === null ? null : query + chunks.join(''),
      sqlTruncated: false,
      userName: text(row, 'user_name'),
      queryType: text(row, 'query_type'),
      state: text(row, 'status'),
      timestamps,
      rowsScanned: integer(row, 'rows_scanned'),
      bytesScanned: integer(row, 'bytes_scanned'),
      rowsReturned: integer(row, 'rows_returned'),
      bytesReturned: integer(row, 'bytes_returned'),
      plannerEstimatedCost: decimal(row, 'planner_estimated_cost') ?? decimal(row, 'query_cost'),
      cpuTimeMs: cpuTimeMs(row),
      memoryAllocatedBytes: integer(row, 'execution_allocated_bytes') ?? integer(row, 'memory_allocated'),
      accelerated: flag(row, 'accelerated'),
      reflectionRelationships: [],
      queueName: text(row, 'queue_name'),
      engine: text(row, 'engine'),
      client: null,
      errorMessage: text(row, 'error_msg'),
      queriedDatasets: datasetList(row, 'queried_datasets'),
      scannedDatasets: datasetList(row, 'scanned_datasets'),
      attemptCount: toInt(integer(row, 'attempt_count')),
      isProfileIncomplete: flag(row, 'is_profile_incomplete'),
      source: options.source,
      sourceRef: options.sourceRef,
      raw: row,
    },
  };
}

/**
 * Enterprise and Cloud stamp ENGINE_START at the very instant of QUEUED and wait until
 * EXECUTION_PLANNING (fidelity-gaps #2): that wait is queueing, so an engine start at the enqueue
 * instant is no phase of its own, whatever order the phases are then read in.
 */
function engineStartAt(queuedAt: Date | null, engineAt: Date | null): Date | null {
  return queuedAt !== null && engineAt !== null && engineAt.getTime() === queuedAt.getTime()
    ? null
    : engineAt;
}

function cpuTimeMs(row: Fields): bigint | null {
  const ms = integer(row, 'execution_cpu_time_millis');
  if (ms !== null) return ms;
  const ns = integer(row, 'execution_cpu_time_ns');
  return ns === null ? null : ns / 1_000_000n;
}

function toInt(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}
