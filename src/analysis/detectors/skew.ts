import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { FragmentSummary, OperatorSummary, ProfileSummary } from '../../domain/profile-summary.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface SkewThresholds extends DetectorThresholds {
  /** Slowest minor fragment's process time over the median minor's, within one major fragment. */
  readonly processMaxOverMedian: Ladder;
  /** The slowest minor must have worked at least this long: skew in a short phase costs nothing. */
  readonly minSlowestMinorMs: number;
  /** Time lost waiting for the straggler, as a share of the job's duration, below which skew is noise. */
  readonly minTimeShare: number;
}

export type SkewEvidence = {
  readonly majorFragmentId: number;
  readonly minorFragmentCount: number;
  readonly processMaxOverMedian: number;
  readonly recordsMaxOverMedian: number;
  readonly slowestMinorProcessMs: number;
  readonly medianMinorProcessMs: number;
  /** Slowest minus median: how much longer the phase ran than a balanced one would have. */
  readonly excessMs: number;
  /** The operator of that fragment with the most uneven process time (`MM-OO`). */
  readonly operatorKey: string | null;
  readonly operatorType: string | null;
  readonly durationMs: number;
  readonly timeShare: number;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: SkewThresholds = {
  // Drill warns at max/avg ≥ 2 with the slowest fragment ≥ 2 s; Dr. Elephant's deviation rungs are 2/4/8/16.
  processMaxOverMedian: ascending(2, 4, 8, 16),
  minSlowestMinorMs: 2000,
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  processMaxOverMedian: ladderSchema,
  minSlowestMinorMs: z.number().nonnegative(),
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function excessMs(fragment: FragmentSummary): number {
  return (fragment.processNanos.max - fragment.processNanos.median) / 1e6;
}

/** The fragment whose straggler costs the most time, among those over the floors. */
function worstFragment(profile: ProfileSummary, thresholds: SkewThresholds): FragmentSummary | undefined {
  let worst: FragmentSummary | undefined;
  for (const fragment of profile.fragments) {
    if (fragment.minorFragmentCount < 2) continue;
    if (fragment.processNanos.max / 1e6 < thresholds.minSlowestMinorMs) continue;
    if (fragment.skew.processMaxOverMedian < thresholds.processMaxOverMedian.low) continue;
    if (worst === undefined || excessMs(fragment) > excessMs(worst)) worst = fragment;
  }
  return worst;
}

function unevenOperator(profile: ProfileSummary, majorFragmentId: number): OperatorSummary | undefined {
  let best: OperatorSummary | undefined;
  const gap = (op: OperatorSummary) => op.processNanos.max - op.processNanos.median;
  for (const op of profile.operators) {
    if (op.majorFragmentId !== majorFragmentId) continue;
    if (best === undefined || gap(op) > gap(best)) best = op;
  }
  return best;
}

function detect(context: JobContext, thresholds: SkewThresholds): JobHit<SkewEvidence> | undefined {
  const profile = context.profile;
  if (profile === undefined) return undefined;
  const fragment = worstFragment(profile, thresholds);
  if (fragment === undefined) return undefined;
  const durationMs = context.job.durationMs ?? profile.durationMs;
  const timeAtStakeMs = excessMs(fragment);
  const timeShare = durationMs > 0 ? Math.min(1, timeAtStakeMs / durationMs) : 0;
  if (timeShare < thresholds.minTimeShare) return undefined;
  const assessment = assess({
    symptoms: [
      {
        quantity: 'processMaxOverMedian',
        value: fragment.skew.processMaxOverMedian,
        unit: 'ratio',
        ladder: thresholds.processMaxOverMedian,
      },
    ],
    timeShare,
    impactMsPerDay: timeAtStakeMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const operator = unevenOperator(profile, fragment.majorFragmentId);
  return {
    severity: assessment.severity,
    confidence: fragment.minorFragmentCount >= 4 ? 0.9 : 0.7,
    title: `Major fragment ${fragment.majorFragmentId} is skewed: slowest minor ${fragment.skew.processMaxOverMedian.toFixed(1)}× the median`,
    timeAtStakeMs,
    evidence: {
      majorFragmentId: fragment.majorFragmentId,
      minorFragmentCount: fragment.minorFragmentCount,
      processMaxOverMedian: fragment.skew.processMaxOverMedian,
      recordsMaxOverMedian: fragment.skew.recordsMaxOverMedian,
      slowestMinorProcessMs: fragment.processNanos.max / 1e6,
      medianMinorProcessMs: fragment.processNanos.median / 1e6,
      excessMs: timeAtStakeMs,
      operatorKey: operator?.key ?? null,
      operatorType: operator?.typeName ?? null,
      durationMs,
      timeShare,
      thresholds: assessment.thresholds,
    },
  };
}

/** One minor fragment of a phase works far longer than its siblings, and the job waits for it. */
export const skewDetector: JobDetector<SkewThresholds> = {
  id: 'skew',
  scope: 'job',
  title: 'Work is skewed across minor fragments',
  rule:
    "Within each major fragment, compares the slowest minor fragment's process time with the median minor's. " +
    'Flags the fragment whose straggler costs the most when the ratio reaches the lowest rung, the slowest minor ' +
    'worked at least minSlowestMinorMs, and the excess (slowest minus median) is at least minTimeShare of the job.',
  needs: ['job', 'profile'],
  defaults,
  schema,
  detect,
};
