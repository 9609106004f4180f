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
  const inWindow = sql`j.cluster_id = ${c} AND j.state = 'COMPLETED'
    AND j.submitted_at >= ${start} AND j.submitted_at <= ${end}`;
  // Shaped so no plan can join two large row sets by nested loop (the embedded store keeps no table
  // statistics, so the planner guesses a handful of rows): one grouped pass over the window, then one
  // indexed lookup of each changed fingerprint's runs for the MAD.
  const computed = await sql<{ fingerprint: string }>`
    WITH agg AS (
      SELECT j.fingerprint, count(*) AS runs, max(j.collected_at) AS as_of,
        count(j.duration_ms) AS d_n,
        percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY j.duration_ms::float8) AS d_p,
        avg(j.duration_ms::float8) AS d_mean, stddev_samp(j.duration_ms::float8) AS d_sd,
        count(j.bytes_scanned) AS b_n,
        percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY j.bytes_scanned::float8) AS b_p,
        avg(j.bytes_scanned::float8) AS b_mean, stddev_samp(j.bytes_scanned::float8) AS b_sd,
        count(j.cpu_time_ms) AS c_n,
        percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY j.cpu_time_ms::float8) AS c_p,
        avg(j.cpu_time_ms::float8) AS c_mean, stddev_samp(j.cpu_time_ms::float8) AS c_sd
      FROM jobs j
      WHERE ${inWindow} AND j.fingerprint IS NOT NULL
      GROUP BY j.fingerprint
      HAVING count(*) >= ${minRuns}
    ),
    dirty AS MATERIALIZED (
      SELECT a.* FROM agg a
      WHERE NOT EXISTS (
        SELECT 1 FROM baselines b
        WHERE b.cluster_id = ${c} AND b.fingerprint = a.fingerprint AND b.window_days = ${days}
          AND b.metric = 'duration_ms' AND b.window_start = ${start} AND b.window_end = ${end}
          AND b.computed_at >= a.as_of
      )
    ),
    full_stats AS (
      SELECT d.fingerprint, d.as_of, d.d_n, d.d_p, d.d_mean, d.d_sd, d.b_n, d.b_p, d.b_mean, d.b_sd,
        d.c_n, d.c_p, d.c_mean, d.c_sd,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(j.duration_ms::float8 - d.d_p[1])) AS d_mad,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(j.bytes_scanned::float8 - d.b_p[1])) AS b_mad,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(j.cpu_time_ms::float8 - d.c_p[1])) AS c_mad
      FROM dirty d JOIN jobs j ON j.fingerprint = d.fingerprint AND ${inWindow}
      GROUP BY d.fingerprint, d.as_of, d.d_n, d.d_p, d.d_mean, d.d_sd, d.b_n, d.b_p, d.b_mean, d.b_sd,
        d.c_n, d.c_p, d.c_mean, d.c_sd
    )
    INSERT INTO baselines (cluster_id, fingerprint, window_days, metric, window_start, window_end,
      run_count, p50, p95, p99, mean, stddev, mad, computed_at)
    SELECT ${c}, f.fingerprint, ${days}, m.metric, ${start}, ${end},
      m.n, m.p[1], m.p[2], m.p[3], m.mean, m.sd, m.mad, f.as_of
    FROM full_stats f
    CROSS JOIN LATERAL (VALUES
      ('duration_ms', f.d_n, f.d_p, f.d_mean, f.d_sd, f.d_mad),
      ('bytes_scanned', f.b_n, f.b_p, f.b_mean, f.b_sd, f.b_mad),
      ('cpu_time_ms', f.c_n, f.c_p, f.c_mean, f.c_sd, f.c_mad)
    ) AS m(metric, n, p, mean, sd, mad)
    WHERE m.n > 0
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
