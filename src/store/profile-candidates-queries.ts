import { sql } from 'kysely';
import type { Db } from './db-handle.js';
import { TERMINAL_JOB_STATES } from './unfinished-jobs-repository.js';

export interface ProfileCandidate {
  readonly jobId: string;
  readonly reason: 'failed' | 'slowest' | 'latest' | 'costliest' | 'sample';
  /** Always false since candidates exclude stored profiles; kept so plans saved by older runs still read. */
  readonly stored: boolean;
  /** Attempts the job ran (1 unless re-attempted); the last one is the job's own profile. */
  readonly attemptCount: number;
}

/**
 * How a failed profile fetch is recorded in `collection_errors`, so planning can tell which jobs not to
 * ask for again: stage `profiles`, item `job <id>`, and a message starting with `profile not found` when
 * Dremio no longer has it (it deletes profiles with their jobs, so that never changes).
 */
export const PROFILE_FETCH_STAGE = 'profiles';
export const PROFILE_NOT_FOUND = 'profile not found';
const ITEM_PREFIX = 'job ';
export function profileFetchItem(jobId: string): string {
  return `${ITEM_PREFIX}${jobId}`;
}

/** A fetch that failed otherwise (timeouts, 5xx after retries) is tried again in this many runs, then left. */
export const MAX_FAILED_PROFILE_RUNS = 3;

export interface ProfilePool {
  readonly clusterId: bigint;
  readonly since: Date;
  readonly excludeQueryTypes: readonly string[];
}

export interface ProfileCoverage {
  /** Finished jobs in the window that the profile policy considers. */
  readonly jobsInWindow: number;
  /** Of those, jobs whose own (last attempt's) profile is stored. */
  readonly jobsWithProfile: number;
  /** Of those without one, jobs whose profile is gone from Dremio or failed in too many runs. */
  readonly jobsUnavailable: number;
  /** What later runs can still fetch. */
  readonly jobsRemaining: number;
}

/**
 * Finished jobs in the window, their query type not excluded. A running job's profile is partial and,
 * once stored, would never be fetched again.
 */
function poolJobs(pool: ProfilePool) {
  const excluded = pool.excludeQueryTypes.length === 0 ? [''] : pool.excludeQueryTypes;
  return sql`
    jobs j
    WHERE j.cluster_id = ${pool.clusterId}
      AND j.submitted_at >= ${pool.since}
      AND j.state IN (${sql.join([...TERMINAL_JOB_STATES])})
      AND coalesce(j.query_type, '') NOT IN (${sql.join(excluded)})`;
}

const ownProfileStored = (clusterId: bigint) => sql`EXISTS (
  SELECT 1 FROM profiles p
  WHERE p.cluster_id = ${clusterId} AND p.job_id = j.job_id
    AND p.attempt = greatest(coalesce(j.attempt_count, 1), 1) - 1)`;

/** Items (`job <id>`) of the jobs whose profile is not worth asking for again. */
const unavailableItems = (clusterId: bigint) => sql`
  SELECT e.item FROM collection_errors e
  WHERE e.cluster_id = ${clusterId} AND e.stage = ${PROFILE_FETCH_STAGE}
  GROUP BY e.item
  HAVING bool_or(starts_with(e.message, ${PROFILE_NOT_FOUND}::text))
      OR count(DISTINCT e.run_id) >= ${MAX_FAILED_PROFILE_RUNS}`;

const itemOfJob = sql`(${ITEM_PREFIX}::text || j.job_id)`;

/**
 * The jobs whose profiles the collection policy wants next, best first, up to `limit`: failed jobs, then
 * per fingerprint the slowest, the latest and the costliest run, then a deterministic sample of the
 * rest. The ranking is over the whole window, so it does not shift as profiles are stored; jobs whose
 * own profile is stored, or that are unavailable, are passed over. Each run therefore continues down
 * the same list where the last stopped: k runs with budget n fetch what one run with budget k·n would.
 * Unavailable jobs are left out before ranking, so a fingerprint whose slowest run is gone is still
 * represented by its next slowest.
 */
export async function selectProfileCandidates(
  db: Db,
  input: ProfilePool & { readonly limit: number },
): Promise<readonly ProfileCandidate[]> {
  if (input.limit <= 0) return [];
  const result = await sql<{
    job_id: string;
    reason: ProfileCandidate['reason'];
    attempt_count: number | null;
  }>`
    WITH unavailable AS (${unavailableItems(input.clusterId)}),
    pool AS (
      SELECT j.job_id, j.state, j.attempt_count, ${ownProfileStored(input.clusterId)} AS stored,
             row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.duration_ms DESC NULLS LAST, j.job_id) AS by_duration,
             row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.submitted_at DESC, j.job_id) AS by_recency,
             row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.planner_estimated_cost DESC NULLS LAST, j.job_id) AS by_cost
      FROM ${poolJobs(input)}
        AND NOT EXISTS (SELECT 1 FROM unavailable u WHERE u.item = ${itemOfJob})
    ),
    ranked AS (
      SELECT job_id, attempt_count, stored,
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
    SELECT job_id, reason, attempt_count FROM ranked
    WHERE NOT stored
    ORDER BY priority, md5(job_id), job_id
    LIMIT ${input.limit}`.execute(db);
  return result.rows.map((r) => ({
    jobId: r.job_id,
    reason: r.reason,
    stored: false,
    attemptCount: Math.max(1, Number(r.attempt_count ?? 1)),
  }));
}

/** How much of the window's workload has profiles, for the collection summary. */
export async function profileCoverage(db: Db, pool: ProfilePool): Promise<ProfileCoverage> {
  const result = await sql<{
    jobs: string | number;
    with_profile: string | number;
    unavailable: string | number;
  }>`
    WITH unavailable AS (${unavailableItems(pool.clusterId)}),
    window_jobs AS (
      SELECT ${ownProfileStored(pool.clusterId)} AS stored,
             EXISTS (SELECT 1 FROM unavailable u WHERE u.item = ${itemOfJob}) AS unavailable
      FROM ${poolJobs(pool)}
    )
    SELECT count(*) AS jobs,
           count(*) FILTER (WHERE stored) AS with_profile,
           count(*) FILTER (WHERE NOT stored AND unavailable) AS unavailable
    FROM window_jobs`.execute(db);
  const row = result.rows[0];
  const jobsInWindow = Number(row?.jobs ?? 0);
  const jobsWithProfile = Number(row?.with_profile ?? 0);
  const jobsUnavailable = Number(row?.unavailable ?? 0);
  return {
    jobsInWindow,
    jobsWithProfile,
    jobsUnavailable,
    jobsRemaining: jobsInWindow - jobsWithProfile - jobsUnavailable,
  };
}
