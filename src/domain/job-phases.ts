import type { JobPhaseDurations, JobTimestamps } from './job.js';

// Listed in the order a tie is broken: ENGINE_START before QUEUED, because Enterprise stamps both at the
// same instant and the wait that follows is the queue's (it ends at EXECUTION_PLANNING, with
// `resourceSchedulingEnd`), and Dremio 19–21 profiles list ENGINE_START first (fidelity-gaps #2).
const PHASE_STARTS = [
  ['pendingMs', 'submittedAt'],
  ['metadataRetrievalMs', 'metadataRetrievalAt'],
  ['planningMs', 'planningStartAt'],
  ['engineStartMs', 'engineStartAt'],
  ['queuedMs', 'queryEnqueuedAt'],
  ['executionPlanningMs', 'executionPlanningAt'],
  ['startingMs', 'startingAt'],
  ['runningMs', 'executionStartAt'],
] as const satisfies readonly (readonly [keyof JobPhaseDurations, keyof JobTimestamps])[];

/**
 * Time in each state from the phase start times, as Dremio's job page computes it: a state lasts until
 * the next state *in time* starts (or until the final state). States are ordered by their timestamps,
 * never by a fixed sequence, because editions and versions record them in different orders; a state
 * with no timestamp has no duration. Pending starts at submission.
 */
export function phasesFromTimestamps(ts: JobTimestamps): JobPhaseDurations {
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
  const starts = PHASE_STARTS.flatMap(([phase, key], rank) => {
    const at = ts[key];
    return at === null || at === undefined ? [] : [{ phase, atMs: at.getTime(), rank }];
  }).sort((a, b) => a.atMs - b.atMs || a.rank - b.rank);
  const finalMs = ts.finalStateAt?.getTime();
  starts.forEach(({ phase, atMs }, i) => {
    const nextMs = starts[i + 1]?.atMs ?? finalMs;
    if (nextMs !== undefined) result[phase] = Math.max(0, nextMs - atMs);
  });
  return result;
}

export function durationBetween(from: Date | null, to: Date | null): number | null {
  return from === null || to === null ? null : Math.max(0, to.getTime() - from.getTime());
}
