import type { JobRecord } from '../../domain/job.js';
import { readWatermark } from '../../store/index.js';
import { jobFromHistoryRow } from '../history-row.js';
import {
  acceptHistoryItem,
  commitHistoryPage,
  HISTORY_STREAM,
  type HistoryCounts,
  type HistoryWatermark,
  noCounts,
} from './history-page.js';
import { collectListingHistory } from './listing-history-stage.js';
import type { LiveContext } from './live-context.js';
import { retryQuery } from './retry-query.js';
import { rereadUnfinishedJobs } from './unfinished-jobs.js';

export type { HistoryCounts } from './history-page.js';

/**
 * Reads job history incrementally on the submitted-time column Dremio pushes down, ordered by
 * (submitted, job id). Each page and the watermark after it commit in one transaction, so a crash
 * never loses or duplicates a job; the next run re-reads an overlap window for late arrivals.
 */
export async function collectHistory(ctx: LiveContext): Promise<HistoryCounts> {
  const { deployment, settings } = ctx;
  if (deployment.historyTable === 'jobs-listing') return collectListingHistory(ctx);
  const ns = deployment.historyEpochUnit === 'ns';
  const column = ns ? 'submitted_epoch' : 'submitted_epoch_millis';
  const perMs = ns ? 1_000_000n : 1n;
  const stored = (await readWatermark(ctx.store.db, ctx.clusterId, HISTORY_STREAM)) as
    | HistoryWatermark
    | undefined;
  let after: { submitted: bigint; jobId: string } | undefined =
    stored === undefined ? undefined : { submitted: BigInt(stored.submitted), jobId: stored.jobId };
  let lower =
    after !== undefined
      ? after.submitted - BigInt(settings.overlapMs) * perMs
      : settings.since === undefined
        ? 0n
        : BigInt(settings.since.getTime()) * perMs;
  if (lower < 0n) lower = 0n;
  const upper = settings.until === undefined ? undefined : BigInt(settings.until.getTime()) * perMs;
  const counts = noCounts();
  let resumeKey: { submitted: bigint; jobId: string } | undefined;

  const fetchPage = (from: bigint) => {
    const where = [`${column} >= ${from}`, ...(upper === undefined ? [] : [`${column} < ${upper}`])].join(
      ' AND ',
    );
    const sqlText = `SELECT ${deployment.historyColumns.join(', ')} FROM ${deployment.historyTable} WHERE ${where} ORDER BY ${column}, job_id LIMIT ${settings.historyPageRows}`;
    const page = retryQuery(ctx, `${deployment.historyTable} from ${from}`, () =>
      ctx.client.collectSql(sqlText, ctx.signal === undefined ? {} : { signal: ctx.signal }),
    );
    // Awaited on the next turn; until then a failure must not count as unhandled.
    page.catch(() => undefined);
    return page;
  };

  let pending = fetchPage(lower);
  for (;;) {
    const result = await pending;
    counts.pages++;
    const jobs: JobRecord[] = [];
    let last: { submitted: bigint; jobId: string } | undefined;
    const skippedThrough = resumeKey;
    for (const row of result.rows) {
      const key = { submitted: BigInt(String(row[column] ?? 0)), jobId: String(row.job_id ?? '') };
      last = key;
      // Rows sharing the boundary instant were already read on the previous page.
      if (skippedThrough !== undefined && compareKeys(key, skippedThrough) <= 0) continue;
      const job = await acceptHistoryItem(
        ctx,
        {
          mapped: jobFromHistoryRow(row, { source: 'live', sourceRef: deployment.historyTable }),
          item: `${deployment.historyTable} job ${key.jobId || '(no id)'}`,
        },
        counts,
      );
      if (job !== undefined) jobs.push(job);
    }
    const newest = last !== undefined && (after === undefined || compareKeys(last, after) > 0) ? last : after;
    const more = result.rows.length >= settings.historyPageRows && last !== undefined;
    if (more && last !== undefined) {
      if (
        last.submitted === lower &&
        skippedThrough !== undefined &&
        compareKeys(last, skippedThrough) <= 0
      ) {
        throw new Error(
          `more than ${settings.historyPageRows} jobs share one submitted time; raise the history page size`,
        );
      }
      lower = last.submitted;
      resumeKey = last;
      // Dremio runs the next page's query while this one is written: the two sides overlap.
      pending = fetchPage(lower);
    }
    await commitHistoryPage(
      ctx,
      {
        jobs,
        watermark:
          newest === undefined ? undefined : { submitted: newest.submitted.toString(), jobId: newest.jobId },
      },
      counts,
    );
    after = newest;
    ctx.progress('history', `${counts.rowsRead} jobs read (${counts.inserted} new)`, {
      ...counts,
      done: counts.rowsRead,
    });
    if (!more) {
      await rereadUnfinishedJobs(ctx, (ids) => readJobsById(ctx, ids), counts);
      return counts;
    }
  }
}

function compareKeys(
  a: { submitted: bigint; jobId: string },
  b: { submitted: bigint; jobId: string },
): number {
  if (a.submitted !== b.submitted) return a.submitted < b.submitted ? -1 : 1;
  return a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0;
}

/** The given jobs' history rows, by id: how a job stored while running is read again. */
async function readJobsById(ctx: LiveContext, jobIds: readonly string[]) {
  const { deployment } = ctx;
  const list = jobIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(', ');
  const sqlText = `SELECT ${deployment.historyColumns.join(', ')} FROM ${deployment.historyTable} WHERE job_id IN (${list})`;
  const result = await retryQuery(ctx, `${deployment.historyTable} unfinished jobs`, () =>
    ctx.client.collectSql(sqlText, ctx.signal === undefined ? {} : { signal: ctx.signal }),
  );
  return result.rows.map((row) => ({
    mapped: jobFromHistoryRow(row, { source: 'live', sourceRef: deployment.historyTable }),
    item: `${deployment.historyTable} job ${String(row.job_id ?? '(no id)')}`,
  }));
}
