-- Background tasks of the API (`POST /api/v1/optimize/collect`, `/optimize/batch`): each long service
-- call is a row, so a client polls it from any process and a restart never loses one. A task left
-- queued or running by a process that is gone is marked failed when the next server starts.
CREATE TABLE tasks (
  id           text PRIMARY KEY,
  -- The service it runs, e.g. 'collect', 'pipeline'.
  kind         text NOT NULL,
  -- The service input as given (validated before the row is written); never holds a secret.
  input        jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  -- The service result in its JSON form, once succeeded.
  result       jsonb,
  -- {code, kind, message, hint?} once failed or cancelled.
  error        jsonb,
  -- Who runs it: pid, host and the proofs of liveness of the data-dir lock (lock-holder.ts).
  owner        jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  CHECK ((status IN ('queued', 'running')) = (finished_at IS NULL))
);
CREATE INDEX tasks_unfinished ON tasks (status) WHERE status IN ('queued', 'running');
CREATE INDEX tasks_by_created ON tasks (created_at DESC, id DESC);
