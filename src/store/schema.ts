/**
 * Kysely's view of our tables; it mirrors the SQL migrations and must change with them.
 * bigint columns read back as `bigint` on both backends (see open-store.ts).
 */
import type { ColumnType, GeneratedAlways } from 'kysely';

type Int8 = ColumnType<bigint, bigint | number, bigint | number>;
type NullableInt8 = ColumnType<bigint | null, bigint | number | null | undefined, bigint | number | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb written as serialised text (so bigint survives) and read back parsed. */
type Json<T = unknown> = ColumnType<T, string, string>;
/** jsonb with a database default: optional on insert. */
type DefaultJson<T = unknown> = ColumnType<T, string | undefined, string>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface ClustersTable {
  id: GeneratedAlways<bigint>;
  name: string;
  kind: 'software' | 'cloud' | 'unknown';
  url: string | null;
  project_id: string | null;
  version: string | null;
  edition: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface JobsTable {
  cluster_id: Int8;
  job_id: string;
  fingerprint: string | null;
  sql_text: string | null;
  sql_redacted: WithDefault<boolean>;
  sql_truncated: WithDefault<boolean>;
  user_name: string | null;
  query_type: string | null;
  state: string | null;
  submitted_at: Timestamp;
  attempt_started_at: NullableTimestamp;
  metadata_retrieval_at: NullableTimestamp;
  planning_start_at: NullableTimestamp;
  query_enqueued_at: NullableTimestamp;
  engine_start_at: NullableTimestamp;
  execution_planning_at: NullableTimestamp;
  starting_at: NullableTimestamp;
  execution_start_at: NullableTimestamp;
  final_state_at: NullableTimestamp;
  duration_ms: NullableInt8;
  pending_ms: NullableInt8;
  metadata_retrieval_ms: NullableInt8;
  planning_ms: NullableInt8;
  queued_ms: NullableInt8;
  engine_start_ms: NullableInt8;
  execution_planning_ms: NullableInt8;
  starting_ms: NullableInt8;
  running_ms: NullableInt8;
  rows_scanned: NullableInt8;
  bytes_scanned: NullableInt8;
  rows_returned: NullableInt8;
  bytes_returned: NullableInt8;
  planner_estimated_cost: number | null;
  cpu_time_ms: NullableInt8;
  memory_allocated_bytes: NullableInt8;
  accelerated: boolean | null;
  reflection_relationships: DefaultJson;
  queue_name: string | null;
  engine: string | null;
  client: string | null;
  error_message: string | null;
  queried_datasets: ColumnType<string[], readonly string[], readonly string[]>;
  scanned_datasets: ColumnType<string[], readonly string[], readonly string[]>;
  attempt_count: number | null;
  is_profile_incomplete: boolean | null;
  source: 'live' | 'queries-json' | 'file';
  source_ref: string | null;
  raw: NullableJson;
  collected_at: DefaultTimestamp;
}

export interface ProfilesTable {
  cluster_id: Int8;
  job_id: string;
  attempt: number;
  dremio_version: string | null;
  fetched_at: DefaultTimestamp;
  size_bytes: Int8;
  summary: Json;
  raw_gzip: Uint8Array | null;
  source: string;
  source_ref: string | null;
}

export interface FingerprintsTable {
  cluster_id: Int8;
  fingerprint: string;
  normalized_sql: string;
  sample_sql: string | null;
  facts: NullableJson;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface BaselinesTable {
  cluster_id: Int8;
  fingerprint: string;
  window_days: number;
  metric: string;
  window_start: Timestamp;
  window_end: Timestamp;
  run_count: Int8;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  stddev: number | null;
  mad: number | null;
  computed_at: DefaultTimestamp;
}

export interface FindingsTable {
  cluster_id: Int8;
  id: string;
  detector: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  confidence: number;
  title: string;
  subject_kind: 'job' | 'fingerprint' | 'dataset' | 'reflection';
  subject_key: string;
  subject: Json;
  evidence: Json;
  impact_ms_per_day: WithDefault<number>;
  status: WithDefault<'open' | 'resolved'>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  occurrences: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  resolved_at: NullableTimestamp;
  seen_window_ms: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface FindingJobsTable {
  cluster_id: Int8;
  finding_id: string;
  job_id: string;
  /** Copied from the job when the link is written; null when the job is not stored. */
  submitted_at: NullableTimestamp;
  duration_ms: NullableInt8;
}

/** Jobs per cluster and UTC day, kept by triggers on `jobs` (migration 0007); never written by code. */
export interface JobDaysTable {
  cluster_id: Int8;
  day: ColumnType<string, never, never>;
  jobs: ColumnType<bigint, never, never>;
}

export interface WaiversTable {
  id: GeneratedAlways<bigint>;
  cluster_id: NullableInt8;
  finding_id: string | null;
  detector: string | null;
  pattern: string | null;
  reason: string;
  until: NullableTimestamp;
  created_by: string | null;
  created_at: DefaultTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>;
  revoke_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RecommendationsTable {
  cluster_id: Int8;
  id: string;
  kind: string;
  title: string;
  sql: string | null;
  target: DefaultJson;
  finding_ids: ColumnType<string[], readonly string[] | undefined, readonly string[]>;
  job_ids: ColumnType<string[], readonly string[] | undefined, readonly string[]>;
  estimated_savings_ms_per_day: WithDefault<number>;
  estimated_cost: DefaultJson;
  net_benefit_ms_per_day: WithDefault<number>;
  confidence: WithDefault<number>;
  method: string | null;
  details: DefaultJson;
  status: WithDefault<'pending' | 'accepted' | 'applied' | 'verified' | 'rejected' | 'dismissed' | 'closed'>;
  applied_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface RecommendationStatusHistoryTable {
  id: GeneratedAlways<bigint>;
  cluster_id: Int8;
  recommendation_id: string;
  from_status: string | null;
  to_status: string;
  actor: string | null;
  reason: string | null;
  at: DefaultTimestamp;
}

export interface MeasurementsTable {
  id: GeneratedAlways<bigint>;
  cluster_id: Int8;
  recommendation_id: string | null;
  fingerprint: string | null;
  metric: string;
  before_start: NullableTimestamp;
  before_end: NullableTimestamp;
  before_count: NullableInt8;
  before_p50: number | null;
  before_p95: number | null;
  after_start: NullableTimestamp;
  after_end: NullableTimestamp;
  after_count: NullableInt8;
  after_p50: number | null;
  after_p95: number | null;
  change_ratio: number | null;
  p_value: number | null;
  verdict: string | null;
  details: DefaultJson;
  measured_at: DefaultTimestamp;
  change_id: NullableInt8;
  ci_low: number | null;
  ci_high: number | null;
}

export interface ChangesTable {
  id: GeneratedAlways<bigint>;
  cluster_id: Int8;
  kind: string;
  subject: string;
  dataset_path: string | null;
  effective_from: Timestamp;
  effective_to: Timestamp;
  origin: string;
  statement: string | null;
  job_id: string | null;
  recommendation_id: string | null;
  details: DefaultJson;
  detected_at: Timestamp;
}

export interface ReflectionsTable {
  cluster_id: Int8;
  reflection_id: string;
  name: string | null;
  type: string | null;
  dataset_id: string | null;
  dataset_path: string | null;
  enabled: boolean | null;
  status: string | null;
  refresh_status: string | null;
  availability_status: string | null;
  definition: DefaultJson;
  current_size_bytes: NullableInt8;
  total_size_bytes: NullableInt8;
  record_count: NullableInt8;
  considered_count: NullableInt8;
  matched_count: NullableInt8;
  chosen_count: NullableInt8;
  failure_count: NullableInt8;
  last_failure_message: string | null;
  last_refresh_at: NullableTimestamp;
  last_refresh_duration_ms: NullableInt8;
  created_at: NullableTimestamp;
  updated_at: NullableTimestamp;
  raw: NullableJson;
  collected_at: DefaultTimestamp;
  dropped_at: NullableTimestamp;
}

export interface ReflectionRefreshesTable {
  cluster_id: Int8;
  materialization_id: string;
  reflection_id: string;
  job_id: string | null;
  state: string | null;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  duration_ms: NullableInt8;
  size_bytes: NullableInt8;
  failure_message: string | null;
}

export interface DatasetsTable {
  cluster_id: Int8;
  path: string;
  path_parts: ColumnType<string[], readonly string[], readonly string[]>;
  dataset_id: string | null;
  type: string | null;
  format: string | null;
  view_sql: string | null;
  columns: DefaultJson;
  partition_spec: NullableJson;
  raw: NullableJson;
  collected_at: DefaultTimestamp;
}

export interface DatasetFilesTable {
  cluster_id: Int8;
  dataset_path: string;
  partition: string;
  observed_at: Timestamp;
  snapshot_id: string | null;
  file_count: Int8;
  total_bytes: Int8;
  record_count: NullableInt8;
  min_file_bytes: NullableInt8;
  max_file_bytes: NullableInt8;
}

export interface CollectionRunsTable {
  id: GeneratedAlways<bigint>;
  cluster_id: Int8;
  kind: string;
  started_at: DefaultTimestamp;
  ended_at: NullableTimestamp;
  status: WithDefault<'running' | 'succeeded' | 'partial' | 'failed'>;
  options: DefaultJson;
  counts: DefaultJson;
  watermark: NullableJson;
  error: string | null;
}

export interface CollectionErrorsTable {
  id: GeneratedAlways<bigint>;
  run_id: Int8;
  cluster_id: Int8;
  stage: string;
  item: string;
  message: string;
  hint: string | null;
  at: DefaultTimestamp;
}

export interface WatermarksTable {
  cluster_id: Int8;
  stream: string;
  value: Json;
  run_id: NullableInt8;
  updated_at: DefaultTimestamp;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: DefaultTimestamp;
}

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TasksTable {
  id: string;
  kind: string;
  input: DefaultJson;
  status: TaskStatus;
  result: NullableJson;
  error: NullableJson;
  owner: Json;
  created_at: DefaultTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

/** One row per lease name (migration 0009); times from the database clock. */
export interface LeasesTable {
  name: string;
  holder: string;
  acquired_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export type CycleOutcome = 'succeeded' | 'failed' | 'stopped';

/** The newest scheduled pipeline cycle of each cluster (migration 0009). */
export interface ScheduleCyclesTable {
  cluster_name: string;
  holder: string;
  last_started_at: Timestamp;
  last_finished_at: NullableTimestamp;
  last_outcome: CycleOutcome | null;
  last_succeeded_at: NullableTimestamp;
  last_failed_at: NullableTimestamp;
  last_error: string | null;
}

export type AlertStatus = 'pending' | 'sent' | 'failed';

/** The alert outbox (migration 0008). */
export interface AlertOutboxTable {
  id: GeneratedAlways<bigint>;
  cluster_id: NullableInt8;
  rule: string;
  channel: string;
  dedup_key: string;
  payload: Json;
  status: WithDefault<AlertStatus>;
  attempts: WithDefault<number>;
  next_attempt_at: DefaultTimestamp;
  created_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AlertAttemptsTable {
  id: GeneratedAlways<bigint>;
  outbox_id: Int8;
  channel: string;
  attempted_at: DefaultTimestamp;
  ok: boolean;
  http_status: ColumnType<number | null, number | null | undefined, number | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  clusters: ClustersTable;
  jobs: JobsTable;
  profiles: ProfilesTable;
  fingerprints: FingerprintsTable;
  baselines: BaselinesTable;
  findings: FindingsTable;
  finding_jobs: FindingJobsTable;
  job_days: JobDaysTable;
  waivers: WaiversTable;
  recommendations: RecommendationsTable;
  recommendation_status_history: RecommendationStatusHistoryTable;
  measurements: MeasurementsTable;
  changes: ChangesTable;
  reflections: ReflectionsTable;
  reflection_refreshes: ReflectionRefreshesTable;
  datasets: DatasetsTable;
  dataset_files: DatasetFilesTable;
  collection_runs: CollectionRunsTable;
  collection_errors: CollectionErrorsTable;
  watermarks: WatermarksTable;
  schema_migrations: SchemaMigrationsTable;
  tasks: TasksTable;
  leases: LeasesTable;
  schedule_cycles: ScheduleCyclesTable;
  alert_outbox: AlertOutboxTable;
  alert_attempts: AlertAttemptsTable;
}
