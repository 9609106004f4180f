import type { FingerprintGroup, JobContext, WorkloadSnapshot } from '../../src/analysis/detector.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { JobRecord } from '../../src/domain/job.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';

/**
 * A snapshot of the given jobs over `days`, grouped per fingerprint the way the service groups them
 * (runs per day = runs / days), for testing the runner without a store.
 */
export function snapshotOf(input: {
  readonly jobs: readonly JobRecord[];
  readonly profiles?: ReadonlyMap<string, ProfileSummary>;
  readonly days?: number;
  readonly datasets?: readonly Dataset[];
}): WorkloadSnapshot {
  const days = input.days ?? 1;
  const counts = new Map<string, number>();
  for (const job of input.jobs) {
    if (job.fingerprint !== null) counts.set(job.fingerprint, (counts.get(job.fingerprint) ?? 0) + 1);
  }
  const contexts: JobContext[] = input.jobs.map((job) => ({
    job,
    profile: input.profiles?.get(job.jobId),
    facts: undefined,
    runsPerDay: (job.fingerprint === null ? 1 : (counts.get(job.fingerprint) ?? 1)) / days,
  }));
  const groups = new Map<string, FingerprintGroup>();
  for (const context of contexts) {
    const fp = context.job.fingerprint;
    if (fp === null) continue;
    const group = groups.get(fp);
    if (group === undefined) {
      groups.set(fp, {
        fingerprint: fp,
        sampleSql: context.job.sqlText,
        facts: undefined,
        jobs: [context],
        runsPerDay: context.runsPerDay,
        cacheHits: 0,
      });
    } else (group.jobs as JobContext[]).push(context);
  }
  const to = new Date('2026-11-01T00:00:00.000Z');
  return {
    window: { from: new Date(to.getTime() - days * 86_400_000), to, days },
    jobs: contexts,
    fingerprints: groups,
    datasets: new Map((input.datasets ?? []).map((d) => [d.path, d])),
    reflections: [],
  };
}
