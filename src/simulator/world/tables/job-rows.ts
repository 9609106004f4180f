/** One job as a row of `sys.jobs_recent` (per Software flavor) or Cloud's `sys.project.history.jobs`. */

import { splitDottedPath } from '../../../sql/table-path.js';
import type { Flavor } from '../../flavor.js';
import type { SimJob, SqlRow, SqlValue } from '../../world.js';
import { historyName } from '../dataset-path.js';
import { queueWaitMs } from '../job-timing.js';
import { sqlTimestamp } from '../time-format.js';

/** Dremio truncates the stored SQL text; Cloud splits it into 16000-byte chunks instead. */
export const QUERY_TEXT_LIMIT = 16_000;

function bracketed(paths: readonly string[]): string {
  return paths.length === 0 ? '' : `[${paths.map(historyName).join(', ')}]`;
}

function phaseCells(job: SimJob): Record<string, SqlValue> {
  const p = job.phases;
  const pairs: [string, number][] = [
    ['submitted', job.submittedEpochMs],
    ['attempt_started', p.attemptStarted],
    ['metadata_retrieval', p.metadataRetrieval],
    ['planning_start', p.planningStart],
    ['query_enqueued', p.queryEnqueued],
    ['engine_start', p.engineStart],
    ['execution_planning', p.executionPlanning],
    ['execution_start', p.executionStart],
    ['final_state', p.finalState],
  ];
  const cells: Record<string, SqlValue> = {};
  for (const [name, ms] of pairs) cells[`${name}_ts`] = sqlTimestamp(ms);
  for (const [name, ms] of pairs) cells[`${name}_epoch_millis`] = ms;
  return cells;
}

/** Software up to 26.0.x prints dataset lists as `[a.b, c.d]` text; ARRAY columns arrived in 26.1.0. */
export function softwareJobRow(job: SimJob, flavor: Flavor): SqlRow {
  const row: Record<string, SqlValue> = {
    job_id: job.jobId,
    status: job.finalState,
    query_type: job.queryType,
    user_name: job.user,
    queried_datasets: bracketed(job.queriedDatasets),
    scanned_datasets: bracketed(job.scannedDatasets),
    attempt_count: job.attemptCount,
    ...phaseCells(job),
    planner_estimated_cost: job.plannerEstimatedCost,
    rows_scanned: job.rowsScanned,
    bytes_scanned: job.bytesScanned,
    rows_returned: job.rowsReturned,
    bytes_returned: job.bytesReturned,
    accelerated: job.accelerated,
    queue_name: job.queueName,
    engine: job.engine,
    error_msg: job.errorMessage,
    query: job.sql.slice(0, QUERY_TEXT_LIMIT),
  };
  if (flavor === 'software-24.2' || flavor === 'software-24.3') return row;
  row.is_profile_incomplete = false;
  row.execution_allocated_bytes = job.memoryAllocatedBytes;
  row.execution_cpu_time_millis = job.executionCpuTimeMs;
  if (flavor === 'software-25.1') return row;
  row.query_cost = job.plannerEstimatedCost;
  row.memory_allocated = job.memoryAllocatedBytes;
  row.setup_time_ns =
    BigInt(Math.max(0, job.phases.executionStart - job.phases.executionPlanning)) * 1_000_000n;
  row.wait_time_ns = BigInt(queueWaitMs(job.phases)) * 1_000_000n;
  row.execution_cpu_time_ns = BigInt(job.executionCpuTimeMs) * 1_000_000n;
  row.context = '';
  return row;
}

function nanos(ms: number): bigint {
  return BigInt(ms) * 1_000_000n;
}

function cloudTs(ms: number): string | null {
  return ms === 0 ? null : sqlTimestamp(ms);
}

function unsetAsNull(value: string): string | null {
  return value === '' ? null : value;
}

/** Every part quoted, as Cloud names datasets: `"lakehouse"."sales"."orders"`. */
function quotedPath(path: string): string {
  return splitDottedPath(path)
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

/** Cloud's dataset columns: `{name, type}` objects, `null` when there are none (fidelity-gaps #1). */
function datasetObjects(
  paths: readonly string[],
  isView: (path: string) => boolean,
): { readonly name: string; readonly type: string }[] | null {
  if (paths.length === 0) return null;
  return paths.map((path) => ({
    name: quotedPath(path),
    type: isView(path) ? 'VIRTUAL_DATASET' : 'PHYSICAL_DATASET',
  }));
}

/**
 * One row of `sys.project.history.jobs` as a real Cloud project returns it (fidelity-gaps #1, #9):
 * dataset lists of objects, `null` for every unset value, and `starting_epoch` as the last column.
 */
export function cloudJobRow(job: SimJob, catalog: { readonly isView: (path: string) => boolean }): SqlRow {
  const p = job.phases;
  const chunks: string[] = [];
  for (let at = QUERY_TEXT_LIMIT; at < job.sql.length; at += QUERY_TEXT_LIMIT)
    chunks.push(job.sql.slice(at, at + QUERY_TEXT_LIMIT));
  return {
    job_id: job.jobId,
    status: job.finalState,
    query_type: job.queryType,
    user_name: job.user,
    queried_datasets: datasetObjects(job.queriedDatasets, catalog.isView),
    scanned_datasets: datasetObjects(job.scannedDatasets, catalog.isView),
    execution_cpu_time_ns: nanos(job.executionCpuTimeMs),
    attempt_count: job.attemptCount,
    submitted_ts: cloudTs(job.submittedEpochMs),
    attempt_started_ts: cloudTs(p.attemptStarted),
    metadata_retrieval_ts: cloudTs(p.metadataRetrieval),
    planning_start_ts: cloudTs(p.planningStart),
    query_enqueued_ts: cloudTs(p.queryEnqueued),
    engine_start_ts: cloudTs(p.engineStart),
    execution_planning_start_ts: cloudTs(p.executionPlanning),
    execution_start_ts: cloudTs(p.executionStart),
    final_state_ts: cloudTs(p.finalState),
    submitted_epoch: nanos(job.submittedEpochMs),
    attempt_started_epoch: nanos(p.attemptStarted),
    metadata_retrieval_epoch: nanos(p.metadataRetrieval),
    planning_start_epoch: nanos(p.planningStart),
    query_enqueued_epoch: nanos(p.queryEnqueued),
    engine_start_epoch: nanos(p.engineStart),
    execution_planning_start_epoch: nanos(p.executionPlanning),
    execution_start_epoch: nanos(p.executionStart),
    final_state_epoch: nanos(p.finalState),
    planner_estimated_cost: job.plannerEstimatedCost,
    rows_scanned: job.rowsScanned,
    bytes_scanned: job.bytesScanned,
    rows_returned: job.rowsReturned,
    bytes_returned: job.bytesReturned,
    accelerated: job.accelerated,
    queue_name: unsetAsNull(job.queueName),
    engine: unsetAsNull(job.engine),
    execution_nodes: null,
    memory_available: job.memoryAllocatedBytes,
    error_msg: unsetAsNull(job.errorMessage),
    query: job.sql.slice(0, QUERY_TEXT_LIMIT),
    query_chunks: chunks.length > 0 ? chunks : null,
    reflection_matches: null,
    starting_ts: cloudTs(p.executionPlanning),
    starting_epoch: p.executionPlanning === 0 ? null : nanos(p.executionPlanning),
  };
}
