/**
 * Phase timestamps of a job, from submission to final state, as Dremio records them
 * (fidelity-gaps #2): Enterprise and Cloud stamp ENGINE_START at the same instant as QUEUED and the
 * wait lasts until EXECUTION_PLANNING; OSS records no engine start at all. Normal runs plan in well
 * under 2 s and queue under 1 s; templates with a timing anomaly replace those with their ranges.
 */
import type { Rng } from './prng.js';
import type { TimingAnomaly } from './templates/template.js';

export interface PhaseDurations {
  readonly planningMs: number;
  readonly queueMs: number;
  readonly executionMs: number;
  readonly clientFetchMs: number;
  /** Set when the job stopped while planning. */
  readonly stoppedInPlanning: boolean;
  /** Enterprise and Cloud stamp an engine start (at the enqueue instant); OSS leaves it unset. */
  readonly recordsEngineStart: boolean;
  /** Range of the METADATA_RETRIEVAL state when the template's metadata has expired; a few ms otherwise. */
  readonly metadataRetrievalMs?: readonly [number, number];
}

/** The true queue wait in Dremio's own terms: from QUEUED until EXECUTION_PLANNING, whatever the edition. */
export function queueWaitMs(phases: {
  readonly queryEnqueued: number;
  readonly executionPlanning: number;
}): number {
  return phases.queryEnqueued > 0 && phases.executionPlanning > 0
    ? phases.executionPlanning - phases.queryEnqueued
    : 0;
}

export function planningDuration(rng: Rng, baseMs: number, timing?: TimingAnomaly): number {
  if (timing?.planningMs) return Math.round(rng.range(timing.planningMs[0], timing.planningMs[1]));
  return Math.max(5, Math.round(baseMs * rng.logNormal(0.3)));
}

export function queueDuration(rng: Rng, timing?: TimingAnomaly): number {
  if (timing?.queueWaitMs) return Math.round(rng.range(timing.queueWaitMs[0], timing.queueWaitMs[1]));
  return rng.chance(0.8) ? rng.int(0, 40) : rng.int(40, 900);
}

export function clientFetchDuration(rng: Rng, rowsReturned: number, timing?: TimingAnomaly): number {
  if (timing?.clientFetchMs) return Math.round(rng.range(timing.clientFetchMs[0], timing.clientFetchMs[1]));
  return Math.min(400, Math.round(rowsReturned / 50_000 + rng.int(0, 15)));
}

/**
 * Maps the usual 1–25 ms draw into the anomaly's range, so an expired-metadata template takes no
 * extra draw and every other job of the seed stays as it was.
 */
function metadataDuration(drawnMs: number, range?: readonly [number, number]): number {
  if (range === undefined) return drawnMs;
  return Math.round(range[0] + ((drawnMs - 1) / 24) * (range[1] - range[0]));
}

export function phaseTimestamps(
  rng: Rng,
  submittedMs: number,
  d: PhaseDurations,
): {
  readonly attemptStarted: number;
  readonly metadataRetrieval: number;
  readonly planningStart: number;
  readonly queryEnqueued: number;
  readonly engineStart: number;
  readonly executionPlanning: number;
  readonly executionStart: number;
  readonly finalState: number;
} {
  const metadataRetrieval = submittedMs + rng.int(0, 2);
  const planningStart = metadataRetrieval + metadataDuration(rng.int(1, 25), d.metadataRetrievalMs);
  if (d.stoppedInPlanning) {
    return {
      attemptStarted: submittedMs,
      metadataRetrieval,
      planningStart,
      queryEnqueued: 0,
      engineStart: 0,
      executionPlanning: 0,
      executionStart: 0,
      finalState: planningStart + d.planningMs,
    };
  }
  const queryEnqueued = planningStart + d.planningMs;
  const engineStart = d.recordsEngineStart ? queryEnqueued : 0;
  // Admission takes a moment past the queue wait itself; drawn here so every seed keeps its jobs.
  const executionPlanning = queryEnqueued + d.queueMs + rng.int(0, 2);
  const executionStart = executionPlanning + rng.int(3, 20);
  const finalState = executionStart + Math.round(d.executionMs) + d.clientFetchMs;
  return {
    attemptStarted: submittedMs,
    metadataRetrieval,
    planningStart,
    queryEnqueued,
    engineStart,
    executionPlanning,
    executionStart,
    finalState,
  };
}
