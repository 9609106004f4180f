import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import { formatCount } from '../../domain/units.js';
import type {
  DetectorThresholds,
  FindingDraft,
  FingerprintGroup,
  JobContext,
  WorkloadDetector,
  WorkloadSnapshot,
} from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';
import { median } from '../stats/percentile.js';

export interface ReflectionMissingThresholds extends DetectorThresholds {
  /** Unaccelerated runs per day of one fingerprint: how repeated the work is. */
  readonly runsPerDay: Ladder;
  /** Unaccelerated runs in the window. */
  readonly minRuns: number;
  /** Median duration of those runs: sub-second queries gain little from a reflection. */
  readonly minMedianDurationMs: number;
}

export type ReflectionMissingEvidence = {
  readonly shape: 'aggregation' | 'scan';
  readonly datasetPaths: readonly string[];
  readonly groupByColumns: readonly string[];
  readonly aggregates: readonly string[];
  readonly runs: number;
  readonly acceleratedRuns: number;
  readonly runsPerDay: number;
  readonly medianDurationMs: number;
  readonly runningMs: number;
  readonly durationMs: number;
  readonly timeShare: number;
  /** Reflections the planner considered or matched but did not choose, by id. */
  readonly consideredReflectionIds: readonly string[];
  readonly sampleJobId: string;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: ReflectionMissingThresholds = {
  // Dremio's usage-based recommendations rank repeated work over the last 7 days; a dashboard tile that runs
  // 8+ times a day is worth materialising, one that runs hundreds of times a day urgently so.
  runsPerDay: ascending(8, 24, 96, 288),
  minRuns: 20,
  // query-analyzer lists non-accelerated SELECTs above 1 s; the zbel plan uses 5 s.
  minMedianDurationMs: 1_000,
  // 20 s of execution a day is the least a reflection's refresh cost is worth.
  stake: { ...DEFAULT_STAKE, minImpactMsPerDay: 20_000 },
};

const schema = z.object({
  runsPerDay: ladderSchema,
  minRuns: z.number().int().nonnegative(),
  minMedianDurationMs: z.number().nonnegative(),
  stake: stakeThresholdsSchema,
});

function isAccelerated(context: JobContext): boolean {
  return (
    context.job.accelerated === true ||
    context.job.reflectionRelationships.some((r) => r.relationship === 'CHOSEN') ||
    context.profile?.acceleration.accelerated === true
  );
}

/** A completed user query that executed: a results-cache hit would not use a reflection either. */
function isUserQuery(context: JobContext): boolean {
  const type = context.job.queryType ?? '';
  return (
    context.job.state === 'COMPLETED' &&
    context.resultsCacheHit !== true &&
    !type.startsWith('ACCELERATOR') &&
    type !== 'UI_PREVIEW'
  );
}

function runningMsOf(context: JobContext): number {
  return context.job.phases.runningMs ?? context.profile?.stateDurationsMs.running ?? 0;
}

function columnName(ref: { readonly name: string } | null): string | null {
  return ref === null ? null : ref.name;
}

function detectGroup(
  group: FingerprintGroup,
  snapshot: WorkloadSnapshot,
  thresholds: ReflectionMissingThresholds,
): FindingDraft<ReflectionMissingEvidence> | undefined {
  const facts = group.facts;
  if (facts?.statementKind !== 'select' || facts.tables.length === 0) return undefined;
  const userRuns = group.jobs.filter(isUserQuery);
  const runs = userRuns.filter((r) => !isAccelerated(r));
  if (runs.length === 0 || runs.length < thresholds.minRuns) return undefined;
  const days = Math.max(snapshot.window.days, 1 / 24);
  const durations = runs.map((r) => r.job.durationMs ?? 0);
  const medianDurationMs = median(durations);
  if (medianDurationMs < thresholds.minMedianDurationMs) return undefined;
  const runningMs = runs.reduce((sum, r) => sum + runningMsOf(r), 0);
  const durationMs = durations.reduce((a, b) => a + b, 0);
  const runsPerDay = runs.length / days;
  const timeShare = durationMs > 0 ? runningMs / durationMs : 0;
  const impactMsPerDay = runningMs / days;
  const assessment = assess({
    symptoms: [
      { quantity: 'runsPerDay', value: runsPerDay, unit: 'runs/day', ladder: thresholds.runsPerDay },
    ],
    timeShare,
    impactMsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const shape = facts.aggregates.length > 0 || facts.groupBy.length > 0 ? 'aggregation' : 'scan';
  const considered = new Set(
    runs.flatMap((r) => r.job.reflectionRelationships.map((rel) => rel.reflectionId)),
  );
  const datasetPaths = [...new Set(runs.flatMap((r) => r.job.queriedDatasets))];
  return {
    severity: assessment.severity,
    confidence: shape === 'aggregation' ? 0.8 : 0.6,
    title: `${formatCount(runs.length)} unaccelerated runs ${shape === 'aggregation' ? 'aggregate' : 'scan'} ${datasetPaths[0] ?? facts.tables[0]!.name} (${runsPerDay.toFixed(1)} a day)`,
    subject: { kind: 'fingerprint', fingerprint: group.fingerprint, sampleSql: group.sampleSql },
    jobIds: runs.map((r) => r.job.jobId),
    impactMsPerDay,
    evidence: {
      shape,
      datasetPaths: datasetPaths.length > 0 ? datasetPaths : facts.tables.map((t) => t.name),
      groupByColumns: facts.groupBy.flatMap((g) => columnName(g.column) ?? []),
      aggregates: facts.aggregates.map(
        (a) => `${a.function}(${a.star ? '*' : (columnName(a.column) ?? '…')})`,
      ),
      runs: runs.length,
      acceleratedRuns: userRuns.length - runs.length,
      runsPerDay,
      medianDurationMs,
      runningMs,
      durationMs,
      timeShare,
      consideredReflectionIds: [...considered].sort(),
      sampleJobId: runs[0]!.job.jobId,
      thresholds: assessment.thresholds,
    },
  };
}

function detect(
  snapshot: WorkloadSnapshot,
  thresholds: ReflectionMissingThresholds,
): readonly FindingDraft[] {
  return [...snapshot.fingerprints.values()].flatMap(
    (group) => detectGroup(group, snapshot, thresholds) ?? [],
  );
}

/** The same aggregation or scan repeated all day without a reflection serving it. */
export const reflectionMissingDetector: WorkloadDetector<ReflectionMissingThresholds> = {
  id: 'reflection-missing',
  scope: 'workload',
  title: 'Repeated work no reflection serves',
  rule:
    'For every SELECT fingerprint, counts its completed user runs that no reflection accelerated (job not ' +
    'accelerated, no CHOSEN relationship, no chosen reflection in the profile). Flags it when those runs reach ' +
    'minRuns and the lowest runs-per-day rung, their median duration is at least minMedianDurationMs and their ' +
    'execution time per day clears the stake floor. A fingerprint a reflection already serves is never flagged.',
  needs: ['fingerprint-history'],
  defaults,
  schema,
  detect,
};
