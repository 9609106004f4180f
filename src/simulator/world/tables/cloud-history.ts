/**
 * Dremio Cloud's `sys.project.history.jobs` is a copy refreshed about hourly, written as jobs finish
 * (fidelity-gaps #9): a job shows only once it has ended and the next refresh has run, however long
 * ago it was submitted, and some rows are written twice.
 */
import { MS_PER_HOUR } from '../time-format.js';

/** How long after a job ends its row takes to reach the history view ("could take more than 1 hour"). */
export const CLOUD_HISTORY_LAG_MS = MS_PER_HOUR;

/** One row in this many is written twice, as Dremio's own analyzer expects (`ROW_NUMBER() OVER (PARTITION BY job_id …)`). */
const DUPLICATE_ONE_IN = 25;

/**
 * Whether a job's row is in Cloud's history at `nowMs` (the simulator's clock): only jobs that have
 * ended, at least one refresh lag before. Tests use it to compute exactly what a collector can see.
 */
export function cloudHistoryVisible(
  job: { readonly phases: { readonly finalState: number } },
  nowMs: number,
): boolean {
  const ended = job.phases.finalState;
  return ended > 0 && ended <= nowMs - CLOUD_HISTORY_LAG_MS;
}

/** Whether this job's row appears twice; fixed per job id, so every read of the table agrees. */
export function cloudRowDuplicated(jobId: string): boolean {
  let h = 0;
  for (let i = 0; i < jobId.length; i++) h = (Math.imul(h, 31) + jobId.charCodeAt(i)) | 0;
  return (h >>> 0) % DUPLICATE_ONE_IN === 0;
}
