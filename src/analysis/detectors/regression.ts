import { z } from 'zod';
import type { Dataset } from '../../domain/dataset.js';
import { datasetPathKey } from '../../domain/dataset-path.js';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { Reflection } from '../../domain/reflection.js';
import { formatDuration } from '../../domain/units.js';
import { describeDistribution } from '../baseline.js';
import type {
  DetectorThresholds,
  FindingDraft,
  FingerprintGroup,
  JobContext,
  WorkloadDetector,
  WorkloadSnapshot,
} from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { hasFailingStatus } from '../reflection-health.js';
import { scannedBytesOf } from '../scanned-bytes.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';
import { median } from '../stats/percentile.js';
import { findStepUp } from '../stats/step-up.js';

export interface RegressionThresholds extends DetectorThresholds {
  /** Median duration after the change over the median before it. */
  readonly medianRatio: Ladder;
  /** Largest Bonferroni-adjusted one-sided Mann–Whitney p-value that counts as significant. */
  readonly maxPValue: number;
  readonly minBaselineRuns: number;
  readonly minRecentRuns: number;
  /** Runs each side of the change compared for what changed (plan, acceleration, version, queue). */
  readonly compareRuns: number;
}

export interface ValueChange<T> {
  readonly before: T;
  readonly after: T;
}

export type RegressionChanges = {
  readonly planOperators?: ValueChange<readonly string[]> & {
    readonly added: readonly string[];
    readonly removed: readonly string[];
  };
  readonly acceleratedShare?: ValueChange<number>;
  readonly dremioVersion?: ValueChange<string>;
  readonly queueName?: ValueChange<string>;
  readonly failingReflectionIds?: readonly string[];
  readonly fileCount?: ValueChange<number> & { readonly datasetPath: string };
};

export type RegressionEvidence = {
  readonly firstRegressedJobId: string;
  readonly startedAt: string;
  readonly baselineRuns: number;
  readonly recentRuns: number;
  readonly baselineMedianMs: number;
  readonly baselineP95Ms: number;
  readonly baselineMadMs: number;
  readonly recentMedianMs: number;
  readonly medianRatio: number;
  readonly baselineMedianBytesScanned: number | null;
  readonly recentMedianBytesScanned: number | null;
  readonly mannWhitneyU: number;
  readonly z: number | null;
  readonly pValue: number;
  readonly splitsTested: number;
  readonly changes: RegressionChanges;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: RegressionThresholds = {
  // The rule: a significant (p < 0.01) and material (median ≥ 1.5×) slowdown; the zbel plan flags
  // 1.5 × p95, TiDB a plan 2× slower than the fastest.
  medianRatio: ascending(1.5, 2, 3, 5),
  maxPValue: 0.01,
  minBaselineRuns: 20,
  minRecentRuns: 8,
  compareRuns: 10,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  medianRatio: ladderSchema,
  maxPValue: z.number().positive().max(1),
  minBaselineRuns: z.number().int().positive(),
  minRecentRuns: z.number().int().positive(),
  compareRuns: z.number().int().positive(),
  stake: stakeThresholdsSchema,
});

const DAY_MS = 86_400_000;

