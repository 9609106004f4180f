import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { JoinSummary, ProfileSummary } from '../../domain/profile-summary.js';
import { formatCompactCount } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { runningMsOf } from '../job-time.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface NestedLoopJoinThresholds extends DetectorThresholds {
  /** Row pairs the join compares: probe × build records met in each minor fragment, summed. */
  readonly comparedPairs: Ladder;
  /** The join's share of the job's operator time below which it does not matter. */
  readonly minTimeShare: number;
}

export type NestedLoopJoinEvidence = {
  readonly operatorKey: string;
  readonly joinType: string;
  readonly condition: string | null;
  readonly probeRecords: number;
  readonly buildRecords: number;
  readonly outputRecords: number;
  readonly comparedPairs: number;
  readonly processMs: number;
  readonly totalProcessMs: number;
  readonly timeShare: number;
  readonly runningMs: number;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: NestedLoopJoinThresholds = {
  // dqd flags every NestedLoopJoin; we keep the ones that compare at least 10^8 pairs (about 0.1 s of
  // pair checks), since a cross join with a one-row side (a scalar subquery) is harmless.
  comparedPairs: ascending(1e8, 1e9, 1e10, 1e11),
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  comparedPairs: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function pairsOf(join: JoinSummary): number {
  // A side of at most one row turns the loop into a projection: no quadratic work.
  if (Math.min(join.probeRecords, join.buildRecords) <= 1) return 0;
  // Pairs are met per minor fragment: a build side broadcast to N fragments is not N times the work
  // per probe row. Summaries stored before comparedPairs existed fall back to the product.
  return Number.isFinite(join.comparedPairs) ? join.comparedPairs : join.probeRecords * join.buildRecords;
}

function costliestLoop(profile: ProfileSummary): JoinSummary | undefined {
  let worst: JoinSummary | undefined;
  for (const join of profile.joins) {
    if (join.kind !== 'nested-loop' || pairsOf(join) === 0) continue;
    if (worst === undefined || join.processNanos > worst.processNanos) worst = join;
  }
  return worst;
}

function detect(
  context: JobContext,
  thresholds: NestedLoopJoinThresholds,
): JobHit<NestedLoopJoinEvidence> | undefined {
  const profile = context.profile;
  if (profile === undefined || profile.totalProcessNanos <= 0) return undefined;
  const join = costliestLoop(profile);
  if (join === undefined) return undefined;
  const timeShare = join.processNanos / profile.totalProcessNanos;
  if (timeShare < thresholds.minTimeShare) return undefined;
  const runningMs = runningMsOf(context, profile);
  const timeAtStakeMs = timeShare * runningMs;
  const comparedPairs = pairsOf(join);
  const assessment = assess({
    symptoms: [
      { quantity: 'comparedPairs', value: comparedPairs, unit: 'pairs', ladder: thresholds.comparedPairs },
    ],
    timeShare,
    impactMsPerDay: timeAtStakeMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    confidence: 0.95,
    title: `Nested-loop join ${join.key} compares ${formatCompactCount(comparedPairs)} row pairs`,
    timeAtStakeMs,
    evidence: {
      operatorKey: join.key,
      joinType: join.joinType,
      condition: join.condition ?? null,
      probeRecords: join.probeRecords,
      buildRecords: join.buildRecords,
      outputRecords: join.outputRecords,
      comparedPairs,
      processMs: join.processNanos / 1e6,
      totalProcessMs: profile.totalProcessNanos / 1e6,
      timeShare,
      runningMs,
      thresholds: assessment.thresholds,
    },
  };
}

/** The planner fell back to a nested-loop join (no equality condition it could hash on). */
export const nestedLoopJoinDetector: JobDetector<NestedLoopJoinThresholds> = {
  id: 'nested-loop-join',
  scope: 'job',
  title: 'Nested-loop join',
  rule:
    'Flags the costliest NestedLoopJoin in the profile when it compares at least the lowest rung of row pairs ' +
    "(probe × build records met in each minor fragment, both sides above one row) and takes at least minTimeShare of the job's operator " +
    'time. Severity is the pairs rung, damped by that time share and by the time at stake per day.',
  needs: ['job', 'profile'],
  defaults,
  schema,
  detect,
};
