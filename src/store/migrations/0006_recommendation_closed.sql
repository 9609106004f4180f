-- A recommendation whose finding resolved, or that a later analysis no longer makes, is closed by the
-- product with the reason in its history; it reopens (pending) when an analysis makes it again.
ALTER TABLE recommendations DROP CONSTRAINT recommendations_status_check;
ALTER TABLE recommendations ADD CONSTRAINT recommendations_status_check
  CHECK (status IN ('pending', 'accepted', 'applied', 'verified', 'rejected', 'dismissed', 'closed'));