function mode(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

function changed(before: readonly string[], after: readonly string[]): ValueChange<string> | undefined {
  const b = mode(before);
  const a = mode(after);
  return b !== undefined && a !== undefined && a !== b ? { before: b, after: a } : undefined;
}

function operatorSet(c: JobContext): string | undefined {
  return c.profile === undefined
    ? undefined
    : [...new Set(c.profile.operators.map((o) => o.typeName))].sort().join(',');
}

function planChange(
  before: readonly JobContext[],
  after: readonly JobContext[],
): RegressionChanges['planOperators'] {
  const shape = changed(
    before.flatMap((c) => operatorSet(c) ?? []),
    after.flatMap((c) => operatorSet(c) ?? []),
  );
  if (shape === undefined) return undefined;
  const b = shape.before.split(',').filter(Boolean);
  const a = shape.after.split(',').filter(Boolean);
  return {
    before: b,
    after: a,
    added: a.filter((x) => !b.includes(x)),
    removed: b.filter((x) => !a.includes(x)),
  };
}

function accelerationChange(before: readonly JobContext[], after: readonly JobContext[]) {
  const share = (list: readonly JobContext[]) =>
    list.filter((c) => c.job.accelerated === true).length / list.length;
  const b = share(before);
  const a = share(after);
  return b >= 0.5 && a < 0.5 ? { before: b, after: a } : undefined;
}

function fileCountChange(datasets: readonly Dataset[], changeAtMs: number): RegressionChanges['fileCount'] {
  for (const d of datasets) {
    const totals = d.files.filter((f) => f.partition === '');
    const before = totals
      .filter((f) => f.observedAt.getTime() <= changeAtMs)
      .sort((x, y) => y.observedAt.getTime() - x.observedAt.getTime())[0];
    const after = totals.sort((x, y) => y.observedAt.getTime() - x.observedAt.getTime())[0];
    if (before === undefined || after === undefined || before === after) continue;
    const ratio = after.fileCount / Math.max(1, before.fileCount);
    if (ratio >= 1.5 || ratio <= 1 / 1.5)
      return { datasetPath: d.path, before: before.fileCount, after: after.fileCount };
  }
  return undefined;
}

function failingReflections(
  reflections: readonly Reflection[],
  paths: ReadonlySet<string>,
  changeAtMs: number,
) {
  return reflections
    .filter((r) => r.datasetPath !== null && paths.has(datasetPathKey(r.datasetPath)))
    .filter(
      (r) =>
        hasFailingStatus(r) ||
        r.refreshes.some(
          (f) => f.state === 'FAILED' && f.startedAt !== null && f.startedAt.getTime() <= changeAtMs,
        ),
    )
    .map((r) => r.reflectionId)
    .sort();
}

function whatChanged(input: {
  readonly runs: readonly JobContext[];
  readonly index: number;
  readonly snapshot: WorkloadSnapshot;
  readonly compareRuns: number;
}): RegressionChanges {
  const { runs, index, snapshot } = input;
  const before = runs.slice(Math.max(0, index - input.compareRuns), index);
  const after = runs.slice(index, index + input.compareRuns);
  const changeAtMs = runs[index]!.job.timestamps.submittedAt.getTime();
  const paths = new Set(runs.flatMap((c) => c.job.queriedDatasets.map(datasetPathKey)));
  const datasets = [...snapshot.datasets.values()].filter((d) => paths.has(datasetPathKey(d.path)));
  const version = (c: JobContext) => (c.profile?.dremioVersion ? [c.profile.dremioVersion] : []);
  const queue = (c: JobContext) => (c.job.queueName ? [c.job.queueName] : []);
  const failing = failingReflections(snapshot.reflections, paths, changeAtMs);
  const entries: [keyof RegressionChanges, unknown][] = [
    ['planOperators', planChange(before, after)],
    ['acceleratedShare', accelerationChange(before, after)],
    ['dremioVersion', changed(before.flatMap(version), after.flatMap(version))],
    ['queueName', changed(before.flatMap(queue), after.flatMap(queue))],
    ['failingReflectionIds', failing.length > 0 ? failing : undefined],
    ['fileCount', fileCountChange(datasets, changeAtMs)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as RegressionChanges;
}

function bytesMedian(list: readonly JobContext[]): number | null {
  const values = list.flatMap((c) => scannedBytesOf(c) ?? []);
  return values.length > 0 ? median(values) : null;
}

function detectGroup(
  group: FingerprintGroup,
  snapshot: WorkloadSnapshot,
  thresholds: RegressionThresholds,
): FindingDraft<RegressionEvidence> | undefined {
  // A cache hit is instant whatever the query costs: early hits would make later executions look slow.
  const runs = group.jobs.filter(
    (c) =>
      c.job.state === 'COMPLETED' &&
      c.resultsCacheHit !== true &&
      c.job.durationMs !== null &&
      !(c.job.queryType ?? '').startsWith('ACCELERATOR'),
  );
  const durations = runs.map((c) => c.job.durationMs!);
  const step = findStepUp(durations, {
    minBefore: thresholds.minBaselineRuns,
    minAfter: thresholds.minRecentRuns,
    maxPValue: thresholds.maxPValue,
  });
  if (step === undefined) return undefined;
  const baseline = describeDistribution(durations.slice(0, step.index));
  const recentMedianMs = median(durations.slice(step.index));
  const medianRatio = recentMedianMs / Math.max(1, baseline.p50);
  const first = runs[step.index]!;
  const sinceDays = (snapshot.window.to.getTime() - first.job.timestamps.submittedAt.getTime()) / DAY_MS;
  const recentPerDay = (runs.length - step.index) / Math.max(sinceDays, 1 / 24);
  const impactMsPerDay = Math.max(0, recentMedianMs - baseline.p50) * recentPerDay;
  const assessment = assess({
    symptoms: [
      { quantity: 'medianRatio', value: medianRatio, unit: 'ratio', ladder: thresholds.medianRatio },
    ],
    timeShare: medianRatio > 0 ? 1 - 1 / medianRatio : 0,
    impactMsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const recent = runs.slice(step.index);
  return {
    severity: assessment.severity,
    confidence: Math.min(0.99, 1 - step.pValue),
    title: `Runs slowed ${medianRatio.toFixed(1)}× (median ${formatDuration(baseline.p50)} → ${formatDuration(recentMedianMs)}) since ${first.job.timestamps.submittedAt.toISOString()}`,
    subject: { kind: 'fingerprint', fingerprint: group.fingerprint, sampleSql: group.sampleSql },
    jobIds: recent.map((c) => c.job.jobId),
    impactMsPerDay,
    evidence: {
      firstRegressedJobId: first.job.jobId,
      startedAt: first.job.timestamps.submittedAt.toISOString(),
      baselineRuns: step.index,
      recentRuns: runs.length - step.index,
      baselineMedianMs: baseline.p50,
      baselineP95Ms: baseline.p95,
      baselineMadMs: baseline.mad,
      recentMedianMs,
      medianRatio,
      baselineMedianBytesScanned: bytesMedian(runs.slice(0, step.index)),
      recentMedianBytesScanned: bytesMedian(recent),
      mannWhitneyU: step.u,
      z: step.z,
      pValue: step.pValue,
      splitsTested: step.candidates,
      changes: whatChanged({ runs, index: step.index, snapshot, compareRuns: thresholds.compareRuns }),
      thresholds: assessment.thresholds,
    },
  };
}

function detect(snapshot: WorkloadSnapshot, thresholds: RegressionThresholds): readonly FindingDraft[] {
  return [...snapshot.fingerprints.values()].flatMap(
    (group) => detectGroup(group, snapshot, thresholds) ?? [],
  );
}

/** A fingerprint that became significantly and materially slower, with when and what changed. */
export const regressionDetector: WorkloadDetector<RegressionThresholds> = {
  id: 'regression',
  scope: 'workload',
  title: 'Query got slower',
  rule:
    "Orders a fingerprint's completed runs (results-cache hits left out) by submission and locates the step up in duration with Pettitt's " +
    'rank change-point statistic, keeping at least minBaselineRuns before and minRecentRuns after. Flags it when ' +
    'the later runs are slower by a one-sided Mann–Whitney U test (p Bonferroni-adjusted for the splits tried) ' +
    'below maxPValue and their median reaches the lowest median-ratio rung. It reports the first regressed run ' +
    'and what changed around it: operator set, acceleration, Dremio version, queue, failing reflections, file count.',
  needs: ['fingerprint-history'],
  defaults,
  schema,
  detect,
};
