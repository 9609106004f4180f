import type { DetectorNeed, JobContext, WorkloadSnapshot } from './detector.js';

/** How the report words a missing input: "not evaluated: no profile". */
export const MISSING_NEED_REASONS: Readonly<Record<DetectorNeed, string>> = {
  job: 'no job row',
  profile: 'no profile',
  'fingerprint-history': 'no fingerprint (the job has no SQL text)',
  datasets: 'no dataset metadata',
  'dataset-files': 'no dataset file statistics',
  reflections: 'no reflections',
};

/**
 * The first need of a job detector this job cannot meet. Dataset and reflection needs are workload
 * inputs a JobContext never carries, so they do not hold a job detector back.
 */
export function missingJobNeed(
  needs: readonly DetectorNeed[],
  context: JobContext,
): DetectorNeed | undefined {
  for (const need of needs) {
    if (need === 'profile' && context.profile === undefined) return need;
    if (need === 'fingerprint-history' && context.job.fingerprint === null) return need;
  }
  return undefined;
}

/** The first need of a workload detector that nothing in the snapshot meets. */
export function missingWorkloadNeed(
  needs: readonly DetectorNeed[],
  snapshot: WorkloadSnapshot,
): DetectorNeed | undefined {
  const met: Readonly<Record<DetectorNeed, () => boolean>> = {
    job: () => snapshot.jobs.length > 0,
    profile: () => snapshot.jobs.some((j) => j.profile !== undefined),
    'fingerprint-history': () => snapshot.fingerprints.size > 0,
    datasets: () => snapshot.datasets.size > 0,
    'dataset-files': () => [...snapshot.datasets.values()].some((d) => d.files.length > 0),
    reflections: () => snapshot.reflections.length > 0,
  };
  return needs.find((need) => !met[need]());
}
