import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { OperatorSummary, ProfileSummary } from '../../domain/profile-summary.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { runningMsOf } from '../job-time.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface RowEstimateThresholds extends DetectorThresholds {
  /** max(estimated, actual) / min(estimated, actual) rows of one operator. */
  readonly estimateErrorRatio: Ladder;
  /** Operators whose estimate and actual rows both stay below this are cheap whichever plan is chosen. */
  readonly minRows: number;
  /** The operator's share of the job's operator time below which the error does not matter. */
  readonly minTimeShare: number;
}

export type RowEstimateEvidence = {
  readonly operatorKey: string;
  readonly operatorType: string;
  readonly planNodeName: string | null;
  readonly estimatedRows: number;
  readonly actualRows: number;
  readonly estimateErrorRatio: number;
  readonly direction: 'underestimate' | 'overestimate';
  readonly processMs: number;
  readonly totalProcessMs: number;
  readonly timeShare: number;
  readonly runningMs: number;
  /** Every operator over the floors and the lowest rung, costliest first (at most five). */
  readonly misestimatedOperators: readonly {
    readonly key: string;
    readonly estimatedRows: number;
    readonly actualRows: number;
  }[];
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: RowEstimateThresholds = {
  // dqd: max(est, act) / min(est, act) > 10 on an operator taking > 5% of the query time.
  estimateErrorRatio: ascending(10, 30, 100, 1000),
  minRows: 100_000,
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  estimateErrorRatio: ladderSchema,
  minRows: z.number().nonnegative(),
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function errorRatio(op: OperatorSummary): number {
  const estimated = op.estimatedRows ?? 0;
  return Math.max(estimated, op.recordsOut) / Math.max(1, Math.min(estimated, op.recordsOut));
}

/** Writers emit one summary row per fragment, not the rows they wrote, so their estimate never matches. */
function isWriter(op: OperatorSummary): boolean {
  return op.typeName.includes('WRITER');
}

function misestimated(profile: ProfileSummary, thresholds: RowEstimateThresholds): OperatorSummary[] {
  return profile.operators
    .filter(
      (op) =>
        op.estimatedRows !== undefined &&
        !isWriter(op) &&
        op.recordsOutSource !== 'unknown' &&
        Math.max(op.estimatedRows, op.recordsOut) >= thresholds.minRows &&
        op.processNanos.sum / profile.totalProcessNanos >= thresholds.minTimeShare &&
        errorRatio(op) >= thresholds.estimateErrorRatio.low,
    )
    .sort((a, b) => b.processNanos.sum - a.processNanos.sum);
}

function detect(
  context: JobContext,
  thresholds: RowEstimateThresholds,
): JobHit<RowEstimateEvidence> | undefined {
  const profile = context.profile;
  if (profile === undefined || profile.totalProcessNanos <= 0) return undefined;
  const candidates = misestimated(profile, thresholds);
  const op = candidates[0];
  if (op === undefined || op.estimatedRows === undefined) return undefined;
  const ratio = errorRatio(op);
  const timeShare = op.processNanos.sum / profile.totalProcessNanos;
  const runningMs = runningMsOf(context, profile);
  const timeAtStakeMs = timeShare * runningMs;
  const assessment = assess({
    symptoms: [
      { quantity: 'estimateErrorRatio', value: ratio, unit: 'ratio', ladder: thresholds.estimateErrorRatio },
    ],
    timeShare,
    impactMsPerDay: timeAtStakeMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    // The plan's rowcount and the profile's records are both exact; whether the error changed the plan is not.
    confidence: 0.8,
    title: `Operator ${op.key} (${op.typeName}) row estimate is ${ratio.toFixed(0)}× off`,
    timeAtStakeMs,
    evidence: {
      operatorKey: op.key,
      operatorType: op.typeName,
      planNodeName: op.planNodeName ?? null,
      estimatedRows: op.estimatedRows,
      actualRows: op.recordsOut,
      estimateErrorRatio: ratio,
      direction: op.estimatedRows < op.recordsOut ? 'underestimate' : 'overestimate',
      processMs: op.processNanos.sum / 1e6,
      totalProcessMs: profile.totalProcessNanos / 1e6,
      timeShare,
      runningMs,
      misestimatedOperators: candidates.slice(0, 5).map((c) => ({
        key: c.key,
        estimatedRows: c.estimatedRows ?? 0,
        actualRows: c.recordsOut,
      })),
      thresholds: assessment.thresholds,
    },
  };
}

/** The planner's row estimate for a costly operator is off by an order of magnitude or more. */
export const rowEstimateDetector: JobDetector<RowEstimateThresholds> = {
  id: 'row-estimate',
  scope: 'job',
  title: 'Row estimate far from actual',
  rule:
    "Compares each operator's plan rowcount with the records it actually produced. Flags the costliest operator " +
    'whose larger/smaller ratio reaches the lowest rung, that handled at least minRows (estimated or actual) and ' +
    "took at least minTimeShare of the job's operator time. Severity is the ratio rung, damped by time at stake.",
  needs: ['job', 'profile'],
  defaults,
  schema,
  detect,
};
