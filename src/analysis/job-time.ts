import type { ProfileSummary } from '../domain/profile-summary.js';
import type { JobContext } from './detector.js';

/**
 * How long a job spent executing (RUNNING), the base of a profile operator's time share: the profile's
 * own states when it has them, else the job row's phase, else the profile's whole duration.
 */
export function runningMsOf(context: JobContext, profile: ProfileSummary): number {
  if (profile.states.length > 0) return profile.stateDurationsMs.running;
  return context.job.phases.runningMs ?? profile.durationMs;
}
