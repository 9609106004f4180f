-- The long-running service (`serve --schedule`, `run --every`) runs one pipeline cycle per cluster at a
-- time, even when several processes share this store: a cycle first takes the cluster's lease. A lease
-- is a row, not an advisory lock, so it outlives no process (it expires when its holder stops renewing
-- it) and needs no session held open for the length of a cycle. Its times come from the database
-- clock, the one clock every holder shares.
CREATE TABLE leases (
  name        text        PRIMARY KEY,
  holder      text        NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

-- The outcome of the newest scheduled cycle of each cluster, kept here rather than in a process so that
-- `/health` of any server on this store tells when each cluster last completed a cycle. Keyed by the
-- cluster's name: a cycle is scheduled before its first collection has created the cluster's row.
CREATE TABLE schedule_cycles (
  cluster_name      text        PRIMARY KEY,
  holder            text        NOT NULL,
  last_started_at   timestamptz NOT NULL,
  last_finished_at  timestamptz,
  last_outcome      text        CHECK (last_outcome IN ('succeeded', 'failed', 'stopped')),
  last_succeeded_at timestamptz,
  last_failed_at    timestamptz,
  last_error        text
);
