import type { SimJob } from '../world.js';

/** Dremio's job state while each phase runs, latest phase first. */
const STATE_OF_PHASE: readonly (readonly [keyof SimJob['phases'], string])[] = [
  ['executionStart', 'RUNNING'],
  ['executionPlanning', 'EXECUTION_PLANNING'],
  ['engineStart', 'ENGINE_START'],
  ['queryEnqueued', 'QUEUED'],
  ['planningStart', 'PLANNING'],
  ['metadataRetrieval', 'METADATA_RETRIEVAL'],
  ['attemptStarted', 'PENDING'],
];

/** A job as history shows it at one instant: its state then, and only the phases begun by then. */
export interface ObservedJob {
  readonly job: SimJob;
  /** COMPLETED/FAILED/CANCELED once it ended, else the state of the phase it is in. */
  readonly state: string;
  readonly running: boolean;
}

/**
 * History lists jobs that have not ended (fidelity-gaps #3): a job whose end lies after `nowMs` shows
 * the phase it is in, no end, and no results yet.
 */
export function jobAsOf(job: SimJob, nowMs: number): ObservedJob {
  if (job.phases.finalState <= nowMs) return { job, state: job.finalState, running: false };
  const cut = (ms: number) => (ms > nowMs ? 0 : ms);
  const p = job.phases;
  const phases: SimJob['phases'] = {
    attemptStarted: cut(p.attemptStarted),
    metadataRetrieval: cut(p.metadataRetrieval),
    planningStart: cut(p.planningStart),
    queryEnqueued: cut(p.queryEnqueued),
    engineStart: cut(p.engineStart),
    executionPlanning: cut(p.executionPlanning),
    executionStart: cut(p.executionStart),
    finalState: 0,
  };
  const state = STATE_OF_PHASE.find(([phase]) => phases[phase] > 0)?.[1] ?? 'PENDING';
  return {
    job: { ...job, phases, errorMessage: '', rowsReturned: 0n, bytesReturned: 0n },
    state,
    running: true,
  };
}
