import type { SimJob } from '../world.js';

/**
 * Indexed keys Dremio's jobs listing sorts by (`JobIndexKeys`): start and end time, duration, user,
 * job state, query type and job id. Ties fall back to start time, then id, so pages are stable.
 */
const SORT_KEYS: Readonly<Record<string, (job: SimJob) => number | string>> = {
  st: (job) => job.submittedEpochMs,
  et: (job) => job.phases.finalState,
  dur: (job) => Math.max(0, job.phases.finalState - job.submittedEpochMs),
  usr: (job) => job.user,
  jst: (job) => job.finalState,
  qt: (job) => job.queryType,
  job: (job) => job.jobId,
};

export function isListingSortKey(key: string): boolean {
  return Object.hasOwn(SORT_KEYS, key);
}

/** Sorts jobs by an indexed key; `key` must pass {@link isListingSortKey}. */
export function sortListing(jobs: SimJob[], key: string, order: 'ASCENDING' | 'DESCENDING'): SimJob[] {
  const value = SORT_KEYS[key]!;
  const sign = order === 'ASCENDING' ? 1 : -1;
  return jobs.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va !== vb) return (va < vb ? -1 : 1) * sign;
    if (a.submittedEpochMs !== b.submittedEpochMs) return (a.submittedEpochMs - b.submittedEpochMs) * sign;
    return (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0) * sign;
  });
}
