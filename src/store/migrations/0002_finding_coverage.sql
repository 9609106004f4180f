-- How much history (ms, from the newest job back to the start of the analysed data) the analysis that
-- last saw a finding looked at. A later analysis resolves the finding only if it looked at least as far
-- back; NULL (findings stored before this column) lets any analysis of the detector resolve it.
ALTER TABLE findings ADD COLUMN seen_window_ms double precision;
