import { z } from 'zod';
import type {
  DetectorThresholds,
  FindingDraft,
  JobContext,
  JobDetector,
  JobHit,
  WorkloadDetector,
  WorkloadSnapshot,
} from '../../src/analysis/detector.js';
import { ascending, type Ladder, ladderSchema } from '../../src/analysis/ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../../src/analysis/stake.js';

/**
 * Small detectors with real ladders and damping for testing the framework (grouping, needs, thresholds,
 * persistence) independently of the product's detectors, whose rules change while they are calibrated.
 */
export interface SlowThresholds extends DetectorThresholds {
  readonly durationMs: Ladder;
}

const slowSchema = z.object({ durationMs: ladderSchema, stake: stakeThresholdsSchema });

/** Fires on a job whose duration reaches the ladder; needs only the job row. */
export const slowJobDetector: JobDetector<SlowThresholds> = {
  id: 'planning-time',
  scope: 'job',
  title: 'Slow job (test)',
  rule: 'A job whose duration reaches the ladder.',
  needs: ['job'],
  defaults: { durationMs: ascending(1_000, 5_000, 20_000, 60_000), stake: DEFAULT_STAKE },
  schema: slowSchema,
  detect(context: JobContext, t: SlowThresholds): JobHit | undefined {
    const durationMs = context.job.durationMs ?? 0;
    const assessment = assess({
      symptoms: [{ quantity: 'durationMs', value: durationMs, unit: 'ms', ladder: t.durationMs }],
      impactMsPerDay: durationMs * context.runsPerDay,
      stake: t.stake,
    });
    if (assessment === undefined) return undefined;
    return {
      severity: assessment.severity,
      confidence: 0.9,
      title: `Job ran ${durationMs} ms`,
      evidence: { durationMs, thresholds: assessment.thresholds },
      timeAtStakeMs: durationMs,
    };
  },
};

/** Fires on every profiled job whose profile reports spill; needs the profile. */
export const profileSpillDetector: JobDetector<SlowThresholds> = {
  ...slowJobDetector,
  id: 'spill',
  title: 'Spill (test)',
  needs: ['job', 'profile'],
  detect(context: JobContext, t: SlowThresholds): JobHit | undefined {
    const spilledBytes = context.profile?.spill.totalBytes ?? 0;
    if (spilledBytes <= 0) return undefined;
    return slowJobDetector.detect(context, t);
  },
};

/** One finding per dataset in the snapshot; needs datasets. */
export const datasetDetector: WorkloadDetector<DetectorThresholds> = {
  id: 'small-files',
  scope: 'workload',
  title: 'Dataset (test)',
  rule: 'Every dataset.',
  needs: ['datasets'],
  defaults: { stake: DEFAULT_STAKE },
  schema: z.object({ stake: stakeThresholdsSchema }),
  detect(snapshot: WorkloadSnapshot): readonly FindingDraft[] {
    return [...snapshot.datasets.values()].map((d) => ({
      severity: 'medium',
      confidence: 0.8,
      title: `Dataset ${d.path}`,
      subject: { kind: 'dataset', path: d.path },
      jobIds: snapshot.jobs.filter((j) => j.job.queriedDatasets.includes(d.path)).map((j) => j.job.jobId),
      evidence: { fileCount: d.files[0]?.fileCount ?? 0, thresholds: [] },
      impactMsPerDay: 1000,
    }));
  },
};

/** Throws on every input: the runner must record it and go on. */
export const brokenDetector: JobDetector<DetectorThresholds> = {
  id: 'skew',
  scope: 'job',
  title: 'Broken (test)',
  rule: 'Always throws.',
  needs: ['job'],
  defaults: { stake: DEFAULT_STAKE },
  schema: z.object({ stake: stakeThresholdsSchema }),
  detect(): JobHit | undefined {
    throw new Error('boom');
  },
};
