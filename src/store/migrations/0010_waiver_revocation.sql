-- A revoked waiver stops hiding findings at once, whatever instant the findings are judged at (waivers
-- are judged at the latest analysis' data time, so an `until` set to the clock would not do), and its
-- record stays: who revoked it, when and why.
ALTER TABLE waivers
  ADD COLUMN revoked_at timestamptz,
  ADD COLUMN revoked_by text,
  ADD COLUMN revoke_reason text;
