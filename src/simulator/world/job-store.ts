/**
 * Every job the world knows: historical jobs computed on demand from (seed, index), and jobs
 * submitted over REST appended after them. Ids encode the index, so lookups are O(1).
 */
import type { DetectorId } from '../../domain/detector-id.js';
import type { SimJob } from '../world.js';
import type { Arrivals } from './arrivals.js';
import { withReattempts } from './job-attempts.js';
import type { JobWorld } from './job-builder.js';
import { buildWorkloadJob } from './job-builder.js';
import { indexFromJobId, jobIdFor } from './job-id.js';
import { createLabeler } from './job-labels.js';
import type { JobRecord } from './job-record.js';
import type { SimReflectionDef } from './model.js';
import { rngFor } from './prng.js';
import { buildRefreshJob, REFRESH_TEMPLATE } from './refresh-job.js';
import type { JobSource } from './tables/jobs-table.js';
import type { Template } from './templates/template.js';

const JOB_SALT = 0x10b;
const ATTEMPT_SALT = 0x10c;
const CACHE_SIZE = 256;

export interface JobStore extends JobSource {
  readonly historicalCount: number;
  /** Id, template and labels of a history job, without building it. */
  truthEntry(index: number): {
    readonly jobId: string;
    readonly template: string;
    readonly labels: readonly DetectorId[];
  };
  record(index: number): JobRecord;
  recordById(jobId: string): JobRecord | undefined;
  /** Appends a job submitted at or after `atMs`; its time is nudged so history stays ordered. */
  append(build: (jobId: string, submittedMs: number, index: number) => JobRecord, atMs: number): JobRecord;
  lastSubmittedMs(): number;
}

export function createJobStore(options: {
  readonly seed: number;
  readonly arrivals: Arrivals;
  readonly templates: readonly Template[];
  readonly refreshing: readonly SimReflectionDef[];
  readonly world: JobWorld;
}): JobStore {
  const { seed, arrivals, templates } = options;
  const historicalCount = arrivals.submittedMs.length;
  const appended: JobRecord[] = [];
  const cache = new Map<number, JobRecord>();
  const labeler = createLabeler(options.world);

  const build = (index: number): JobRecord => {
    const kind = arrivals.kinds[index] ?? 0;
    const submittedMs = arrivals.submittedMs[index] ?? 0;
    const jobId = jobIdFor(seed, index);
    const rng = rngFor(seed, index, JOB_SALT);
    const template = templates[kind];
    if (template) {
      const built = buildWorkloadJob(options.world, { jobId, template, submittedMs, rng });
      return withReattempts(built, rngFor(seed, index, ATTEMPT_SALT));
    }
    const reflection = options.refreshing[kind - templates.length];
    if (!reflection) throw new RangeError(`job ${index} has unknown kind ${kind}`);
    return buildRefreshJob(options.world, { jobId, reflection, submittedMs, rng });
  };

  const record = (index: number): JobRecord => {
    if (index >= historicalCount) {
      const api = appended[index - historicalCount];
      if (!api) throw new RangeError(`no job at index ${index}`);
      return api;
    }
    if (index < 0 || !Number.isInteger(index)) throw new RangeError(`no job at index ${index}`);
    const cached = cache.get(index);
    if (cached) return cached;
    const fresh = build(index);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as number);
    cache.set(index, fresh);
    return fresh;
  };

  const lastSubmittedMs = (): number => {
    const last = appended[appended.length - 1];
    if (last) return last.job.submittedEpochMs;
    return historicalCount > 0 ? (arrivals.submittedMs[historicalCount - 1] ?? 0) : 0;
  };

  return {
    historicalCount,
    truthEntry: (index) => {
      const template = templates[arrivals.kinds[index] ?? 0];
      const jobId = jobIdFor(seed, index);
      if (!template) return { jobId, template: REFRESH_TEMPLATE, labels: [] };
      return { jobId, template: template.name, labels: labeler(template, arrivals.submittedMs[index] ?? 0) };
    },
    count: () => historicalCount + appended.length,
    submittedMs: (index) =>
      index < historicalCount
        ? (arrivals.submittedMs[index] ?? 0)
        : (appended[index - historicalCount]?.job.submittedEpochMs ?? 0),
    job: (index): SimJob => record(index).job,
    record,
    recordById: (jobId) => {
      const index = indexFromJobId(seed, jobId);
      if (index === undefined || index >= historicalCount + appended.length) return undefined;
      return record(index);
    },
    append: (make, atMs) => {
      const index = historicalCount + appended.length;
      const submittedMs = Math.max(Math.round(atMs), lastSubmittedMs() + 1);
      const made = make(jobIdFor(seed, index), submittedMs, index);
      appended.push(made);
      return made;
    },
    lastSubmittedMs,
  };
}
