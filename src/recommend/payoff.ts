import type { FingerprintGroup, JobContext } from '../analysis/detector.js';
import type { PayoffMethod } from '../domain/recommendation.js';
import { durationOf, isAccelerated, median, runningMsOf } from './job-time.js';

/** Expected saving over the affected jobs: current duration minus the estimated new one, per day. */
export interface Payoff {
  readonly savingsMsPerDay: number;
  readonly method: PayoffMethod;
  readonly jobIds: readonly string[];
  /** How the estimate was made, with its numbers. */
  readonly basis: string;
  /** How much the method itself can be trusted, 0–1 (multiplied into the finding's confidence). */
  readonly methodConfidence: number;
}

/** Accelerated runs needed before their median stands for "the duration once a reflection serves it". */
const MIN_ACCELERATED_RUNS = 3;
/** Without a profile, the share of execution a removed operator is assumed to take. */
export const UNPROFILED_SHARE = 0.5;

/** A run that completed by executing: a results-cache hit has nothing left for a change to save. */
function isExecuted(context: JobContext): boolean {
  return (
    (context.job.state === null || context.job.state === 'COMPLETED') && context.resultsCacheHit !== true
  );
}

export interface SharePayoffOptions {
  readonly jobs: readonly JobContext[];
  readonly days: number;
  /** The share of execution time the change removes from this job; undefined when the profile is missing. */
  readonly removedShare: (context: JobContext) => number | undefined;
  readonly what: string;
}

/** Removes the time share of the operators the change removes from each job's execution time. */
export function operatorSharePayoff(options: SharePayoffOptions): Payoff {
  let savedMs = 0;
  let profiled = 0;
  const jobs = options.jobs.filter((c) => c.resultsCacheHit !== true);
  for (const context of jobs) {
    const share = options.removedShare(context);
    if (share !== undefined) profiled++;
    savedMs += runningMsOf(context) * (share ?? UNPROFILED_SHARE);
  }
  const n = jobs.length;
  return {
    savingsMsPerDay: savedMs / Math.max(options.days, 1 / 24),
    method: 'operator-time-share',
    jobIds: jobs.map((j) => j.job.jobId),
    basis:
      `${n} jobs; the ${options.what} operators' share of execution time removed ` +
      `(${profiled} of ${n} from their profiles, the rest assumed ${UNPROFILED_SHARE * 100}%)`,
    methodConfidence: n === 0 ? 0 : 0.6 + 0.25 * (profiled / n),
  };
}

export interface ReflectionPayoffOptions {
  readonly groups: readonly FingerprintGroup[];
  readonly days: number;
  readonly removedShare: (context: JobContext) => number | undefined;
  readonly what: string;
}

/**
 * For each fingerprint: accelerated against non-accelerated runs when the history has both, otherwise
 * the time share of the operators a reflection replaces.
 */
export function reflectionPayoff(options: ReflectionPayoffOptions): Payoff {
  const shareJobs: JobContext[] = [];
  const jobIds: string[] = [];
  let comparedMs = 0;
  let comparedGroups = 0;
  for (const group of options.groups) {
    const completed = group.jobs.filter(isExecuted);
    const slow = completed.filter((c) => !isAccelerated(c));
    const fast = completed.filter(isAccelerated);
    jobIds.push(...slow.map((c) => c.job.jobId));
    if (fast.length >= MIN_ACCELERATED_RUNS && slow.length > 0) {
      const newMs = median(fast.map(durationOf));
      comparedMs += slow.reduce((sum, c) => sum + Math.max(0, durationOf(c) - newMs), 0);
      comparedGroups++;
    } else shareJobs.push(...slow);
  }
  const share = operatorSharePayoff({ ...options, jobs: shareJobs });
  const days = Math.max(options.days, 1 / 24);
  if (comparedGroups === 0) return { ...share, jobIds };
  const savingsMsPerDay = comparedMs / days + share.savingsMsPerDay;
  return {
    savingsMsPerDay,
    method: 'accelerated-runs',
    jobIds,
    basis:
      `${comparedGroups} of ${options.groups.length} fingerprints: median accelerated run against each ` +
      `non-accelerated run` +
      (shareJobs.length > 0 ? `; the others: ${share.basis}` : ''),
    methodConfidence: 0.9,
  };
}
