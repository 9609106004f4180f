/**
 * The job-history columns each Dremio version has, in Dremio's declaration order (dremio-api.md §3.1),
 * so readers select columns by name and never ask for one the cluster lacks.
 */
const JOBS_RECENT_24_3 = [
  'job_id',
  'status',
  'query_type',
  'user_name',
  'queried_datasets',
  'scanned_datasets',
  'attempt_count',
  'submitted_ts',
  'attempt_started_ts',
  'metadata_retrieval_ts',
  'planning_start_ts',
  'query_enqueued_ts',
  'engine_start_ts',
  'execution_planning_ts',
  'execution_start_ts',
  'final_state_ts',
  'submitted_epoch_millis',
  'attempt_started_epoch_millis',
  'metadata_retrieval_epoch_millis',
  'planning_start_epoch_millis',
  'query_enqueued_epoch_millis',
  'engine_start_epoch_millis',
  'execution_planning_epoch_millis',
  'execution_start_epoch_millis',
  'final_state_epoch_millis',
  'planner_estimated_cost',
  'rows_scanned',
  'bytes_scanned',
  'rows_returned',
  'bytes_returned',
  'accelerated',
  'queue_name',
  'engine',
  'error_msg',
  'query',
] as const;

const ADDED_IN_25_1 = [
  'is_profile_incomplete',
  'execution_allocated_bytes',
  'execution_cpu_time_millis',
] as const;
const ADDED_IN_26_0 = [
  'query_cost',
  'memory_allocated',
  'setup_time_ns',
  'wait_time_ns',
  'execution_cpu_time_ns',
  'context',
] as const;

const CLOUD_HISTORY_JOBS = [
  'job_id',
  'status',
  'query_type',
  'user_name',
  'queried_datasets',
  'scanned_datasets',
  'execution_cpu_time_ns',
  'attempt_count',
  'submitted_ts',
  'attempt_started_ts',
  'metadata_retrieval_ts',
  'planning_start_ts',
  'query_enqueued_ts',
  'engine_start_ts',
  'execution_planning_start_ts',
  'execution_start_ts',
  'final_state_ts',
  'submitted_epoch',
  'attempt_started_epoch',
  'metadata_retrieval_epoch',
  'planning_start_epoch',
  'query_enqueued_epoch',
  'engine_start_epoch',
  'execution_planning_start_epoch',
  'execution_start_epoch',
  'final_state_epoch',
  'planner_estimated_cost',
  'rows_scanned',
  'bytes_scanned',
  'rows_returned',
  'bytes_returned',
  'accelerated',
  'queue_name',
  'engine',
  'execution_nodes',
  'memory_available',
  'error_msg',
  'query',
  'query_chunks',
  'reflection_matches',
  'starting_ts',
] as const;

export interface VersionParts {
  readonly major: number;
  readonly minor: number;
}

/** `sys.jobs_recent` columns on a Software version (≥ 24.3); the WLM `rule_*` columns are left out as optional. */
export function jobsRecentColumns(version: VersionParts): readonly string[] {
  const columns: string[] = [...JOBS_RECENT_24_3];
  if (atLeast(version, 25, 1)) columns.push(...ADDED_IN_25_1);
  if (atLeast(version, 26, 0)) columns.push(...ADDED_IN_26_0);
  return columns;
}

/** `sys.project.history.jobs` columns; the last one is `starting_ts_epoch` in the docs and `starting_epoch` in samples, so it is probed, not listed. */
export function cloudHistoryColumns(): readonly string[] {
  return CLOUD_HISTORY_JOBS;
}

export function atLeast(version: VersionParts, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}
