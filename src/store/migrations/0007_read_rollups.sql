-- The dashboard's landing page counts the jobs of a window and sums the time of the jobs open findings
-- name. At a million jobs the first walks a million index entries and the second joins the whole jobs
-- table, twice a second each when several people look. Both are kept ready instead.

-- Jobs per cluster and UTC day, kept by statement-level triggers on jobs, so every writer (live
-- collection, import, the unfinished-jobs sweep, a future retention prune) keeps it right without
-- knowing it exists. A window's count is its whole days from here plus its two partial days from the
-- (cluster_id, submitted_at) index.
CREATE TABLE job_days (
  cluster_id bigint NOT NULL REFERENCES clusters (id),
  day        date   NOT NULL,
  jobs       bigint NOT NULL,
  PRIMARY KEY (cluster_id, day)
);

CREATE FUNCTION job_days_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Ordered by key so that two writers of the same cluster lock the day rows in the same order.
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO job_days AS d (cluster_id, day, jobs)
    SELECT cluster_id, (submitted_at AT TIME ZONE 'UTC')::date, -count(*)
    FROM old_jobs GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (cluster_id, day) DO UPDATE SET jobs = d.jobs + excluded.jobs;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO job_days AS d (cluster_id, day, jobs)
    SELECT cluster_id, (submitted_at AT TIME ZONE 'UTC')::date, count(*)
    FROM new_jobs GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (cluster_id, day) DO UPDATE SET jobs = d.jobs + excluded.jobs;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER jobs_days_insert AFTER INSERT ON jobs
  REFERENCING NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION job_days_apply();
CREATE TRIGGER jobs_days_update AFTER UPDATE ON jobs
  REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION job_days_apply();
CREATE TRIGGER jobs_days_delete AFTER DELETE ON jobs
  REFERENCING OLD TABLE AS old_jobs FOR EACH STATEMENT EXECUTE FUNCTION job_days_apply();

INSERT INTO job_days (cluster_id, day, jobs)
SELECT cluster_id, (submitted_at AT TIME ZONE 'UTC')::date, count(*) FROM jobs GROUP BY 1, 2;

-- A finding's jobs carry their submit time and duration, copied when the link is written (jobs are
-- final by then), so the time at stake per day reads the links alone.
ALTER TABLE finding_jobs ADD COLUMN submitted_at timestamptz, ADD COLUMN duration_ms bigint;
UPDATE finding_jobs fj SET submitted_at = j.submitted_at, duration_ms = j.duration_ms
FROM jobs j WHERE j.cluster_id = fj.cluster_id AND j.job_id = fj.job_id;
CREATE INDEX finding_jobs_by_time ON finding_jobs (cluster_id, submitted_at);
