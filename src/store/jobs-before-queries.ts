import type { Db } from './db-handle.js';

/** The stored jobs of a cluster submitted before an instant: how many, and when the oldest was. */
export interface JobsBefore {
  readonly count: number;
  readonly oldestAt: Date;
}

/**
 * Jobs of the cluster submitted strictly before `before`, counted on the (cluster, submitted) index;
 * undefined when there are none. Tells a caller what an analysis window left out.
 */
export async function jobsBefore(
  db: Db,
  options: { readonly clusterId: bigint; readonly before: Date },
): Promise<JobsBefore | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => [
      eb.fn.countAll<string | number | bigint>().as('count'),
      eb.fn.min('submitted_at').as('oldest'),
    ])
    .where('cluster_id', '=', options.clusterId)
    .where('submitted_at', '<', options.before)
    .executeTakeFirst();
  const count = Number(row?.count ?? 0);
  if (count === 0 || row?.oldest === null || row?.oldest === undefined) return undefined;
  return { count, oldestAt: new Date(row.oldest) };
}
