import type { JobRecord } from '../domain/job.js';
import { MAX_PLAUSIBLE_DURATION_MS } from '../profile/plausible-durations.js';

/**
 * The job with each duration it cannot have had — negative, not a number, longer than ten years (a
 * `start` of 1e400 in a history export) — made unknown (null), so no detector rates it and no report
 * prints a 52-year query. Jobs whose durations are all plausible come back as they are.
 */
export function withPlausibleTimes(job: JobRecord): JobRecord {
  // Checked field by field without building entry lists: this runs on every job of the window.
  const { phases } = job;
  let allPlausible = !bad(job.durationMs);
  for (const name in phases) {
    if (bad(phases[name as keyof JobRecord['phases']])) allPlausible = false;
  }
  if (allPlausible) return job;
  return {
    ...job,
    durationMs: bad(job.durationMs) ? null : job.durationMs,
    phases: Object.fromEntries(
      Object.entries(phases).map(([name, ms]) => [name, bad(ms) ? null : ms]),
    ) as JobRecord['phases'],
  };
}

function bad(ms: number | null): boolean {
  return ms !== null && !(ms >= 0 && ms <= MAX_PLAUSIBLE_DURATION_MS);
}
