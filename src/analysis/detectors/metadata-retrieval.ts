import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import { formatDuration, formatPercent } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface MetadataRetrievalThresholds extends DetectorThresholds {
  /** Time in the METADATA_RETRIEVAL state: reading or refreshing dataset metadata before planning. */
  readonly metadataRetrievalMs: Ladder;
  /** Share of the job's duration below which metadata is not the problem. */
  readonly minTimeShare: number;
}

export type MetadataRetrievalEvidence = {
  readonly metadataRetrievalMs: number;
  readonly durationMs: number;
  readonly timeShare: number;
  /** The physical datasets (tables, files) whose metadata the job needed: the ones to refresh. */
  readonly tables: readonly string[];
  readonly source: 'profile' | 'job';
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: MetadataRetrievalThresholds = {
  // With valid cached metadata this state takes milliseconds; a second or more means the metadata
  // expired (or was never read) and Dremio refreshed it inline, listing files on the query's time.
  metadataRetrievalMs: ascending(1_000, 5_000, 15_000, 60_000),
  minTimeShare: 0.2,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  metadataRetrievalMs: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  stake: stakeThresholdsSchema,
});

function retrieval(context: JobContext): { ms: number; source: 'profile' | 'job' } | undefined {
  const profile = context.profile;
  if (profile !== undefined && profile.states.length > 0)
    return { ms: profile.stateDurationsMs.metadataRetrieval, source: 'profile' };
  const ms = context.job.phases.metadataRetrievalMs;
  return ms === null ? undefined : { ms, source: 'job' };
}

function tablesOf(context: JobContext): readonly string[] {
  const physical = (context.profile?.datasets ?? []).filter((d) => d.kind === 'physical').map((d) => d.path);
  if (physical.length > 0) return [...new Set(physical)];
  const scanned = context.job.scannedDatasets;
  return [...new Set(scanned.length > 0 ? scanned : context.job.queriedDatasets)];
}

function detect(
  context: JobContext,
  thresholds: MetadataRetrievalThresholds,
): JobHit<MetadataRetrievalEvidence> | undefined {
  const times = retrieval(context);
  const durationMs = context.job.durationMs ?? context.profile?.durationMs ?? 0;
  if (times === undefined || times.ms <= 0 || durationMs <= 0) return undefined;
  const timeShare = Math.min(1, times.ms / durationMs);
  if (timeShare < thresholds.minTimeShare) return undefined;
  const assessment = assess({
    symptoms: [
      {
        quantity: 'metadataRetrievalMs',
        value: times.ms,
        unit: 'ms',
        ladder: thresholds.metadataRetrievalMs,
      },
    ],
    timeShare,
    impactMsPerDay: times.ms * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const tables = tablesOf(context);
  return {
    severity: assessment.severity,
    confidence: times.source === 'profile' ? 0.9 : 0.8,
    title: `Metadata retrieval took ${formatDuration(times.ms)} (${formatPercent(timeShare)} of the query)`,
    timeAtStakeMs: times.ms,
    evidence: {
      metadataRetrievalMs: times.ms,
      durationMs,
      timeShare,
      tables,
      source: times.source,
      thresholds: assessment.thresholds,
    },
  };
}

/** The query waited for dataset metadata: expired or never-cached metadata refreshed inline. */
export const metadataRetrievalDetector: JobDetector<MetadataRetrievalThresholds> = {
  id: 'metadata-retrieval',
  scope: 'job',
  title: 'Slow metadata retrieval',
  rule:
    "Reads the job's time in the METADATA_RETRIEVAL state (the profile's state list when present, else the job " +
    "row's phase columns). Flags it when it reaches the lowest rung and at least minTimeShare of the job's " +
    'duration, naming the physical datasets the job read: their metadata was expired or not cached, so Dremio ' +
    "refreshed it on the query's time.",
  needs: ['job'],
  defaults,
  schema,
  detect,
};
