import { z } from 'zod';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { Reflection } from '../../domain/reflection.js';
import type {
  DetectorThresholds,
  FindingDraft,
  JobContext,
  WorkloadDetector,
  WorkloadSnapshot,
} from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { hasFailingStatus, refreshJobsByReflection } from '../reflection-health.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface ReflectionUnusedThresholds extends DetectorThresholds {
  /** Days observed without any job choosing the reflection (the window, or its age if younger). */
  readonly idleDays: Ladder;
}

export type ReflectionUnusedEvidence = {
  readonly reflectionType: string;
  readonly status: string | null;
  readonly idleDays: number;
  readonly jobsConsidering: number;
  readonly jobsChoosing: 0;
  readonly consideredCount: number | null;
  readonly matchedCount: number | null;
  readonly chosenCount: number | null;
  readonly footprintBytes: number | null;
  readonly refreshCount: number;
  readonly refreshMs: number;
  readonly refreshMsPerDay: number;
  readonly lastRefreshDurationMs: number | null;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: ReflectionUnusedThresholds = {
  // Dremio's usage-based advice looks back 7 days; autonomous reflections are disabled after 7 idle days and
  // dropped later; pganalyze calls an index unused after 35 days.
  idleDays: ascending(7, 14, 30, 90),
  // Storage alone is worth reporting: the refresh time per day only raises the severity.
  stake: { ...DEFAULT_STAKE, minImpactMsPerDay: 0 },
};

const schema = z.object({ idleDays: ladderSchema, stake: stakeThresholdsSchema });

const DAY_MS = 86_400_000;
function chosenBy(context: JobContext, reflectionId: string): boolean {
  return (
    context.job.reflectionRelationships.some(
      (r) => r.reflectionId === reflectionId && r.relationship === 'CHOSEN',
    ) ||
    (context.profile?.acceleration.reflections.some((r) => r.reflectionId === reflectionId && r.chosen) ??
      false)
  );
}

function detectReflection(
  r: Reflection,
  snapshot: WorkloadSnapshot,
  refreshJobs: readonly JobContext[],
  thresholds: ReflectionUnusedThresholds,
): FindingDraft<ReflectionUnusedEvidence> | undefined {
  if (r.enabled === false || hasFailingStatus(r)) return undefined;
  // chosenCount spans Dremio's whole job retention: used then but not in our window is not "unused".
  if ((r.chosenCount ?? 0) > 0 || snapshot.jobs.some((c) => chosenBy(c, r.reflectionId))) return undefined;
  const windowMs = snapshot.window.to.getTime() - snapshot.window.from.getTime();
  const ageMs = r.createdAt === null ? windowMs : snapshot.window.to.getTime() - r.createdAt.getTime();
  const idleDays = Math.max(0, Math.min(windowMs, ageMs)) / DAY_MS;
  const fromMs = snapshot.window.from.getTime();
  const windowRefreshes = r.refreshes.filter((f) => f.startedAt !== null && f.startedAt.getTime() >= fromMs);
  const refreshMs =
    refreshJobs.length > 0
      ? refreshJobs.reduce((sum, c) => sum + (c.job.durationMs ?? 0), 0)
      : windowRefreshes.reduce((sum, f) => sum + (f.durationMs ?? 0), 0);
  const refreshCount = refreshJobs.length > 0 ? refreshJobs.length : windowRefreshes.length;
  const sizes = r.refreshes.flatMap((f) => (f.sizeBytes === null ? [] : [f.sizeBytes]));
  const footprintBytes = r.currentSizeBytes ?? (sizes.length > 0 ? Math.max(...sizes) : null);
  if (refreshMs <= 0 && (footprintBytes ?? 0) <= 0) return undefined;
  const refreshMsPerDay = refreshMs / Math.max(snapshot.window.days, 1 / 24);
  const assessment = assess({
    symptoms: [{ quantity: 'idleDays', value: idleDays, unit: 'days', ladder: thresholds.idleDays }],
    impactMsPerDay: refreshMsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const considering = snapshot.jobs.filter((c) =>
    c.job.reflectionRelationships.some((rel) => rel.reflectionId === r.reflectionId),
  );
  const usageKnown =
    r.chosenCount !== null || snapshot.jobs.some((c) => c.job.reflectionRelationships.length > 0);
  return {
    severity: assessment.severity,
    confidence: usageKnown ? 0.9 : 0.5,
    title: `Reflection ${r.name ?? r.reflectionId} was not used in ${idleDays.toFixed(0)} days`,
    subject: { kind: 'reflection', reflectionId: r.reflectionId, name: r.name, datasetPath: r.datasetPath },
    jobIds: refreshJobs.map((c) => c.job.jobId),
    impactMsPerDay: refreshMsPerDay,
    evidence: {
      reflectionType: r.type,
      status: r.status,
      idleDays,
      jobsConsidering: considering.length,
      jobsChoosing: 0,
      consideredCount: r.consideredCount,
      matchedCount: r.matchedCount,
      chosenCount: r.chosenCount,
      footprintBytes,
      refreshCount,
      refreshMs,
      refreshMsPerDay,
      lastRefreshDurationMs: r.lastRefreshDurationMs,
      thresholds: assessment.thresholds,
    },
  };
}

function detect(snapshot: WorkloadSnapshot, thresholds: ReflectionUnusedThresholds): readonly FindingDraft[] {
  const refreshes = refreshJobsByReflection(snapshot);
  return snapshot.reflections.flatMap(
    (r) => detectReflection(r, snapshot, refreshes.get(r.reflectionId) ?? [], thresholds) ?? [],
  );
}

/** A healthy reflection no query chose over the window, still refreshed and stored. */
export const reflectionUnusedDetector: WorkloadDetector<ReflectionUnusedThresholds> = {
  id: 'reflection-unused',
  scope: 'workload',
  title: 'Reflection nobody uses',
  rule:
    'For every enabled reflection that is not failing, checks that no job in the window chose it (CHOSEN ' +
    'relationship or chosen in the profile) and that sys.reflections counts no acceleration. Flags it when it ' +
    'still costs something (refresh jobs in the window or a footprint) and the days observed idle reach the ' +
    'lowest rung; severity is damped by the refresh time it costs per day.',
  needs: ['reflections'],
  defaults,
  schema,
  detect,
};
