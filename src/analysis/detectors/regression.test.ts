import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../test/support/job-builder.js';
import { buildProfileSummary, buildScan, NO_STAKE } from '../../../test/support/profile-builder.js';
import type { Dataset } from '../../domain/dataset.js';
import type { JobRecord } from '../../domain/job.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { buildSnapshot } from '../build-snapshot.js';
import type { WorkloadSnapshot } from '../detector.js';
import { type RegressionEvidence, type RegressionThresholds, regressionDetector } from './regression.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const HOUR_MS = 3_600_000;
const PATTERN = [980, 990, 1_000, 1_010, 1_020];

interface Series {
  readonly baseline?: number;
  readonly recent?: number;
  readonly factor: number;
  readonly baseMs?: number;
  readonly before?: Partial<JobRecord>;
  readonly after?: Partial<JobRecord>;
  readonly versions?: readonly [string, string];
  /** Bytes each run's profile scans read, before and after. */
  readonly profileBytes?: readonly [number, number];
  readonly datasets?: readonly Dataset[];
}

/** Hourly runs ending at END: `baseline` runs around baseMs, then `recent` runs `factor` times slower. */
function snapshot(series: Series): WorkloadSnapshot {
  const baseline = series.baseline ?? 30;
  const total = baseline + (series.recent ?? 15);
  const jobs: JobRecord[] = [];
  const profiles = new Map<string, ProfileSummary>();
  for (let i = 0; i < total; i++) {
    const late = i >= baseline;
    const scale = (series.baseMs ?? 1_000) / 1_000;
    const durationMs = Math.round(PATTERN[i % PATTERN.length]! * scale * (late ? series.factor : 1));
    const base = buildJob({ jobId: `job-${String(i).padStart(3, '0')}` });
    const job = buildJob({
      jobId: base.jobId,
      fingerprint: 'fp-dash',
      durationMs,
      timestamps: { ...base.timestamps, submittedAt: new Date(END.getTime() - (total - i) * HOUR_MS) },
      queriedDatasets: ['src.sales.orders'],
      ...(late ? series.after : series.before),
    });
    jobs.push(job);
    if (series.versions || series.profileBytes)
      profiles.set(
        job.jobId,
        buildProfileSummary({
          jobId: job.jobId,
          ...(series.versions ? { dremioVersion: series.versions[late ? 1 : 0] } : {}),
          ...(series.profileBytes
            ? { scans: [buildScan({ key: '01-00', bytesRead: series.profileBytes[late ? 1 : 0] })] }
            : {}),
        }),
      );
  }
  return buildSnapshot({
    window: { from: new Date(END.getTime() - 7 * 24 * HOUR_MS), to: END, days: 7 },
    jobs,
    profiles,
    facts: () => undefined,
    datasets: new Map((series.datasets ?? []).map((d) => [d.path, d])),
    reflections: [],
  });
}

const UNDAMPED: RegressionThresholds = { ...regressionDetector.defaults, stake: NO_STAKE };

