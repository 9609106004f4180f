-- The alert outbox: an alert is a row written in the same transaction as what caused it (a finding
-- opened, a collection run failed, a measurement's verdict), so a crash never loses one, and sent later
-- by whichever process delivers (`deliverPendingAlerts`). The dedup key makes the enqueue idempotent:
-- a finding alerts once when it opens and once when it resolves, however many analyses see it.
CREATE TABLE alert_outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id       bigint REFERENCES clusters (id) ON DELETE CASCADE,
  -- The configured rule that matched (e.g. 'default'), and the channel it sends to.
  rule             text NOT NULL,
  channel          text NOT NULL,
  -- Stable per event, e.g. 'finding-opened:<cluster>:<finding>:<first seen ms>'; sent as Idempotency-Key.
  dedup_key        text NOT NULL,
  -- The event as the channel renders it (kind, title, severity, link...); never holds a secret.
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- When a deliverer may next take it: a claim moves it forward by a lease, so a deliverer that dies
  -- mid-send leaves the row to be retried once the lease runs out, not lost and not sent in parallel.
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  last_error       text,
  UNIQUE (channel, dedup_key)
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alert_outbox_by_created ON alert_outbox (created_at DESC, id DESC);

-- Every delivery attempt, for `alerts list` and to count a channel's sends against its rate limit.
CREATE TABLE alert_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id     bigint NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
  channel       text NOT NULL,
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  ok            boolean NOT NULL,
  http_status   integer,
  error         text
);
CREATE INDEX alert_attempts_by_channel ON alert_attempts (channel, attempted_at);
CREATE INDEX alert_attempts_by_outbox ON alert_attempts (outbox_id);
