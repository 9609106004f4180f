import type { JobRecord } from '../../domain/job.js';
import { isOwnSql } from '../../domain/sql-marker.js';
import { finishJob } from '../../sql/finish-job.js';
import { upsertJobs, writeWatermark } from '../../store/index.js';
import type { RowResult } from '../history-row.js';
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
  /** Jobs stored before they ended and still not ended after this run; the next run reads them again. */
  readonly stillRunning: number;
  /** Jobs given up on this run: unfinished for longer than the re-read bound. */
  readonly neverSeenEnding: number;
}

export type MutableCounts = { -readonly [K in keyof HistoryCounts]: HistoryCounts[K] };

export function noCounts(): MutableCounts {
  return {
    rowsRead: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    ownJobsSkipped: 0,
    pages: 0,
    stillRunning: 0,
    neverSeenEnding: 0,
  };
}

/**
 * One history item read: counted, and either a finished job, a recorded error (`item` names it), or
 * one of the product's own queries, which analysis leaves out.
 */
export async function acceptHistoryItem(
  ctx: LiveContext,
  read: { readonly mapped: RowResult; readonly item: string },
  counts: MutableCounts,
): Promise<JobRecord | undefined> {
  counts.rowsRead++;
  const { mapped } = read;
  if (!mapped.ok) {
    await ctx.recordError({ stage: 'history', item: read.item, message: mapped.reason });
    return undefined;
  }
  if (mapped.job.sql !== null && isOwnSql(mapped.job.sql)) {
    counts.ownJobsSkipped++;
    return undefined;
  }
  return finishJob(mapped.job, { redactSql: ctx.settings.redactSql });
}

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
