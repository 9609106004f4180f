import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { OperatorSummary, ProfileSummary } from '../../domain/profile-summary.js';
import { formatBytes } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { runningMsOf } from '../job-time.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

export interface SpillThresholds extends DetectorThresholds {
  /** Bytes written to disk by HashAgg, Sort and HashJoin, as Dremio sums them for the job's `spilled` flag. */
  readonly spilledBytes: Ladder;
  /** The spilling operators' share of the job's operator time below which spill is not the problem. */
  readonly minTimeShare: number;
}

export interface SpillingOperator {
  readonly key: string;
  readonly typeName: string;
  readonly processMs: number;
  readonly peakMemoryBytes: number;
}

export type SpillEvidence = {
  readonly spilledBytes: number;
  readonly hashAggSpilledBytes: number;
  readonly sortSpilledBytes: number;
  readonly hashJoinSpilledBytes: number;
  readonly operators: readonly SpillingOperator[];
  readonly spillingProcessMs: number;
  readonly totalProcessMs: number;
  readonly timeShare: number;
  readonly runningMs: number;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: SpillThresholds = {
  // StarRocks treats > 1 GB spilled as a memory problem; a few hundred MB is routine for big sorts.
  spilledBytes: ascending(128 * MIB, 1 * GIB, 4 * GIB, 16 * GIB),
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  spilledBytes: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function spillingOperators(profile: ProfileSummary): readonly OperatorSummary[] {
  const keys = new Set(profile.spill.operatorKeys);
  return profile.operators.filter((op) => keys.has(op.key));
}

function detect(context: JobContext, thresholds: SpillThresholds): JobHit<SpillEvidence> | undefined {
  const profile = context.profile;
  if (profile === undefined || profile.spill.totalBytes <= 0 || profile.totalProcessNanos <= 0) {
    return undefined;
  }
  const operators = spillingOperators(profile);
  const spillingNanos = operators.reduce((sum, op) => sum + op.processNanos.sum, 0);
  const timeShare = spillingNanos / profile.totalProcessNanos;
  if (timeShare < thresholds.minTimeShare) return undefined;
  const runningMs = runningMsOf(context, profile);
  const timeAtStakeMs = timeShare * runningMs;
  const assessment = assess({
    symptoms: [
      {
        quantity: 'spilledBytes',
        value: profile.spill.totalBytes,
        unit: 'bytes',
        ladder: thresholds.spilledBytes,
      },
    ],
    timeShare,
    impactMsPerDay: timeAtStakeMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    // Spill metrics are counted by the operators themselves; only the time attribution is estimated.
    confidence: 0.95,
    title: `Spilled ${formatBytes(profile.spill.totalBytes)} to disk`,
    timeAtStakeMs,
    evidence: {
      spilledBytes: profile.spill.totalBytes,
      hashAggSpilledBytes: profile.spill.hashAggBytes,
      sortSpilledBytes: profile.spill.sortBytes,
      hashJoinSpilledBytes: profile.spill.hashJoinBytes,
      operators: operators.map((op) => ({
        key: op.key,
        typeName: op.typeName,
        processMs: op.processNanos.sum / 1e6,
        peakMemoryBytes: op.peakMemoryBytes,
      })),
      spillingProcessMs: spillingNanos / 1e6,
      totalProcessMs: profile.totalProcessNanos / 1e6,
      timeShare,
      runningMs,
      thresholds: assessment.thresholds,
    },
  };
}

/** HashAgg, Sort or HashJoin spilled to disk, costing a material share of the job's time. */
export const spillDetector: JobDetector<SpillThresholds> = {
  id: 'spill',
  scope: 'job',
  title: 'Operators spill to disk',
  rule:
    'Flags a job whose HashAgg, ExternalSort or HashJoin operators wrote data to disk (the bytes Dremio sums for ' +
    "the job's spilled flag) when the spilling operators account for at least minTimeShare of the operator time. " +
    'Severity is the spilled-bytes rung, damped by that time share and by the time at stake per day.',
  needs: ['job', 'profile'],
  defaults,
  schema,
  detect,
};
