import type { JobRecord } from '../../domain/job.js';
import { listUnfinishedJobs, markNeverSeenEnding, newestSubmittedAt } from '../../store/index.js';
import type { RowResult } from '../history-row.js';
import { acceptHistoryItem, commitHistoryPage, type MutableCounts } from './history-page.js';
import type { LiveContext } from './live-context.js';

/**
 * How long, in data time (behind the newest job stored), a job stored while running is read again.
 * Dremio keeps history for 30 days by default and real jobs rarely run for days; one that still has
 * not ended after a week is marked NEVER_SEEN_ENDING instead of being re-read forever.
 */
export const UNFINISHED_REREAD_BOUND_MS = 7 * 86_400_000;

/** Ids re-read per query. */
const BATCH = 100;

/** Reads a batch of jobs by id from the history source, each with the name of the item for errors. */
export type ReadJobsById = (
  jobIds: readonly string[],
) => Promise<readonly { readonly mapped: RowResult; readonly item: string }[]>;

/**
 * History contains jobs that have not ended (fidelity-gaps #3). The ones stored that way, and still
 * unfinished after this run's read, are read again by id until they end; past the bound they are
 * marked as never seen ending. Runs after the incremental read, so the overlap has already updated
 * the recent ones.
 */
export async function rereadUnfinishedJobs(
  ctx: LiveContext,
  read: ReadJobsById,
  counts: MutableCounts,
): Promise<void> {
  const unfinished = await listUnfinishedJobs(ctx.store.db, ctx.clusterId);
  if (unfinished.length === 0) return;
  const newest = (await newestSubmittedAt(ctx.store.db, ctx.clusterId))?.getTime() ?? 0;
  const stale = unfinished.filter((j) => j.submittedAt.getTime() < newest - UNFINISHED_REREAD_BOUND_MS);
  const live = unfinished.filter((j) => j.submittedAt.getTime() >= newest - UNFINISHED_REREAD_BOUND_MS);
  if (stale.length > 0) {
    counts.neverSeenEnding += await markNeverSeenEnding(
      ctx.store.db,
      ctx.clusterId,
      stale.map((j) => j.jobId),
    );
    ctx.logger.warn(
      { jobs: stale.length, boundDays: UNFINISHED_REREAD_BOUND_MS / 86_400_000 },
      'jobs never seen ending within the re-read bound; marked NEVER_SEEN_ENDING',
    );
  }
  for (let i = 0; i < live.length; i += BATCH) {
    const ids = live.slice(i, i + BATCH).map((j) => j.jobId);
    const jobs: JobRecord[] = [];
    for (const read1 of await read(ids)) {
      const job = await acceptHistoryItem(ctx, read1, counts);
      if (job !== undefined) jobs.push(job);
    }
    await commitHistoryPage(ctx, { jobs, watermark: undefined }, counts);
  }
  counts.stillRunning = (await listUnfinishedJobs(ctx.store.db, ctx.clusterId)).length;
}
