/**
 * Re-attempted jobs (fidelity-gaps #6): Dremio re-runs a query after a schema change or when it ran
 * out of memory, so `attempt_count` can exceed 1. Each earlier attempt failed part-way and keeps its
 * own profile (`profile_attempt_N.json`); the history row's times and metrics are the last attempt's.
 */
import type { SimJob } from '../world.js';
import type { EarlierAttempt, JobRecord } from './job-record.js';
import { truncatePlan } from './plan/plan-stats.js';
import type { Rng } from './prng.js';

/** Dremio's error text for the two usual causes of a re-attempt. */
export const REATTEMPT_ERRORS = [
  'SCHEMA_CHANGE ERROR: New schema found. Please reattempt the query. Multiple attempts may be necessary to fully learn the schema.',
  'OUT_OF_MEMORY ERROR: Query was cancelled because it exceeded the memory limits set by the administrator.',
] as const;

const REATTEMPT_CHANCE = 0.03;
const THIRD_ATTEMPT_CHANCE = 0.2;
/** Dremio starts the next attempt a moment after the previous one failed. */
const RETRY_GAP_MS = 5;

type Phases = SimJob['phases'];

function shifted(phases: Phases, byMs: number): Phases {
  const move = (ms: number) => (ms === 0 ? 0 : ms + byMs);
  return {
    attemptStarted: move(phases.attemptStarted),
    metadataRetrieval: move(phases.metadataRetrieval),
    planningStart: move(phases.planningStart),
    queryEnqueued: move(phases.queryEnqueued),
    engineStart: move(phases.engineStart),
    executionPlanning: move(phases.executionPlanning),
    executionStart: move(phases.executionStart),
    finalState: move(phases.finalState),
  };
}

/**
 * Some completed runs become re-attempted ones: earlier attempts ran the same phases and failed half
 * way through execution; the last attempt starts after them and is what history reports.
 */
export function withReattempts(record: JobRecord, rng: Rng): JobRecord {
  const { job } = record;
  const roll = rng.next();
  // Only unlabelled runs: a label's signature is measured on one attempt, as its detector reads it.
  if (roll >= REATTEMPT_CHANCE || job.finalState !== 'COMPLETED' || record.plan === undefined) return record;
  if (job.labels.length > 0) return record;
  if (job.phases.executionStart === 0) return record;
  const attempts = rng.chance(THIRD_ATTEMPT_CHANCE) ? 3 : 2;
  const base = job.phases;
  const failAfterMs = Math.max(1, Math.round((base.finalState - base.executionStart) / 2));
  const attemptSpanMs = base.executionStart + failAfterMs - base.attemptStarted + RETRY_GAP_MS;
  const earlierAttempts: EarlierAttempt[] = [];
  for (let attempt = 0; attempt < attempts - 1; attempt++) {
    const phases = shifted(base, attempt * attemptSpanMs);
    earlierAttempts.push({
      phases: { ...phases, finalState: phases.executionStart + failAfterMs },
      errorMessage: rng.pick(REATTEMPT_ERRORS),
    });
  }
  return {
    ...record,
    job: { ...job, phases: shifted(base, (attempts - 1) * attemptSpanMs), attemptCount: attempts },
    earlierAttempts,
  };
}

/** The record a given 0-based attempt's profile is built from, or undefined when there is no such attempt. */
export function attemptRecord(record: JobRecord, attempt: number): JobRecord | undefined {
  const last = record.job.attemptCount - 1;
  if (attempt === last) return record;
  const earlier = record.earlierAttempts?.[attempt];
  if (earlier === undefined || record.plan === undefined) return undefined;
  return {
    ...record,
    job: {
      ...record.job,
      finalState: 'FAILED',
      errorMessage: earlier.errorMessage,
      phases: earlier.phases,
      rowsReturned: 0n,
      bytesReturned: 0n,
    },
    plan: truncatePlan(record.plan, 0.5),
    attempt,
  };
}
