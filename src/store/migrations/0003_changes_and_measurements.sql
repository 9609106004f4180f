-- Changes to the workload's environment, whoever made them: recommendations the product applied or the
-- user marked applied, and changes made by hand that collection detected (a reflection created or
-- dropped, a table rewritten by OPTIMIZE, a partition spec changed, a query shape rewritten).
-- A change took effect somewhere in [effective_from, effective_to]; both are equal when a Dremio job
-- or a refresh dates it exactly, and the measurement leaves the jobs in between out.
CREATE TABLE changes (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id         bigint NOT NULL REFERENCES clusters (id),
  kind               text NOT NULL CHECK (kind IN ('reflection-created', 'reflection-dropped',
                       'reflection-enabled', 'reflection-disabled', 'table-rewritten',
                       'partition-spec-changed', 'query-rewritten', 'setting-changed')),
  -- What changed, stable across detections: `path::reflection name` for reflections, the dataset path
  -- for tables, the old fingerprint for a rewritten query, the recommendation id for a setting.
  subject            text NOT NULL,
  dataset_path       text,
  effective_from     timestamptz NOT NULL,
  effective_to       timestamptz NOT NULL,
  -- 'product' (applied by `recommendations apply`), 'user' (marked applied with a time), 'detected'.
  origin             text NOT NULL CHECK (origin IN ('product', 'user', 'detected')),
  statement          text,
  job_id             text,
  recommendation_id  text,
  details            jsonb NOT NULL DEFAULT '{}',
  detected_at        timestamptz NOT NULL,
  CHECK (effective_from <= effective_to)
);
CREATE UNIQUE INDEX changes_identity ON changes (cluster_id, kind, subject, effective_from);
CREATE INDEX changes_by_recommendation ON changes (cluster_id, recommendation_id);

-- One measurement per change, replaced each time it is measured again (re-running is safe); the
-- per-fingerprint results, the other metrics, the exclusions and the drift control live in details.
ALTER TABLE measurements ADD COLUMN change_id bigint REFERENCES changes (id);
ALTER TABLE measurements ADD COLUMN ci_low double precision;
ALTER TABLE measurements ADD COLUMN ci_high double precision;
CREATE UNIQUE INDEX measurements_by_change ON measurements (change_id, metric);

-- A reflection that a later listing no longer shows was dropped; kept, so its history stays readable.
ALTER TABLE reflections ADD COLUMN dropped_at timestamptz;
