import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import { formatDuration } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface QueueWaitThresholds extends DetectorThresholds {
  /** Time in the QUEUED state, waiting for a workload-management slot. */
  readonly queuedMs: Ladder;
  /** Share of the job's duration below which the wait is not the problem. */
  readonly minTimeShare: number;
}

export type QueueWaitEvidence = {
  readonly queuedMs: number;
  readonly engineStartMs: number | null;
  readonly durationMs: number;
  readonly timeShare: number;
  readonly queueName: string | null;
  readonly queueId: string | null;
  readonly ruleName: string | null;
  readonly engine: string | null;
  readonly plannerEstimatedCost: number | null;
  /** Where the phase times came from: the profile's state list or the job row's phase columns. */
  readonly source: 'profile' | 'job';
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: QueueWaitThresholds = {
  // pganalyze warns on 300 s of blocking and Dr. Elephant measures queue time against a 15-minute timeout;
  // a normal admission takes well under a second, so 10 s of queueing is already unusual.
  queuedMs: ascending(10_000, 60_000, 300_000, 900_000),
  minTimeShare: 0.05,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  queuedMs: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

interface QueueTimes {
  readonly queuedMs: number;
  readonly engineStartMs: number | null;
  readonly source: 'profile' | 'job';
}

function queueTimes(context: JobContext): QueueTimes | undefined {
  const profile = context.profile;
  if (profile !== undefined && profile.states.length > 0) {
    const d = profile.stateDurationsMs;
    return { queuedMs: d.queued, engineStartMs: d.engineStart, source: 'profile' };
  }
  const queuedMs = context.job.phases.queuedMs;
  if (queuedMs === null) return undefined;
  return { queuedMs, engineStartMs: context.job.phases.engineStartMs, source: 'job' };
}

function detect(context: JobContext, thresholds: QueueWaitThresholds): JobHit<QueueWaitEvidence> | undefined {
  const times = queueTimes(context);
  const durationMs = context.job.durationMs ?? context.profile?.durationMs ?? 0;
  if (times === undefined || times.queuedMs <= 0 || durationMs <= 0) return undefined;
  const timeShare = Math.min(1, times.queuedMs / durationMs);
  if (timeShare < thresholds.minTimeShare) return undefined;
  const assessment = assess({
    symptoms: [{ quantity: 'queuedMs', value: times.queuedMs, unit: 'ms', ladder: thresholds.queuedMs }],
    timeShare,
    impactMsPerDay: times.queuedMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const queue = context.profile?.queue;
  return {
    severity: assessment.severity,
    confidence: 0.9,
    title: `Waited ${formatDuration(times.queuedMs)} in queue ${context.job.queueName ?? queue?.queueName ?? '(unknown)'}`,
    timeAtStakeMs: times.queuedMs,
    evidence: {
      queuedMs: times.queuedMs,
      engineStartMs: times.engineStartMs,
      durationMs,
      timeShare,
      queueName: context.job.queueName ?? (queue?.queueName || null),
      queueId: queue?.queueId || null,
      ruleName: queue?.ruleName || null,
      engine: context.job.engine ?? (queue?.engineName || null),
      plannerEstimatedCost: context.job.plannerEstimatedCost,
      source: times.source,
      thresholds: assessment.thresholds,
    },
  };
}

/** The job waited for a workload-management slot before it could run. */
export const queueWaitDetector: JobDetector<QueueWaitThresholds> = {
  id: 'queue-wait',
  scope: 'job',
  title: 'Long wait in the WLM queue',
  rule:
    "Reads the job's time in the QUEUED state (the profile's state list when present, else the job row's phase " +
    "columns). Flags it when it reaches the lowest rung and at least minTimeShare of the job's duration; the queued " +
    'time is the time at stake, so a rare job that waited is damped by its frequency.',
  needs: ['job'],
  defaults,
  schema,
  detect,
};
