import type { Dataset } from '../domain/dataset.js';
import type { JobRecord } from '../domain/job.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import type { Reflection } from '../domain/reflection.js';
import type { SqlFacts } from '../domain/sql-facts.js';
import type { AnalysisWindow, FingerprintGroup, JobContext, WorkloadSnapshot } from './detector.js';
import { withPlausibleTimes } from './plausible-job.js';
import { isResultsCacheHit, shapesThatScan } from './results-cache-hit.js';

export interface SnapshotInput {
  readonly window: AnalysisWindow;
  /** Jobs in the window, any order. */
  readonly jobs: readonly JobRecord[];
  /** Profile summaries by job id (attempt 0 or the last attempt). */
  readonly profiles: ReadonlyMap<string, ProfileSummary>;
  /** Structural facts of each fingerprint's SQL, computed once per fingerprint by the caller. */
  readonly facts: (fingerprint: string, sampleSql: string | null) => SqlFacts | undefined;
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly reflections: readonly Reflection[];
}

/**
 * Groups jobs per fingerprint, attaches profiles and facts, and computes each fingerprint's run rate,
 * producing the one snapshot every detector reads. Durations a job cannot have had become unknown.
 * Results-cache hits are marked and left out of the run rate, so a time per run × runs a day counts
 * only runs that execute.
 * Pure, so the service and tests build it alike.
 */
export function buildSnapshot(input: SnapshotInput): WorkloadSnapshot {
  const sorted = input.jobs
    .map(withPlausibleTimes)
    .sort(
      (a, b) =>
        a.timestamps.submittedAt.getTime() - b.timestamps.submittedAt.getTime() ||
        a.jobId.localeCompare(b.jobId),
    );
  const byFingerprint = new Map<string, JobRecord[]>();
  for (const job of sorted) {
    if (job.fingerprint === null) continue;
    const list = byFingerprint.get(job.fingerprint) ?? [];
    list.push(job);
    byFingerprint.set(job.fingerprint, list);
  }
  const days = Math.max(input.window.days, 1 / 24);
  const factsOf = new Map<string, SqlFacts | undefined>();
  for (const [fp, jobs] of byFingerprint) factsOf.set(fp, input.facts(fp, jobs[0]?.sqlText ?? null));

  const scanning = shapesThatScan(sorted, (job) => job.fingerprint);
  const hit = (job: JobRecord) =>
    job.fingerprint !== null && isResultsCacheHit(job, scanning.has(job.fingerprint));
  const hitsOf = new Map<string, number>();
  for (const job of sorted)
    if (hit(job)) hitsOf.set(job.fingerprint!, (hitsOf.get(job.fingerprint!) ?? 0) + 1);

  const contexts = sorted.map((job): JobContext => {
    const fp = job.fingerprint;
    const executed = fp === null ? 1 : (byFingerprint.get(fp)?.length ?? 1) - (hitsOf.get(fp) ?? 0);
    return {
      job,
      profile: input.profiles.get(job.jobId),
      facts: fp === null ? undefined : factsOf.get(fp),
      runsPerDay: executed / days,
      resultsCacheHit: hit(job),
      datasets: input.datasets,
    };
  });
  const groups = new Map<string, FingerprintGroup>();
  for (const context of contexts) {
    const fp = context.job.fingerprint;
    if (fp === null) continue;
    const group = groups.get(fp);
    if (group === undefined) {
      groups.set(fp, {
        fingerprint: fp,
        sampleSql: context.job.sqlText,
        facts: context.facts,
        jobs: [context],
        runsPerDay: context.runsPerDay,
        cacheHits: hitsOf.get(fp) ?? 0,
      });
    } else {
      (group.jobs as JobContext[]).push(context);
    }
  }
  return {
    window: input.window,
    jobs: contexts,
    fingerprints: groups,
    datasets: input.datasets,
    reflections: input.reflections,
  };
}
