import type { JobRecord } from '../../domain/job.js';
import { upsertJobs, writeWatermark } from '../../store/index.js';
import type { LiveContext } from './live-context.js';

export const HISTORY_STREAM = 'history';

/** Where history reading stopped: submitted time in the source's own unit, as a decimal string. */
export interface HistoryWatermark {
  readonly submitted: string;
  readonly jobId: string;
}

export interface HistoryCounts {
  readonly rowsRead: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** The product's own queries (marked SQL), left out of analysis. */
  readonly ownJobsSkipped: number;
  readonly pages: number;
}

export type MutableCounts = { -readonly [K in keyof HistoryCounts]: HistoryCounts[K] };

/** A page of jobs and the watermark after it, in one transaction: a crash never loses or doubles a job. */
export async function commitHistoryPage(
  ctx: LiveContext,
  page: { readonly jobs: readonly JobRecord[]; readonly watermark: HistoryWatermark | undefined },
  counts: MutableCounts,
): Promise<void> {
  await ctx.store.db.transaction().execute(async (trx) => {
    const c = await upsertJobs(trx, ctx.clusterId, page.jobs);
    counts.inserted += c.inserted;
    counts.updated += c.updated;
    counts.unchanged += c.unchanged;
    if (page.watermark !== undefined) {
      await writeWatermark(trx, {
        clusterId: ctx.clusterId,
        stream: HISTORY_STREAM,
        value: page.watermark,
        runId: ctx.runId,
      });
    }
  });
}
