import type { JobContext } from '../analysis/detector.js';

/**
 * Memory a query took: its history row's allocation, else the sum of its profile's fragment peaks
 * (fragments run at once, so their peaks add up to the query's). Job history has no memory column
 * before 25.1 (the jobs listing, 24.3's `sys.jobs_recent`), so there the profile is the only witness.
 */
export function queryMemoryBytesOf(c: JobContext): number | null {
  if (c.job.memoryAllocatedBytes !== null) return Number(c.job.memoryAllocatedBytes);
  const peak = c.profile?.fragments.reduce((sum, f) => sum + f.peakMemoryBytes, 0) ?? 0;
  return peak > 0 ? peak : null;
}
