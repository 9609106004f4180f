import type { JobsTable } from './schema.js';

/** The timestamps after the submit time, in `JobTimestamps` order. */
export const LATER_TIMESTAMP_COLUMNS = [
  'attempt_started_at',
  'metadata_retrieval_at',
  'planning_start_at',
  'query_enqueued_at',
  'engine_start_at',
  'execution_planning_at',
  'starting_at',
  'execution_start_at',
  'final_state_at',
] as const satisfies readonly (keyof JobsTable)[];

/**
 * The columns of a stored job that carry its facts: every column but the cluster, `raw` (the source
 * record, the bulk of a row, which analysis never reads) and `collected_at`.
 */
export const JOB_COLUMNS = [
  'job_id',
  'fingerprint',
  'sql_text',
  'sql_redacted',
  'sql_truncated',
  'user_name',
  'query_type',
  'state',
  'submitted_at',
  ...LATER_TIMESTAMP_COLUMNS,
  'duration_ms',
  'pending_ms',
  'metadata_retrieval_ms',
  'planning_ms',
  'queued_ms',
  'engine_start_ms',
  'execution_planning_ms',
  'starting_ms',
  'running_ms',
  'rows_scanned',
  'bytes_scanned',
  'rows_returned',
  'bytes_returned',
  'planner_estimated_cost',
  'cpu_time_ms',
  'memory_allocated_bytes',
  'accelerated',
  'reflection_relationships',
  'queue_name',
  'engine',
  'client',
  'error_message',
  'queried_datasets',
  'scanned_datasets',
  'attempt_count',
  'is_profile_incomplete',
  'source',
  'source_ref',
] as const satisfies readonly (keyof JobsTable)[];
