import { sql } from 'kysely';
import type { Db } from './db-handle.js';

/** The job columns a baseline summarises, named as in the `baselines.metric` column. */
export const BASELINE_METRICS = ['duration_ms', 'bytes_scanned', 'cpu_time_ms'] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];

/** One fingerprint's distribution of one metric over a window of completed runs. */
export interface StoredBaseline {
  readonly fingerprint: string;
  readonly metric: BaselineMetric;
  readonly windowDays: number;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly runCount: bigint;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly mean: number | null;
  readonly stddev: number | null;
  /** Median absolute deviation from the median. */
  readonly mad: number | null;
  /** The newest `collected_at` of the runs it covers: the data it is current with. */
  readonly computedAt: Date;
}

export interface RefreshBaselinesOptions {
  readonly clusterId: bigint;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** The nominal window length, part of the key (a 7-day and a 30-day baseline can coexist). */
  readonly windowDays: number;
  /** Fingerprints with fewer completed runs in the window get no baseline. */
  readonly minRuns: number;
}

export interface RefreshBaselinesResult {
  /** Fingerprints whose baselines were (re)computed. */
  readonly computed: number;
  /** Baseline rows dropped because their fingerprint no longer has enough runs in the window. */
  readonly removed: number;
}

/**
 * Computes count, p50/p95/p99, mean, stddev and MAD of duration, bytes scanned and CPU per fingerprint
 * over completed runs in the window, in one SQL statement (`percentile_cont` on both backends), so a
 * million jobs never cross into the process. Incremental: a fingerprint whose stored baseline has the
 * same window and is current with its newest collected run is skipped.
 */
export async function refreshBaselines(
  db: Db,
  options: RefreshBaselinesOptions,
): Promise<RefreshBaselinesResult> {
  const { clusterId: c, windowStart: start, windowEnd: end, windowDays: days, minRuns } = options;
  const computed = await sql<{ fingerprint: string }>`
    WITH w AS (
      SELECT fingerprint, duration_ms, bytes_scanned, cpu_time_ms, collected_at
      FROM jobs
      WHERE cluster_id = ${c} AND fingerprint IS NOT NULL AND state = 'COMPLETED'
        AND submitted_at >= ${start} AND submitted_at <= ${end}
    ),
    eligible AS (
      SELECT fingerprint, max(collected_at) AS as_of FROM w
      GROUP BY fingerprint HAVING count(*) >= ${minRuns}
    ),
    dirty AS (
      SELECT e.fingerprint, e.as_of FROM eligible e
      WHERE NOT EXISTS (
        SELECT 1 FROM baselines b
        WHERE b.cluster_id = ${c} AND b.fingerprint = e.fingerprint AND b.window_days = ${days}
          AND b.metric = 'duration_ms' AND b.window_start = ${start} AND b.window_end = ${end}
          AND b.computed_at >= e.as_of
      )
    ),
    long AS (
      SELECT w.fingerprint, m.metric, m.v
      FROM w JOIN dirty d ON d.fingerprint = w.fingerprint
      CROSS JOIN LATERAL (VALUES
        ('duration_ms', w.duration_ms::float8),
        ('bytes_scanned', w.bytes_scanned::float8),
        ('cpu_time_ms', w.cpu_time_ms::float8)
      ) AS m(metric, v)
      WHERE m.v IS NOT NULL
    ),
    stats AS (
      SELECT fingerprint, metric, count(*) AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY v) AS p95,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY v) AS p99,
        avg(v) AS mean,
        stddev_samp(v) AS stddev
      FROM long GROUP BY fingerprint, metric
    ),
    mad AS (
      SELECT l.fingerprint, l.metric,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(l.v - s.p50)) AS mad
      FROM long l JOIN stats s ON s.fingerprint = l.fingerprint AND s.metric = l.metric
      GROUP BY l.fingerprint, l.metric
    )
    INSERT INTO baselines (cluster_id, fingerprint, window_days, metric, window_start, window_end,
      run_count, p50, p95, p99, mean, stddev, mad, computed_at)
    SELECT ${c}, s.fingerprint, ${days}, s.metric, ${start}, ${end},
      s.n, s.p50, s.p95, s.p99, s.mean, s.stddev, m.mad, d.as_of
    FROM stats s
    JOIN mad m ON m.fingerprint = s.fingerprint AND m.metric = s.metric
    JOIN dirty d ON d.fingerprint = s.fingerprint
    ON CONFLICT (cluster_id, fingerprint, window_days, metric) DO UPDATE SET
      window_start = excluded.window_start, window_end = excluded.window_end,
      run_count = excluded.run_count, p50 = excluded.p50, p95 = excluded.p95, p99 = excluded.p99,
      mean = excluded.mean, stddev = excluded.stddev, mad = excluded.mad,
      computed_at = excluded.computed_at
    RETURNING fingerprint`.execute(db);
  const removed = await db
    .deleteFrom('baselines')
    .where('cluster_id', '=', c)
    .where('window_days', '=', days)
    .where((eb) => eb.or([eb('window_start', '<>', start), eb('window_end', '<>', end)]))
    .executeTakeFirst();
  return {
    computed: new Set(computed.rows.map((r) => r.fingerprint)).size,
    removed: Number(removed.numDeletedRows),
  };
}

/** Stored baselines of a cluster for one window length, by fingerprint and metric. */
export async function listBaselines(
  db: Db,
  options: { readonly clusterId: bigint; readonly windowDays: number },
): Promise<ReadonlyMap<string, ReadonlyMap<BaselineMetric, StoredBaseline>>> {
  const rows = await db
    .selectFrom('baselines')
    .selectAll()
    .where('cluster_id', '=', options.clusterId)
    .where('window_days', '=', options.windowDays)
    .orderBy('fingerprint')
    .orderBy('metric')
    .execute();
  const byFingerprint = new Map<string, Map<BaselineMetric, StoredBaseline>>();
  for (const r of rows) {
    const metric = r.metric as BaselineMetric;
    const metrics = byFingerprint.get(r.fingerprint) ?? new Map<BaselineMetric, StoredBaseline>();
    metrics.set(metric, {
      fingerprint: r.fingerprint,
      metric,
      windowDays: r.window_days,
      windowStart: r.window_start,
      windowEnd: r.window_end,
      runCount: r.run_count,
      p50: r.p50,
      p95: r.p95,
      p99: r.p99,
      mean: r.mean,
      stddev: r.stddev,
      mad: r.mad,
      computedAt: r.computed_at,
    });
    byFingerprint.set(r.fingerprint, metrics);
  }
  return byFingerprint;
}
