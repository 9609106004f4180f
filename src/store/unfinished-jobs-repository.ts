import type { Db } from './db-handle.js';

/** States after which a job never changes again. */
export const TERMINAL_JOB_STATES = ['COMPLETED', 'FAILED', 'CANCELED'] as const;

/**
 * The state a job stored while running gets once it has been re-read for longer than the bound
 * without ending: kept as evidence, no longer re-read, never analysed as finished.
 */
export const NEVER_SEEN_ENDING = 'NEVER_SEEN_ENDING';

export interface UnfinishedJob {
  readonly jobId: string;
  readonly submittedAt: Date;
}

/** Jobs stored before they ended (RUNNING, QUEUED, …), oldest first: the next run reads them again. */
export async function listUnfinishedJobs(db: Db, clusterId: bigint): Promise<readonly UnfinishedJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['job_id', 'submitted_at'])
    .where('cluster_id', '=', clusterId)
    .where('state', 'is not', null)
    .where('state', 'not in', [...TERMINAL_JOB_STATES, NEVER_SEEN_ENDING])
    .orderBy('submitted_at')
    .orderBy('job_id')
    .execute();
  return rows.map((r) => ({ jobId: r.job_id, submittedAt: new Date(r.submitted_at) }));
}

/** The newest submitted time stored for a cluster: the data's own "now". */
export async function newestSubmittedAt(db: Db, clusterId: bigint): Promise<Date | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.max('submitted_at').as('newest'))
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  return row?.newest == null ? undefined : new Date(row.newest);
}

/** Gives up on jobs that stayed unfinished past the bound; returns how many were marked. */
export async function markNeverSeenEnding(
  db: Db,
  clusterId: bigint,
  jobIds: readonly string[],
): Promise<number> {
  if (jobIds.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ state: NEVER_SEEN_ENDING })
    .where('cluster_id', '=', clusterId)
    .where('job_id', 'in', [...jobIds])
    .where('state', 'not in', [...TERMINAL_JOB_STATES])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
