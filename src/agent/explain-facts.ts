import type { z } from 'zod';
import { type findingDetailOutput, findingsInScope, getFinding } from '../app/findings.js';
import { getJob, type jobDetailOutput } from '../app/jobs.js';
import { oneCluster } from '../app/read-scope.js';
import { recommendationItem, type recommendationOutput } from '../app/recommendations.js';
import type { AppDeps } from '../app/service.js';
import { NotFoundError } from '../errors.js';
import { getJob as getStoredJob, listRecommendations } from '../store/index.js';
import type { ExpectedImpact } from './answer-schema.js';

const DAY_MS = 86_400_000;
/** Affected jobs read to count runs per day and their mean duration; enough for a stable figure. */
const MAX_JOBS_READ = 200;

export type FindingDetail = z.input<typeof findingDetailOutput>;
export type JobDetail = z.input<typeof jobDetailOutput>;
export type RecommendationDetail = z.input<typeof recommendationOutput>;

/** The product's own figures for the expected impact, and what they rest on. */
export interface OurImpact extends ExpectedImpact {
  readonly basis: string;
}

/** Everything the product knows about what is explained; the model's first data block. */
export interface ExplainFacts {
  readonly cluster: string;
  readonly findingId: string | null;
  readonly jobId: string | null;
  /** The finding explained: the one asked for, or the largest open one covering the job asked for. */
  readonly finding: FindingDetail | null;
  /** For a job: the other findings covering it. */
  readonly otherFindings: readonly Pick<FindingDetail, 'id' | 'detector' | 'severity' | 'title'>[];
  /** The recommendations made on the finding, the largest net benefit first. */
  readonly recommendations: readonly RecommendationDetail[];
  /** The job asked for, else the finding's most recent affected job: its SQL and profile summary. */
  readonly job: JobDetail | null;
  readonly ourImpact: OurImpact;
}

export type ExplainSubject =
  | { readonly findingId: string; readonly cluster?: string | undefined }
  | { readonly jobId: string; readonly cluster?: string | undefined };

/** Reads the facts of a finding or a job through the read services (NotFoundError when it is not stored). */
export async function gatherFacts(deps: AppDeps, subject: ExplainSubject): Promise<ExplainFacts> {
  const clusterOption = subject.cluster === undefined ? {} : { cluster: subject.cluster };
  let finding: FindingDetail | null;
  let job: JobDetail | null = null;
  let otherFindings: ExplainFacts['otherFindings'] = [];
  if ('findingId' in subject) {
    finding = await getFinding(deps, { id: subject.findingId, ...clusterOption });
  } else {
    job = await getJob(deps, { jobId: subject.jobId, ...clusterOption });
    const cluster = await oneCluster(deps, job.cluster);
    const covering = (await findingsInScope(deps, [cluster], undefined))
      .filter((f) => f.finding.jobIds.includes(subject.jobId))
      .sort(
        (a, b) =>
          Number(b.status === 'open') - Number(a.status === 'open') ||
          b.finding.impactMsPerDay - a.finding.impactMsPerDay ||
          a.finding.id.localeCompare(b.finding.id),
      );
    const primary = covering[0];
    finding =
      primary === undefined ? null : await getFinding(deps, { id: primary.finding.id, cluster: job.cluster });
    otherFindings = covering.slice(1).map((f) => ({
      id: f.finding.id,
      detector: f.finding.detector,
      severity: f.finding.severity,
      title: f.finding.title,
    }));
  }
  const clusterName = finding?.cluster ?? job!.cluster;
  const cluster = await oneCluster(deps, clusterName);
  const recommendations =
    finding === null
      ? []
      : (await listRecommendations(deps.store.db, { clusterId: cluster.id }))
          .filter((r) => r.findingIds.includes(finding.id))
          .sort((a, b) => b.netBenefitMsPerDay - a.netBenefitMsPerDay || a.id.localeCompare(b.id))
          .map((r) => recommendationItem(r, cluster.name, finding.severity));
  const affected = finding === null ? [] : await affectedJobs(deps, cluster.id, finding.jobIds);
  if (job === null && affected.length > 0) {
    const newest = affected.reduce((a, b) => (b.submitted_at > a.submitted_at ? b : a));
    job = await getJob(deps, { jobId: newest.job_id, cluster: cluster.name }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  }
  return {
    cluster: cluster.name,
    findingId: 'findingId' in subject ? subject.findingId : null,
    jobId: 'jobId' in subject ? subject.jobId : null,
    finding,
    otherFindings,
    recommendations,
    job,
    ourImpact: impactOf(finding, recommendations, affected),
  };
}

type StoredJobRow = NonNullable<Awaited<ReturnType<typeof getStoredJob>>>;

async function affectedJobs(
  deps: AppDeps,
  clusterId: bigint,
  jobIds: readonly string[],
): Promise<StoredJobRow[]> {
  const rows: StoredJobRow[] = [];
  for (const id of jobIds.slice(0, MAX_JOBS_READ)) {
    const row = await getStoredJob(deps.store.db, clusterId, id);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

/**
 * The expected impact from stored numbers: the daily saving of the best recommendation (else the
 * finding's time at stake, the most a fix could save), spread over the affected runs per day (their count
 * over the days between the first and the last, at least one), against their mean duration.
 */
export function impactOf(
  finding: FindingDetail | null,
  recommendations: readonly RecommendationDetail[],
  jobs: readonly StoredJobRow[],
): OurImpact {
  if (finding === null)
    return { percent: null, secondsPerRun: null, hoursPerYear: null, basis: 'no finding covers this job' };
  const best = recommendations.find((r) => r.estimatedSavingsMsPerDay > 0);
  const savingMsPerDay = best?.estimatedSavingsMsPerDay ?? finding.impactMsPerDay;
  const basis =
    best === undefined
      ? "the finding's time at stake (no recommendation estimates a saving): the most a fix could save"
      : `the estimated saving of recommendation ${best.id} (${best.method})`;
  const hoursPerYear = round((savingMsPerDay * 365) / 3_600_000, 1);
  const times = jobs.map((j) => j.submitted_at.getTime());
  const durations = jobs.map((j) => Number(j.duration_ms)).filter((d) => Number.isFinite(d) && d > 0);
  if (times.length === 0) return { percent: null, secondsPerRun: null, hoursPerYear, basis };
  const days = Math.max(1, (Math.max(...times) - Math.min(...times)) / DAY_MS);
  const runsPerDay = times.length / days;
  const msPerRun = savingMsPerDay / runsPerDay;
  const meanMs = durations.length === 0 ? null : durations.reduce((s, d) => s + d, 0) / durations.length;
  return {
    percent: meanMs === null ? null : round(Math.min(100, (msPerRun / meanMs) * 100), 1),
    secondsPerRun: round(msPerRun / 1000, 2),
    hoursPerYear,
    basis,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
