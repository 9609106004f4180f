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
