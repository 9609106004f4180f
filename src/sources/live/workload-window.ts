import { jobTimeRange } from '../../store/analysis-snapshot-repository.js';
import type { LiveContext } from './live-context.js';

const DAY_MS = 86_400_000;

/**
 * The start of the last `days` days of collected history, counted back from the newest stored job.
 * Anchored on the data, not the wall clock: a cluster whose history ended weeks ago (or the
 * simulator's fixed history) still has a workload to look at. Undefined when nothing is stored yet.
 */
export async function workloadWindowStart(ctx: LiveContext, days: number): Promise<Date | undefined> {
  const range = await jobTimeRange(ctx.store.db, ctx.clusterId);
  return range === undefined ? undefined : new Date(range.newest.getTime() - days * DAY_MS);
}
