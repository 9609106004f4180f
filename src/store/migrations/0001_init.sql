-- The first schema covers the whole domain so later features add columns rather than redesign.
-- Every collected row carries cluster_id: several Dremio deployments share one store without mixing.
-- Times are timestamptz (UTC); counters are bigint.

CREATE TABLE clusters (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  kind         text NOT NULL CHECK (kind IN ('software', 'cloud', 'unknown')),
  url          text,
  project_id   text,
  version      text,
  edition      text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
  cluster_id              bigint NOT NULL REFERENCES clusters (id),
  job_id                  text NOT NULL,
  fingerprint             text,
  sql_text                text,
  sql_redacted            boolean NOT NULL DEFAULT false,
  sql_truncated           boolean NOT NULL DEFAULT false,
  user_name               text,
  query_type              text,
  state                   text,
  submitted_at            timestamptz NOT NULL,
  attempt_started_at      timestamptz,
  metadata_retrieval_at   timestamptz,
  planning_start_at       timestamptz,
  query_enqueued_at       timestamptz,
  engine_start_at         timestamptz,
  execution_planning_at   timestamptz,
  starting_at             timestamptz,
  execution_start_at      timestamptz,
  final_state_at          timestamptz,
  duration_ms             bigint,
  pending_ms              bigint,
  metadata_retrieval_ms   bigint,
  planning_ms             bigint,
  queued_ms               bigint,
  engine_start_ms         bigint,
  execution_planning_ms   bigint,
  starting_ms             bigint,
  running_ms              bigint,
  rows_scanned            bigint,
  bytes_scanned           bigint,
  rows_returned           bigint,
  bytes_returned          bigint,
  planner_estimated_cost  double precision,
  cpu_time_ms             bigint,
  memory_allocated_bytes  bigint,
  accelerated             boolean,
  reflection_relationships jsonb NOT NULL DEFAULT '[]',
  queue_name              text,
  engine                  text,
  client                  text,
  error_message           text,
  queried_datasets        text[] NOT NULL DEFAULT '{}',
  scanned_datasets        text[] NOT NULL DEFAULT '{}',
  attempt_count           integer,
  is_profile_incomplete   boolean,
  source                  text NOT NULL CHECK (source IN ('live', 'queries-json', 'file')),
  source_ref              text,
  raw                     jsonb,
  collected_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, job_id)
);
CREATE INDEX jobs_by_time ON jobs (cluster_id, submitted_at);
CREATE INDEX jobs_by_fingerprint ON jobs (cluster_id, fingerprint, submitted_at);
CREATE INDEX jobs_by_queried_dataset ON jobs USING gin (queried_datasets);

CREATE TABLE profiles (
  cluster_id      bigint NOT NULL,
  job_id          text NOT NULL,
  attempt         integer NOT NULL,
  dremio_version  text,
  fetched_at      timestamptz NOT NULL DEFAULT now(),
  size_bytes      bigint NOT NULL,
  summary         jsonb NOT NULL,
  raw_gzip        bytea,
  source          text NOT NULL,
  source_ref      text,
  PRIMARY KEY (cluster_id, job_id, attempt),
  FOREIGN KEY (cluster_id, job_id) REFERENCES jobs (cluster_id, job_id)
);

CREATE TABLE fingerprints (
  cluster_id      bigint NOT NULL REFERENCES clusters (id),
  fingerprint     text NOT NULL,
  normalized_sql  text NOT NULL,
  sample_sql      text,
  facts           jsonb,
  first_seen_at   timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  PRIMARY KEY (cluster_id, fingerprint)
);

-- One row per fingerprint, window and metric (duration_ms, bytes_scanned, cpu_time_ms).
CREATE TABLE baselines (
  cluster_id    bigint NOT NULL REFERENCES clusters (id),
  fingerprint   text NOT NULL,
  window_days   integer NOT NULL,
  metric        text NOT NULL,
  window_start  timestamptz NOT NULL,
  window_end    timestamptz NOT NULL,
  run_count     bigint NOT NULL,
  p50           double precision,
  p95           double precision,
  p99           double precision,
  mean          double precision,
  stddev        double precision,
  mad           double precision,
  computed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, fingerprint, window_days, metric)
);

CREATE TABLE findings (
  cluster_id          bigint NOT NULL REFERENCES clusters (id),
  id                  text NOT NULL,
  detector            text NOT NULL,
  severity            text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  confidence          double precision NOT NULL,
  title               text NOT NULL,
  subject_kind        text NOT NULL CHECK (subject_kind IN ('job', 'fingerprint', 'dataset', 'reflection')),
  subject_key         text NOT NULL,
  subject             jsonb NOT NULL,
  evidence            jsonb NOT NULL,
  impact_ms_per_day   double precision NOT NULL DEFAULT 0,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  first_seen_at       timestamptz NOT NULL,
  last_seen_at        timestamptz NOT NULL,
  occurrences         bigint NOT NULL DEFAULT 1,
  resolved_at         timestamptz,
  PRIMARY KEY (cluster_id, id)
);
CREATE INDEX findings_by_detector ON findings (cluster_id, detector, status);

CREATE TABLE finding_jobs (
  cluster_id  bigint NOT NULL,
  finding_id  text NOT NULL,
  job_id      text NOT NULL,
  PRIMARY KEY (cluster_id, finding_id, job_id),
  FOREIGN KEY (cluster_id, finding_id) REFERENCES findings (cluster_id, id) ON DELETE CASCADE
);

CREATE TABLE waivers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id  bigint REFERENCES clusters (id),
  finding_id  text,
  detector    text,
  pattern     text,
  reason      text NOT NULL,
  until       timestamptz,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (finding_id IS NOT NULL OR detector IS NOT NULL)
);

