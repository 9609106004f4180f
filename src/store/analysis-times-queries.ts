import { sql } from 'kysely';
import type { Db } from './db-handle.js';

/**
 * The newest `count` distinct analysis times of a cluster, newest first, as its findings recorded them:
 * every analysis stamps the findings it saw (`last_seen_at`, and `first_seen_at` on new ones) and those
 * it resolved (`resolved_at`). An analysis that changed nothing and was followed by another that saw
 * the same findings leaves no stamp of its own, so these are the analyses that left a trace.
 */
export async function analysisTimes(db: Db, clusterId: bigint, count: number): Promise<Date[]> {
  const result = await sql<{ at: Date | string }>`
    SELECT at FROM (
      SELECT last_seen_at AS at FROM findings WHERE cluster_id = ${clusterId}
      UNION SELECT first_seen_at FROM findings WHERE cluster_id = ${clusterId}
      UNION SELECT resolved_at FROM findings WHERE cluster_id = ${clusterId} AND resolved_at IS NOT NULL
    ) AS t
    ORDER BY at DESC
    LIMIT ${count}`.execute(db);
  return result.rows.map((r) => new Date(r.at));
}
