-- Job search (jobs.search) filters by user, queue or final state and pages newest first; each filter
-- walks its own index in submit order instead of the cluster's whole history. SQL text search stays a
-- scan of the filtered rows (no trigram extension on the embedded store).
CREATE INDEX jobs_by_user ON jobs (cluster_id, user_name, submitted_at);
CREATE INDEX jobs_by_queue ON jobs (cluster_id, queue_name, submitted_at);
CREATE INDEX jobs_by_state ON jobs (cluster_id, state, submitted_at);