CREATE TABLE recommendations (
  cluster_id                    bigint NOT NULL REFERENCES clusters (id),
  id                            text NOT NULL,
  kind                          text NOT NULL,
  title                         text NOT NULL,
  sql                           text,
  target                        jsonb NOT NULL DEFAULT '{}',
  finding_ids                   text[] NOT NULL DEFAULT '{}',
  job_ids                       text[] NOT NULL DEFAULT '{}',
  estimated_savings_ms_per_day  double precision NOT NULL DEFAULT 0,
  estimated_cost                jsonb NOT NULL DEFAULT '{}',
  net_benefit_ms_per_day        double precision NOT NULL DEFAULT 0,
  confidence                    double precision NOT NULL DEFAULT 0,
  method                        text,
  details                       jsonb NOT NULL DEFAULT '{}',
  status                        text NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'accepted', 'applied', 'verified', 'rejected', 'dismissed')),
  applied_at                    timestamptz,
  created_at                    timestamptz NOT NULL DEFAULT now(),
  updated_at                    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, id)
);
CREATE INDEX recommendations_by_status ON recommendations (cluster_id, status, net_benefit_ms_per_day DESC);

CREATE TABLE recommendation_status_history (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id         bigint NOT NULL,
  recommendation_id  text NOT NULL,
  from_status        text,
  to_status          text NOT NULL,
  actor              text,
  reason             text,
  at                 timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (cluster_id, recommendation_id) REFERENCES recommendations (cluster_id, id)
);

CREATE TABLE measurements (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id         bigint NOT NULL REFERENCES clusters (id),
  recommendation_id  text,
  fingerprint        text,
  metric             text NOT NULL,
  before_start       timestamptz,
  before_end         timestamptz,
  before_count       bigint,
  before_p50         double precision,
  before_p95         double precision,
  after_start        timestamptz,
  after_end          timestamptz,
  after_count        bigint,
  after_p50          double precision,
  after_p95          double precision,
  change_ratio       double precision,
  p_value            double precision,
  verdict            text,
  details            jsonb NOT NULL DEFAULT '{}',
  measured_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measurements_by_recommendation ON measurements (cluster_id, recommendation_id);

CREATE TABLE reflections (
  cluster_id                bigint NOT NULL REFERENCES clusters (id),
  reflection_id             text NOT NULL,
  name                      text,
  type                      text,
  dataset_id                text,
  dataset_path              text,
  enabled                   boolean,
  status                    text,
  refresh_status            text,
  availability_status       text,
  definition                jsonb NOT NULL DEFAULT '{}',
  current_size_bytes        bigint,
  total_size_bytes          bigint,
  record_count              bigint,
  considered_count          bigint,
  matched_count             bigint,
  chosen_count              bigint,
  failure_count             bigint,
  last_failure_message      text,
  last_refresh_at           timestamptz,
  last_refresh_duration_ms  bigint,
  created_at                timestamptz,
  updated_at                timestamptz,
  raw                       jsonb,
  collected_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, reflection_id)
);
CREATE INDEX reflections_by_dataset ON reflections (cluster_id, dataset_path);

CREATE TABLE reflection_refreshes (
  cluster_id          bigint NOT NULL REFERENCES clusters (id),
  materialization_id  text NOT NULL,
  reflection_id       text NOT NULL,
  job_id              text,
  state               text,
  started_at          timestamptz,
  finished_at         timestamptz,
  duration_ms         bigint,
  size_bytes          bigint,
  failure_message     text,
  PRIMARY KEY (cluster_id, materialization_id)
);
CREATE INDEX reflection_refreshes_by_reflection ON reflection_refreshes (cluster_id, reflection_id, started_at);

CREATE TABLE datasets (
  cluster_id      bigint NOT NULL REFERENCES clusters (id),
  path            text NOT NULL,
  path_parts      text[] NOT NULL,
  dataset_id      text,
  type            text,
  format          text,
  view_sql        text,
  columns         jsonb NOT NULL DEFAULT '[]',
  partition_spec  jsonb,
  raw             jsonb,
  collected_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, path)
);

-- File statistics per dataset and partition over time ('' is the whole table).
CREATE TABLE dataset_files (
  cluster_id     bigint NOT NULL REFERENCES clusters (id),
  dataset_path   text NOT NULL,
  partition      text NOT NULL DEFAULT '',
  observed_at    timestamptz NOT NULL,
  snapshot_id    text,
  file_count     bigint NOT NULL,
  total_bytes    bigint NOT NULL,
  record_count   bigint,
  min_file_bytes bigint,
  max_file_bytes bigint,
  PRIMARY KEY (cluster_id, dataset_path, partition, observed_at)
);

CREATE TABLE collection_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id  bigint NOT NULL REFERENCES clusters (id),
  kind        text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  ended_at    timestamptz,
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  options     jsonb NOT NULL DEFAULT '{}',
  counts      jsonb NOT NULL DEFAULT '{}',
  watermark   jsonb,
  error       text
);
CREATE INDEX collection_runs_by_cluster ON collection_runs (cluster_id, started_at);

CREATE TABLE collection_errors (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id      bigint NOT NULL REFERENCES collection_runs (id),
  cluster_id  bigint NOT NULL REFERENCES clusters (id),
  stage       text NOT NULL,
  item        text NOT NULL,
  message     text NOT NULL,
  hint        text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collection_errors_by_run ON collection_errors (run_id);

-- Incremental positions (e.g. history's last submitted time and job id), committed with the rows they cover.
CREATE TABLE watermarks (
  cluster_id  bigint NOT NULL REFERENCES clusters (id),
  stream      text NOT NULL,
  value       jsonb NOT NULL,
  run_id      bigint REFERENCES collection_runs (id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, stream)
);
