import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { PlanPhase } from '../../domain/profile-summary.js';
import { formatDuration } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface PlanningTimeThresholds extends DetectorThresholds {
  /** Time in the PLANNING state (the query planner, including reflection matching). */
  readonly planningMs: Ladder;
  /** Share of the job's duration below which planning is not the problem. */
  readonly minTimeShare: number;
}

export type PlanningTimeEvidence = {
  readonly planningMs: number;
  readonly metadataRetrievalMs: number | null;
  readonly durationMs: number;
  readonly timeShare: number;
  /** The three longest planner phases from the profile (`planPhases`), longest first. */
  readonly slowestPhases: readonly PlanPhase[];
  readonly substitutingMs: number | null;
  readonly source: 'profile' | 'job';
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: PlanningTimeThresholds = {
  // Dremio aborts a planner phase after planner.timeout_per_phase_ms = 60 s (PlannerSettings.PLANNING_MAX_MILLIS);
  // ordinary queries plan in well under a second.
  planningMs: ascending(5_000, 15_000, 30_000, 60_000),
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  planningMs: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

interface PlanningTimes {
  readonly planningMs: number;
  readonly metadataRetrievalMs: number | null;
  readonly source: 'profile' | 'job';
}

function planningTimes(context: JobContext): PlanningTimes | undefined {
  const profile = context.profile;
  if (profile !== undefined && profile.states.length > 0) {
    const d = profile.stateDurationsMs;
    return { planningMs: d.planning, metadataRetrievalMs: d.metadataRetrieval, source: 'profile' };
  }
  const planningMs = context.job.phases.planningMs;
  if (planningMs === null) return undefined;
  return { planningMs, metadataRetrievalMs: context.job.phases.metadataRetrievalMs, source: 'job' };
}

function slowestPhases(phases: readonly PlanPhase[]): readonly PlanPhase[] {
  return [...phases]
    .filter((p) => p.durationMs > 0)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3);
}

function detect(
  context: JobContext,
  thresholds: PlanningTimeThresholds,
): JobHit<PlanningTimeEvidence> | undefined {
  const times = planningTimes(context);
  const durationMs = context.job.durationMs ?? context.profile?.durationMs ?? 0;
  if (times === undefined || times.planningMs <= 0 || durationMs <= 0) return undefined;
  const timeShare = Math.min(1, times.planningMs / durationMs);
  if (timeShare < thresholds.minTimeShare) return undefined;
  const assessment = assess({
    symptoms: [
      { quantity: 'planningMs', value: times.planningMs, unit: 'ms', ladder: thresholds.planningMs },
    ],
    timeShare,
    impactMsPerDay: times.planningMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const profile = context.profile;
  return {
    severity: assessment.severity,
    confidence: 0.9,
    title: `Planning took ${formatDuration(times.planningMs)}`,
    timeAtStakeMs: times.planningMs,
    evidence: {
      planningMs: times.planningMs,
      metadataRetrievalMs: times.metadataRetrievalMs,
      durationMs,
      timeShare,
      slowestPhases: profile === undefined ? [] : slowestPhases(profile.planPhases),
      substitutingMs: profile?.acceleration.substitutingMs ?? null,
      source: times.source,
      thresholds: assessment.thresholds,
    },
  };
}

/** The planner itself is slow: complex views, many joins, or reflection matching. */
export const planningTimeDetector: JobDetector<PlanningTimeThresholds> = {
  id: 'planning-time',
  scope: 'job',
  title: 'Slow query planning',
  rule:
    "Reads the job's time in the PLANNING state (the profile's state list when present, else the job row's phase " +
    "columns). Flags it when it reaches the lowest rung and at least minTimeShare of the job's duration; the " +
    "profile's slowest planner phases say where the time went.",
  needs: ['job'],
  defaults,
  schema,
  detect,
};