function findOne(s: WorkloadSnapshot, thresholds = UNDAMPED) {
  const findings = regressionDetector.detect(s, thresholds);
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

describe('regression', () => {
  const rungs = [
    { name: 'low at a 1.5× median', factor: 1.5, severity: 'low' },
    { name: 'medium at 2×', factor: 2, severity: 'medium' },
    { name: 'high at 3×', factor: 3, severity: 'high' },
    { name: 'critical at 5×', factor: 5, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(rung.name, () => {
      expect(findOne(snapshot({ factor: rung.factor }))?.severity).toBe(rung.severity);
    });
  }

  it('does not fire on a significant but immaterial slowdown (1.45×)', () => {
    expect(findOne(snapshot({ factor: 1.45 }))).toBeUndefined();
  });

  it('never fires on one run above p95, a flat series, or too few recent runs', () => {
    const outlier = snapshot({ factor: 1, after: {} });
    const jobs = outlier.jobs.map((c, i) => (i === 40 ? { ...c, job: { ...c.job, durationMs: 20_000 } } : c));
    expect(
      findOne({
        ...outlier,
        jobs,
        fingerprints: new Map([['fp-dash', { ...outlier.fingerprints.get('fp-dash')!, jobs }]]),
      }),
    ).toBeUndefined();
    expect(findOne(snapshot({ factor: 1 }))).toBeUndefined();
    expect(findOne(snapshot({ factor: 3, recent: 7 }))).toBeUndefined();
    expect(findOne(snapshot({ factor: 3, baseline: 10 }))).toBeUndefined();
  });

  it('reports when it started, the test and the medians from the job rows', () => {
    const f = findOne(snapshot({ factor: 3 }))!;
    const e = f.evidence as RegressionEvidence;
    expect(e).toMatchObject({
      firstRegressedJobId: 'job-030',
      startedAt: new Date(END.getTime() - 15 * HOUR_MS).toISOString(),
      baselineRuns: 30,
      recentRuns: 15,
      baselineMedianMs: 1_000,
      recentMedianMs: 3_000,
      medianRatio: 3,
      mannWhitneyU: 450,
      splitsTested: 18,
      changes: {},
    });
    expect(e.pValue).toBeLessThan(0.01);
    expect(f.jobIds).toHaveLength(15);
    // 2 000 ms more per run, 15 runs in the last 15 hours.
    expect(f.impactMsPerDay).toBeCloseTo(2_000 * 24, 6);
  });

  it('takes the scanned bytes from profiles when history has none (the pre-24.3 jobs listing)', () => {
    const listing = { bytesScanned: null };
    const f = findOne(snapshot({ factor: 3, before: listing, after: listing, profileBytes: [1e9, 4e9] }))!;
    expect(f.evidence).toMatchObject({ baselineMedianBytesScanned: 1e9, recentMedianBytesScanned: 4e9 });
  });

  it('names what changed around the first regressed run', () => {
    const files = (count: number, at: number) => ({
      observedAt: new Date(at),
      partition: '',
      fileCount: count,
      totalBytes: count * 1e6,
      recordCount: null,
    });
    const orders: Dataset = {
      path: 'src.sales.orders',
      pathParts: ['src', 'sales', 'orders'],
      datasetId: 'd-1',
      kind: 'table',
      format: 'Iceberg',
      viewSql: null,
      columns: [],
      partitionFields: [],
      files: [files(9_000, END.getTime()), files(3_000, END.getTime() - 40 * HOUR_MS)],
    };
    const f = findOne(
      snapshot({
        factor: 3,
        before: { accelerated: true, queueName: 'Low Cost User Queries' },
        after: { accelerated: false, queueName: 'High Cost User Queries' },
        versions: ['25.1.0', '25.2.1'],
        datasets: [orders],
      }),
    )!;
    expect((f.evidence as RegressionEvidence).changes).toEqual({
      acceleratedShare: { before: 1, after: 0 },
      dremioVersion: { before: '25.1.0', after: '25.2.1' },
      queueName: { before: 'Low Cost User Queries', after: 'High Cost User Queries' },
      fileCount: { datasetPath: 'src.sales.orders', before: 3_000, after: 9_000 },
    });
  });

  it('damps a regression of a cheap query to low with the default stake', () => {
    expect(findOne(snapshot({ factor: 5, baseMs: 100 }), regressionDetector.defaults)?.severity).toBe('low');
  });

  it('ignores failed runs and finds nothing without fingerprint history', () => {
    expect(findOne(snapshot({ factor: 3, after: { state: 'FAILED' } }))).toBeUndefined();
    const empty = snapshot({ factor: 3 });
    expect(regressionDetector.detect({ ...empty, fingerprints: new Map() }, UNDAMPED)).toEqual([]);
  });
});

describe('regression and the results cache', () => {
  /** Hourly runs ending at END; `hit(i)` runs are answered from the cache (30 ms, nothing scanned). */
  function cachedSeries(options: {
    readonly total: number;
    readonly durationMs: (i: number) => number;
    readonly hit: (i: number) => boolean;
  }): WorkloadSnapshot {
    const jobs: JobRecord[] = [];
    for (let i = 0; i < options.total; i++) {
      const base = buildJob({ jobId: `job-${String(i).padStart(3, '0')}` });
      const job = buildJob({
        jobId: base.jobId,
        fingerprint: 'fp-dash',
        durationMs: options.durationMs(i),
        timestamps: {
          ...base.timestamps,
          submittedAt: new Date(END.getTime() - (options.total - i) * HOUR_MS),
        },
      });
      jobs.push(options.hit(i) ? { ...job, durationMs: 30, rowsScanned: 0n, bytesScanned: 0n } : job);
    }
    return buildSnapshot({
      window: { from: new Date(END.getTime() - 7 * 24 * HOUR_MS), to: END, days: 7 },
      jobs,
      profiles: new Map(),
      facts: () => undefined,
      datasets: new Map(),
      reflections: [],
    });
  }

  it('does not report a regression when the early runs were instant cache hits', () => {
    // 80 early runs, three in four of them hits; then the cache stops answering (its table changed): 30 runs.
    const s = cachedSeries({
      total: 110,
      durationMs: (i) => PATTERN[i % PATTERN.length]!,
      hit: (i) => i < 80 && i % 4 !== 0,
    });
    expect(regressionDetector.detect(s, UNDAMPED)).toEqual([]);
  });

  it('still reports a real slowdown and measures it on the executed runs only', () => {
    // 60 early runs around 1 s and 30 late ones around 3 s; every other run throughout is a hit.
    const s = cachedSeries({
      total: 90,
      durationMs: (i) => PATTERN[Math.floor(i / 2) % PATTERN.length]! * (i >= 60 ? 3 : 1),
      hit: (i) => i % 2 === 1,
    });
    const evidence = findOne(s)?.evidence as RegressionEvidence | undefined;
    expect(evidence).toMatchObject({
      baselineRuns: 30,
      recentRuns: 15,
      baselineMedianMs: 1_000,
      recentMedianMs: 3_000,
    });
  });
});
