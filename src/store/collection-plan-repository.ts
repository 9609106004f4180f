import { sql } from 'kysely';
import { parseLosslessJson, stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';
import type { Store } from './open-store.js';

export interface UnfinishedRun {
  readonly runId: bigint;
  readonly startedAt: Date;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The newest run of this kind that never finished (its process was killed). Only call it while holding
 * the cluster's collection lock: then a `running` row cannot belong to a live process.
 */
export async function findUnfinishedRun(
  db: Db,
  input: { clusterId: bigint; kind: string },
): Promise<UnfinishedRun | undefined> {
  const row = await db
    .selectFrom('collection_runs')
    .select(['id', 'started_at', 'options'])
    .where('cluster_id', '=', input.clusterId)
    .where('kind', '=', input.kind)
    .where('status', '=', 'running')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const options = typeof row.options === 'string' ? parseLosslessJson(row.options) : row.options;
  return { runId: row.id, startedAt: row.started_at, options: (options ?? {}) as Record<string, unknown> };
}

/** Records the run's plan (e.g. the profiles it chose) so a resumed run finishes the same plan. */
export async function saveRunPlan(db: Db, input: { runId: bigint; options: unknown }): Promise<void> {
  await db
    .updateTable('collection_runs')
    .set({ options: stringifyLosslessJson(input.options) })
    .where('id', '=', input.runId)
    .execute();
}

/**
 * Holds a per-cluster advisory lock for the duration of `fn`, so two collections of one cluster never
 * overlap; a second caller fails fast instead of waiting. Advisory locks are shared by every schema of a
 * database and cluster ids restart at 1 in each store, so the key names the store's schema too.
 */
const STORE_KEY = "hashtext('dremio-optimizer collect ' || current_schema())";

export async function withCollectionLock<T>(
  store: Store,
  clusterId: bigint,
  fn: () => Promise<T>,
): Promise<T | 'locked'> {
  return store.withSession(async (session) => {
    const cluster = Number(BigInt.asIntN(32, clusterId));
    const rows = await session.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(${STORE_KEY}, $1::int4) AS ok`,
      [cluster],
    );
    if (rows[0]?.ok !== true) return 'locked';
    try {
      return await fn();
    } finally {
      await session.query(`SELECT pg_advisory_unlock(${STORE_KEY}, $1::int4)`, [cluster]);
    }
  });
}

export interface ProfileCandidate {
  readonly jobId: string;
  readonly reason: 'failed' | 'slowest' | 'latest' | 'costliest' | 'sample';
  readonly stored: boolean;
  /** Attempts the job ran (1 unless re-attempted); the last one is the job's own profile. */
  readonly attemptCount: number;
}

/**
 * The jobs whose profiles the collection policy wants, best first, up to `limit`: failed jobs, then
 * per fingerprint the slowest, the latest and the costliest run, then a deterministic sample of the
 * rest. The choice depends only on the jobs, not on what is already stored, so collecting again with
 * no new jobs fetches nothing; `stored` marks the ones already there.
 */
export async function selectProfileCandidates(
  db: Db,
  input: { clusterId: bigint; since: Date; limit: number; excludeQueryTypes: readonly string[] },
): Promise<readonly ProfileCandidate[]> {
  if (input.limit <= 0) return [];
  const excluded = input.excludeQueryTypes.length === 0 ? [''] : input.excludeQueryTypes;
  const result = await sql<{
    job_id: string;
    reason: ProfileCandidate['reason'];
    stored: boolean;
    attempt_count: number | null;
  }>`
    WITH pool AS (
      SELECT j.job_id, j.fingerprint, j.state, j.duration_ms, j.submitted_at, j.planner_estimated_cost, j.attempt_count,
             row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.duration_ms DESC NULLS LAST, j.job_id) AS by_duration,
             row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.submitted_at DESC, j.job_id) AS by_recency,
             row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.planner_estimated_cost DESC NULLS LAST, j.job_id) AS by_cost
      FROM jobs j
      WHERE j.cluster_id = ${input.clusterId}
        AND j.submitted_at >= ${input.since}
        AND coalesce(j.query_type, '') NOT IN (${sql.join(excluded)})
    ),
    ranked AS (
      SELECT job_id, attempt_count,
             CASE WHEN state = 'FAILED' THEN 'failed'
                  WHEN by_duration = 1 THEN 'slowest'
                  WHEN by_recency = 1 THEN 'latest'
                  WHEN by_cost = 1 THEN 'costliest'
                  ELSE 'sample' END AS reason,
             CASE WHEN state = 'FAILED' THEN 0
                  WHEN by_duration = 1 THEN 1
                  WHEN by_recency = 1 THEN 2
                  WHEN by_cost = 1 THEN 3
                  ELSE 4 END AS priority
      FROM pool
    )
    SELECT r.job_id, r.reason, r.attempt_count,
           EXISTS (SELECT 1 FROM profiles p WHERE p.cluster_id = ${input.clusterId} AND p.job_id = r.job_id) AS stored
    FROM (SELECT job_id, reason, attempt_count FROM ranked ORDER BY priority, md5(job_id) LIMIT ${input.limit}) r`.execute(
    db,
  );
  return result.rows.map((r) => ({
    jobId: r.job_id,
    reason: r.reason,
    stored: r.stored,
    attemptCount: Math.max(1, Number(r.attempt_count ?? 1)),
  }));
}
