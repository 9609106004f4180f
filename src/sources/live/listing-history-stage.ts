import type { JobRecord } from '../../domain/job.js';
import { readWatermark } from '../../store/index.js';
import { jobFromListingEntry } from '../jobs-listing-entry.js';
import {
  acceptHistoryItem,
  commitHistoryPage,
  HISTORY_STREAM,
  type HistoryCounts,
  type HistoryWatermark,
  noCounts,
} from './history-page.js';
import type { LiveContext } from './live-context.js';
import { retryQuery } from './retry-query.js';
import { rereadUnfinishedJobs } from './unfinished-jobs.js';

/** Dremio's largest jobs-listing page. */
const MAX_LISTING_PAGE = 500;
const SOURCE_REF = '/apiv2/jobs-listing/v1.0';

/**
 * Job history before 24.3, where `sys.jobs` holds only active jobs: the internal jobs-listing API in
 * start-time order, filtered from the watermark (less the overlap). Offsets are followed for
 * `historyPageRows` jobs, then the filter restarts at the last start time, so offsets stay small; the
 * jobs already read at that instant are recognised by id, whatever order Dremio gives ties. Each page
 * commits with its watermark, as `sys.jobs_recent` pages do.
 */
export async function collectListingHistory(ctx: LiveContext): Promise<HistoryCounts> {
  const { settings } = ctx;
  const stored = (await readWatermark(ctx.store.db, ctx.clusterId, HISTORY_STREAM)) as
    | HistoryWatermark
    | undefined;
  let after = stored === undefined ? undefined : { startMs: Number(stored.submitted), jobId: stored.jobId };
  let lowerMs = Math.max(
    0,
    after !== undefined ? after.startMs - settings.overlapMs : (settings.since?.getTime() ?? 0),
  );
  const until = settings.until === undefined ? '' : `;(st=lt=${settings.until.getTime()})`;
  const counts = noCounts();
  let readAtLower = new Set<string>();
  // At least two pages under each filter, so offsets and restarts both happen (CLI: 500 and 5000).
  const pageRows = Math.max(1, Math.min(MAX_LISTING_PAGE, Math.floor(settings.historyPageRows / 2)));

  for (;;) {
    let offset = 0;
    // The newest start time read under this filter, and the ids read at exactly that instant.
    let edgeMs = lowerMs;
    let idsAtEdge = new Set<string>();
    for (;;) {
      const page = await retryQuery(ctx, `${SOURCE_REF} from ${lowerMs} at ${offset}`, () =>
        ctx.client.listJobsPage({
          offset,
          limit: pageRows,
          filter: `(st=ge=${lowerMs})${until}`,
          order: 'ASCENDING',
          ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        }),
      );
      counts.pages++;
      const jobs: JobRecord[] = [];
      for (const entry of page.jobs) {
        if (entry.startTimeMs > edgeMs) {
          edgeMs = entry.startTimeMs;
          idsAtEdge = new Set();
        }
        if (entry.startTimeMs === edgeMs) idsAtEdge.add(entry.jobId);
        if (entry.startTimeMs === lowerMs && readAtLower.has(entry.jobId)) continue;
        // Like a sys.jobs_recent page, the watermark passes every job read, kept or not.
        const key = { startMs: entry.startTimeMs, jobId: entry.jobId };
        if (after === undefined || compare(key, after) > 0) after = key;
        const job = await acceptHistoryItem(
          ctx,
          {
            mapped: jobFromListingEntry(entry, { source: 'live', sourceRef: SOURCE_REF }),
            item: `${SOURCE_REF} job ${entry.jobId || '(no id)'}`,
          },
          counts,
        );
        if (job !== undefined) jobs.push(job);
      }
      await commitHistoryPage(
        ctx,
        {
          jobs,
          watermark:
            after === undefined ? undefined : { submitted: String(after.startMs), jobId: after.jobId },
        },
        counts,
      );
      ctx.progress('history', `${counts.rowsRead} jobs read (${counts.inserted} new)`, {
        ...counts,
        done: counts.rowsRead,
      });
      offset += page.jobs.length;
      if (!page.hasMore || page.jobs.length === 0) {
        await rereadUnfinishedJobs(ctx, (ids) => listJobsById(ctx, ids), counts);
        return counts;
      }
      // Restart the filter at the newest instant, unless every job so far shares the lower bound.
      if (offset >= settings.historyPageRows && edgeMs > lowerMs) break;
    }
    lowerMs = edgeMs;
    readAtLower = idsAtEdge;
  }
}

function compare(a: { startMs: number; jobId: string }, b: { startMs: number; jobId: string }): number {
  if (a.startMs !== b.startMs) return a.startMs < b.startMs ? -1 : 1;
  return a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0;
}

/** The given jobs' listing entries, by the indexed `job` key: how a job stored while running is read again. */
async function listJobsById(ctx: LiveContext, jobIds: readonly string[]) {
  const filter = `(job==${jobIds.map((id) => `"${id}"`).join(',')})`;
  const page = await retryQuery(ctx, `${SOURCE_REF} unfinished jobs`, () =>
    ctx.client.listJobsPage({
      offset: 0,
      limit: jobIds.length,
      filter,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    }),
  );
  return page.jobs.map((entry) => ({
    mapped: jobFromListingEntry(entry, { source: 'live', sourceRef: SOURCE_REF }),
    item: `${SOURCE_REF} job ${entry.jobId || '(no id)'}`,
  }));
}
