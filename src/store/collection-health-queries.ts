import { sql } from 'kysely';
import type { RunStatus } from './collection-runs-repository.js';
import type { Db } from './db-handle.js';

/** The newest collection or import run of a cluster, with what it stored and how many items it failed. */
export interface LatestCollection {
  readonly id: bigint;
  readonly status: RunStatus;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  /** Jobs it stored, new or changed; null when its counts do not say (still running, failed early). */
  readonly jobsStored: number | null;
  readonly errors: number;
}

interface Row {
  cluster_id: bigint | string;
  id: bigint | string;
  status: RunStatus;
  started_at: Date | string;
  ended_at: Date | string | null;
  jobs_stored: number | string | null;
  errors: bigint | number | string;
}

/**
 * The newest run of every cluster, in one statement: the run with the highest id (ids are taken at
 * start) per cluster, its error count, and the jobs it stored as its counts record them — a collection
 * under `history`, an import under `jobs` (inserted + updated each).
 */
export async function latestCollections(db: Db): Promise<ReadonlyMap<bigint, LatestCollection>> {
  const result = await sql<Row>`
    SELECT r.cluster_id, r.id, r.status, r.started_at, r.ended_at,
      coalesce(
        (r.counts #>> '{history,inserted}')::float8 + (r.counts #>> '{history,updated}')::float8,
        (r.counts #>> '{jobs,inserted}')::float8 + (r.counts #>> '{jobs,updated}')::float8
      ) AS jobs_stored,
      (SELECT count(*) FROM collection_errors e WHERE e.run_id = r.id) AS errors
    FROM (
      SELECT DISTINCT ON (cluster_id) * FROM collection_runs ORDER BY cluster_id, id DESC
    ) AS r`.execute(db);
  return new Map(
    result.rows.map((r) => [
      BigInt(r.cluster_id),
      {
        id: BigInt(r.id),
        status: r.status,
        startedAt: new Date(r.started_at),
        endedAt: r.ended_at === null ? null : new Date(r.ended_at),
        jobsStored: r.jobs_stored === null ? null : Number(r.jobs_stored),
        errors: Number(r.errors),
      },
    ]),
  );
}
