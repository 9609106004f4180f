import { z } from 'zod';
import { datasetPathKey } from '../../domain/dataset-path.js';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { Reflection } from '../../domain/reflection.js';
import { formatCount } from '../../domain/units.js';
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

export interface ReflectionFailingThresholds extends DetectorThresholds {
  /** Refresh failures: sys.reflections' count, or the failed refreshes seen, whichever is larger. */
  readonly failureCount: Ladder;
  /** Hours since the data was last refreshed successfully, for a reflection that is not otherwise failing. */
  readonly dataAgeHours: Ladder;
}

export type ReflectionFailingEvidence = {
  readonly reason: 'failing' | 'stale';
  readonly status: string | null;
  readonly refreshStatus: string | null;
  readonly availabilityStatus: string | null;
  readonly failureCount: number;
  readonly reportedFailureCount: number | null;
  readonly failedRefreshJobs: number;
  readonly failedRefreshJobIds: readonly string[];
  readonly lastFailureMessage: string | null;
  readonly lastSuccessfulRefreshAt: string | null;
  readonly dataAgeHours: number | null;
  readonly failedRefreshMs: number;
  /** Running time per day of unaccelerated jobs on the reflection's dataset: what it should have served. */
  readonly datasetQueryMsPerDay: number;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: ReflectionFailingThresholds = {
  // One failed refresh is worth knowing; Dremio gives up retrying after a few and the data then goes stale.
  failureCount: ascending(1, 3, 10, 30),
  // Dremio expires reflection data 3 h after a refresh by default, but many schedules are daily or weekly:
  // a week without fresh data is stale whatever the schedule.
  dataAgeHours: ascending(168, 336, 720, 2_160),
  stake: { ...DEFAULT_STAKE, minImpactMsPerDay: 0 },
};

const schema = z.object({
  failureCount: ladderSchema,
  dataAgeHours: ladderSchema,
  stake: stakeThresholdsSchema,
});

const HOUR_MS = 3_600_000;

function isFailedRun(context: JobContext): boolean {
  return context.job.state === 'FAILED';
}

function lastSuccess(r: Reflection): Date | null {
  const done = r.refreshes.flatMap((f) =>
    f.state === 'DONE' && f.startedAt !== null ? [f.startedAt.getTime()] : [],
  );
  const times = [...done, ...(r.lastRefreshAt === null ? [] : [r.lastRefreshAt.getTime()])].filter(
    (t) => t > 0,
  );
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

function datasetQueryMs(r: Reflection, snapshot: WorkloadSnapshot): number {
  if (r.datasetPath === null) return 0;
  const key = datasetPathKey(r.datasetPath);
  return snapshot.jobs
    .filter(
      (c) =>
        c.job.accelerated !== true &&
        !(c.job.queryType ?? '').startsWith('ACCELERATOR') &&
        c.job.queriedDatasets.some((d) => datasetPathKey(d) === key),
    )
    .reduce((sum, c) => sum + (c.job.phases.runningMs ?? 0), 0);
}

function detectReflection(
  r: Reflection,
  snapshot: WorkloadSnapshot,
  refreshJobs: readonly JobContext[],
  thresholds: ReflectionFailingThresholds,
): FindingDraft<ReflectionFailingEvidence> | undefined {
  if (r.enabled === false) return undefined;
  const failedJobs = refreshJobs.filter(isFailedRun);
  const fromMs = snapshot.window.from.getTime();
  const failedMaterializations = r.refreshes.filter(
    (f) => f.state === 'FAILED' && (f.startedAt === null || f.startedAt.getTime() >= fromMs),
  ).length;
  const statusFailing = hasFailingStatus(r);
  const failureCount = Math.max(
    r.failureCount ?? 0,
    failedJobs.length,
    failedMaterializations,
    statusFailing ? 1 : 0,
  );
  const success = lastSuccess(r);
  const dataAgeHours = success === null ? null : (snapshot.window.to.getTime() - success.getTime()) / HOUR_MS;
  const reason = failureCount > 0 ? 'failing' : 'stale';
  if (reason === 'stale' && dataAgeHours === null) return undefined;
  const days = Math.max(snapshot.window.days, 1 / 24);
  const failedRefreshMs = failedJobs.reduce((sum, c) => sum + (c.job.durationMs ?? 0), 0);
  const datasetQueryMsPerDay = datasetQueryMs(r, snapshot) / days;
  const impactMsPerDay = failedRefreshMs / days + datasetQueryMsPerDay;
  const assessment = assess({
    symptoms: [
      reason === 'failing'
        ? { quantity: 'failureCount', value: failureCount, unit: 'failures', ladder: thresholds.failureCount }
        : { quantity: 'dataAgeHours', value: dataAgeHours ?? 0, unit: 'h', ladder: thresholds.dataAgeHours },
    ],
    impactMsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  const name = r.name ?? r.reflectionId;
  return {
    severity: assessment.severity,
    confidence: reason === 'failing' ? 0.95 : 0.7,
    title:
      reason === 'failing'
        ? `Reflection ${name} is failing (${formatCount(failureCount)} failed refresh${failureCount === 1 ? '' : 'es'})`
        : `Reflection ${name} has not refreshed in ${Math.round(dataAgeHours ?? 0)} h`,
    subject: { kind: 'reflection', reflectionId: r.reflectionId, name: r.name, datasetPath: r.datasetPath },
    jobIds: failedJobs.map((c) => c.job.jobId),
    impactMsPerDay,
    evidence: {
      reason,
      status: r.status,
      refreshStatus: r.refreshStatus,
      availabilityStatus: r.availabilityStatus,
      failureCount,
      reportedFailureCount: r.failureCount,
      failedRefreshJobs: failedJobs.length,
      failedRefreshJobIds: failedJobs.map((c) => c.job.jobId),
      lastFailureMessage: r.lastFailureMessage ?? failedJobs.at(-1)?.job.errorMessage ?? null,
      lastSuccessfulRefreshAt: success?.toISOString() ?? null,
      dataAgeHours,
      failedRefreshMs,
      datasetQueryMsPerDay,
      thresholds: assessment.thresholds,
    },
  };
}

function detect(
  snapshot: WorkloadSnapshot,
  thresholds: ReflectionFailingThresholds,
): readonly FindingDraft[] {
  const refreshes = refreshJobsByReflection(snapshot);
  return snapshot.reflections.flatMap(
    (r) => detectReflection(r, snapshot, refreshes.get(r.reflectionId) ?? [], thresholds) ?? [],
  );
}

/** A reflection whose refreshes fail, that Dremio reports it cannot use, or whose data went stale. */
export const reflectionFailingDetector: WorkloadDetector<ReflectionFailingThresholds> = {
  id: 'reflection-failing',
  scope: 'workload',
  title: 'Reflection failing or stale',
  rule:
    'For every enabled reflection, counts refresh failures: sys.reflections num_failures, failed REFRESH ' +
    'REFLECTION jobs and failed materializations in the window, and a FAILED / CANNOT_ACCELERATE / EXPIRED / ' +
    'GIVEN_UP status counts as at least one. Flags any failure; a reflection without failures is flagged ' +
    'when its last successful refresh is older than the lowest data-age rung. Severity is damped by the failed ' +
    "refresh time plus the running time of the dataset's unaccelerated queries per day.",
  needs: ['reflections'],
  defaults,
  schema,
  detect,
};
