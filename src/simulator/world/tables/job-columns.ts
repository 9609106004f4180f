/**
 * Job-history columns per flavor, in Dremio's declaration order (dremio-api.md §3.1): 24.3 stops at
 * `query`, 25.1 adds three, 26.0 adds six (dataset lists stay VARCHAR until 26.1.0); Cloud's
 * `sys.project.history.jobs` has its own layout with nanosecond epochs.
 */
import type { Flavor } from '../../flavor.js';
import type { SqlColumn, SqlType } from '../../world.js';

function columns(spec: string): SqlColumn[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [name = '', type = 'VARCHAR'] = item.split(':');
      return { name, type: type as SqlType };
    });
}

const SOFTWARE_24_3 = columns(`
  job_id status query_type user_name queried_datasets scanned_datasets attempt_count:INTEGER
  submitted_ts:TIMESTAMP attempt_started_ts:TIMESTAMP metadata_retrieval_ts:TIMESTAMP planning_start_ts:TIMESTAMP
  query_enqueued_ts:TIMESTAMP engine_start_ts:TIMESTAMP execution_planning_ts:TIMESTAMP execution_start_ts:TIMESTAMP
  final_state_ts:TIMESTAMP
  submitted_epoch_millis:BIGINT attempt_started_epoch_millis:BIGINT metadata_retrieval_epoch_millis:BIGINT
  planning_start_epoch_millis:BIGINT query_enqueued_epoch_millis:BIGINT engine_start_epoch_millis:BIGINT
  execution_planning_epoch_millis:BIGINT execution_start_epoch_millis:BIGINT final_state_epoch_millis:BIGINT
  planner_estimated_cost:DOUBLE rows_scanned:BIGINT bytes_scanned:BIGINT rows_returned:BIGINT bytes_returned:BIGINT
  accelerated:BOOLEAN queue_name engine error_msg query`);

const ADDED_25_1 = columns(
  'is_profile_incomplete:BOOLEAN execution_allocated_bytes:BIGINT execution_cpu_time_millis:BIGINT',
);

const ADDED_26 = columns(
  'query_cost:DOUBLE memory_allocated:BIGINT setup_time_ns:BIGINT wait_time_ns:BIGINT execution_cpu_time_ns:BIGINT context',
);

const CLOUD_HISTORY = columns(`
  job_id status query_type user_name queried_datasets:LIST scanned_datasets:LIST execution_cpu_time_ns:BIGINT
  attempt_count:INTEGER submitted_ts:TIMESTAMP attempt_started_ts:TIMESTAMP metadata_retrieval_ts:TIMESTAMP
  planning_start_ts:TIMESTAMP query_enqueued_ts:TIMESTAMP engine_start_ts:TIMESTAMP
  execution_planning_start_ts:TIMESTAMP execution_start_ts:TIMESTAMP final_state_ts:TIMESTAMP
  submitted_epoch:BIGINT attempt_started_epoch:BIGINT metadata_retrieval_epoch:BIGINT planning_start_epoch:BIGINT
  query_enqueued_epoch:BIGINT engine_start_epoch:BIGINT execution_planning_start_epoch:BIGINT
  execution_start_epoch:BIGINT final_state_epoch:BIGINT planner_estimated_cost:DOUBLE rows_scanned:BIGINT
  bytes_scanned:BIGINT rows_returned:BIGINT bytes_returned:BIGINT accelerated:BOOLEAN queue_name engine
  execution_nodes:LIST memory_available:BIGINT error_msg query query_chunks:LIST reflection_matches:LIST
  starting_ts:TIMESTAMP starting_epoch:BIGINT`);

export function softwareJobColumns(flavor: Flavor): SqlColumn[] {
  if (flavor === 'software-24.2' || flavor === 'software-24.3') return SOFTWARE_24_3;
  if (flavor === 'software-25.1') return [...SOFTWARE_24_3, ...ADDED_25_1];
  return [...SOFTWARE_24_3, ...ADDED_25_1, ...ADDED_26];
}

export function cloudJobColumns(): SqlColumn[] {
  return CLOUD_HISTORY;
}
