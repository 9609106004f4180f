import type { JobRecord } from '../domain/job.js';
import { medianAbsoluteDeviation } from './stats/mad.js';
import { moments } from './stats/moments.js';
import { quantileSorted, sortAscending } from './stats/percentile.js';

/** Descriptive statistics of one quantity over a fingerprint's runs. NaN fields mean "no values". */
export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly stddev: number;
  /** Median absolute deviation, unscaled (× 1.4826 estimates σ for normal data). */
  readonly mad: number;
}

/**
 * What a fingerprint's runs normally look like over a sliding window: the reference a regression is
 * judged against. Only COMPLETED runs count (a failed or cancelled run stops early, so its time says
 * nothing about the query's normal cost); runs missing a quantity are left out of that quantity only.
 */
export interface FingerprintBaseline {
  readonly fingerprint: string;
  readonly windowFrom: Date;
  readonly windowTo: Date;
  /** Completed runs submitted inside the window. */
  readonly runCount: number;
  /** True when `runCount` ≥ the minimum runs, so the baseline can be trusted. */
  readonly sufficient: boolean;
  readonly durationMs: Distribution;
  readonly bytesScanned: Distribution;
  readonly cpuTimeMs: Distribution;
}

export const DEFAULT_BASELINE_WINDOW_DAYS = 30;
export const DEFAULT_BASELINE_MIN_RUNS = 20;

export function describeDistribution(values: readonly number[]): Distribution {
  const sorted = sortAscending(values.filter((v) => Number.isFinite(v)));
  const m = moments(sorted);
  return {
    count: sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    mean: m.mean,
    stddev: m.stddev,
    mad: medianAbsoluteDeviation(sorted),
  };
}

/**
 * Computes a fingerprint's baseline from its runs in [from, to) — the service picks the window
 * (default: the 30 days before now) and persists the result.
 *
 * @example
 * const to = new Date('2026-11-01T00:00:00Z');
 * const baseline = computeBaseline({ fingerprint: 'fp', jobs, from: new Date(to.getTime() - 30 * 86_400_000), to });
 * if (baseline.sufficient) report(baseline.durationMs.p95);
 */
export function computeBaseline(options: {
  readonly fingerprint: string;
  readonly jobs: readonly JobRecord[];
  readonly from: Date;
  readonly to: Date;
  readonly minRuns?: number;
}): FingerprintBaseline {
  const fromMs = options.from.getTime();
  const toMs = options.to.getTime();
  const runs = options.jobs.filter((job) => {
    const at = job.timestamps.submittedAt.getTime();
    return (
      at >= fromMs &&
      at < toMs &&
      job.state === 'COMPLETED' &&
      (job.fingerprint === null || job.fingerprint === options.fingerprint)
    );
  });
  const numbers = (pick: (job: JobRecord) => number | bigint | null): number[] =>
    runs.flatMap((job) => {
      const value = pick(job);
      return value === null ? [] : [Number(value)];
    });
  return {
    fingerprint: options.fingerprint,
    windowFrom: options.from,
    windowTo: options.to,
    runCount: runs.length,
    sufficient: runs.length >= (options.minRuns ?? DEFAULT_BASELINE_MIN_RUNS),
    durationMs: describeDistribution(numbers((job) => job.durationMs)),
    bytesScanned: describeDistribution(numbers((job) => job.bytesScanned)),
    cpuTimeMs: describeDistribution(numbers((job) => job.cpuTimeMs)),
  };
}
