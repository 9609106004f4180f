import type { JobPhaseDurations, JobTimestamps } from '../domain/job.js';

const ORDER = [
  ['pendingMs', 'attemptStartedAt'],
  ['metadataRetrievalMs', 'metadataRetrievalAt'],
  ['planningMs', 'planningStartAt'],
  ['queuedMs', 'queryEnqueuedAt'],
  ['engineStartMs', 'engineStartAt'],
  ['executionPlanningMs', 'executionPlanningAt'],
  ['startingMs', 'startingAt'],
  ['runningMs', 'executionStartAt'],
] as const satisfies readonly (readonly [keyof JobPhaseDurations, keyof JobTimestamps])[];

/**
 * Time in each state from the phase start times, as Dremio's job page computes it: a state lasts until
 * the next state that happened starts (or until the final state). Pending starts at submission.
 */
export function phasesFromTimestamps(ts: JobTimestamps): JobPhaseDurations {
  const starts = ORDER.map(([, key]) => (key === 'attemptStartedAt' ? ts.submittedAt : ts[key]));
  const result: Record<keyof JobPhaseDurations, number | null> = {
    pendingMs: null,
    metadataRetrievalMs: null,
    planningMs: null,
    queuedMs: null,
    engineStartMs: null,
    executionPlanningMs: null,
    startingMs: null,
    runningMs: null,
  };
  ORDER.forEach(([phase], i) => {
    const start = starts[i];
    if (start === null || start === undefined) return;
    const next = starts.slice(i + 1).find((d) => d !== null && d !== undefined) ?? ts.finalStateAt;
    if (next === null || next === undefined) return;
    result[phase] = Math.max(0, next.getTime() - start.getTime());
  });
  return result;
}

export function durationBetween(from: Date | null, to: Date | null): number | null {
  return from === null || to === null ? null : Math.max(0, to.getTime() - from.getTime());
}
