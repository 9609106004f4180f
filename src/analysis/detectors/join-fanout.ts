import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { JoinSummary, ProfileSummary } from '../../domain/profile-summary.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { runningMsOf } from '../job-time.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface JoinFanoutThresholds extends DetectorThresholds {
  /** Join output rows over its larger input: > 1 means the join returns more rows than either side. */
  readonly outputToInputRatio: Ladder;
  /** Joins producing fewer rows than this are cheap whatever their ratio. */
  readonly minOutputRecords: number;
  /** The join's share of the job's operator time below which it does not matter. */
  readonly minTimeShare: number;
}

export type JoinFanoutEvidence = {
  readonly operatorKey: string;
  readonly joinKind: string;
  readonly joinType: string;
  readonly condition: string | null;
  readonly probeRecords: number;
  readonly buildRecords: number;
  readonly outputRecords: number;
  readonly outputToInputRatio: number;
  readonly estimatedRows: number | null;
  readonly processMs: number;
  readonly totalProcessMs: number;
  readonly timeShare: number;
  readonly runningMs: number;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: JoinFanoutThresholds = {
  // Dremio calls a join "expanding" when it returns more rows than either input; a 2–3× expansion is a
  // normal one-to-few join, so the lowest rung starts at 5× (the zbel plan marks > 10× HIGH).
  outputToInputRatio: ascending(5, 10, 30, 100),
  minOutputRecords: 1_000_000,
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  outputToInputRatio: ladderSchema,
  minOutputRecords: z.number().nonnegative(),
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function ratioOf(join: JoinSummary): number {
  return join.outputRecords / Math.max(join.probeRecords, join.buildRecords, 1);
}

function worstJoin(profile: ProfileSummary, thresholds: JoinFanoutThresholds): JoinSummary | undefined {
  let worst: JoinSummary | undefined;
  for (const join of profile.joins) {
    if (join.outputRecords < thresholds.minOutputRecords) continue;
    if (ratioOf(join) < thresholds.outputToInputRatio.low) continue;
    if (join.processNanos / profile.totalProcessNanos < thresholds.minTimeShare) continue;
    if (worst === undefined || join.processNanos > worst.processNanos) worst = join;
  }
  return worst;
}

function detect(
  context: JobContext,
  thresholds: JoinFanoutThresholds,
): JobHit<JoinFanoutEvidence> | undefined {
  const profile = context.profile;
  if (profile === undefined || profile.totalProcessNanos <= 0) return undefined;
  const join = worstJoin(profile, thresholds);
  if (join === undefined) return undefined;
  const ratio = ratioOf(join);
  const timeShare = join.processNanos / profile.totalProcessNanos;
  const runningMs = runningMsOf(context, profile);
  const timeAtStakeMs = timeShare * runningMs;
  const assessment = assess({
    symptoms: [
      { quantity: 'outputToInputRatio', value: ratio, unit: 'ratio', ladder: thresholds.outputToInputRatio },
    ],
    timeShare,
    impactMsPerDay: timeAtStakeMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    confidence: 0.9,
    title: `Join ${join.key} returns ${ratio.toFixed(1)}× the rows of its larger input`,
    timeAtStakeMs,
    evidence: {
      operatorKey: join.key,
      joinKind: join.kind,
      joinType: join.joinType,
      condition: join.condition ?? null,
      probeRecords: join.probeRecords,
      buildRecords: join.buildRecords,
      outputRecords: join.outputRecords,
      outputToInputRatio: ratio,
      estimatedRows: join.estimatedRows ?? null,
      processMs: join.processNanos / 1e6,
      totalProcessMs: profile.totalProcessNanos / 1e6,
      timeShare,
      runningMs,
      thresholds: assessment.thresholds,
    },
  };
}

/** A join whose output dwarfs both inputs (a many-to-many key or a missing join condition). */
export const joinFanoutDetector: JobDetector<JoinFanoutThresholds> = {
  id: 'join-fanout',
  scope: 'job',
  title: 'Join multiplies rows',
  rule:
    'For every join in the profile, divides its output records by its larger input (probe or build). Flags the ' +
    'costliest join whose ratio reaches the lowest rung, that produced at least minOutputRecords rows and took at ' +
    "least minTimeShare of the job's operator time; severity is damped by that time share and the time per day.",
  needs: ['job', 'profile'],
  defaults,
  schema,
  detect,
};
