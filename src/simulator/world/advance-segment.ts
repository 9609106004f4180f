/**
 * The workload of a stretch of time after history: the same templates, weights, daily and weekly
 * rhythm and jobs-per-day rate, refreshes of the reflections enabled then on their period, all run
 * against a snapshot of the live state (every change so far in effect). Only the arrival arrays are
 * built; each job is computed when asked for, like history's.
 */
import { planArrivals } from './arrivals.js';
import type { JobWorld } from './job-builder.js';
import type { LazySegment } from './job-store.js';
import { hash32 } from './prng.js';
import { MS_PER_DAY } from './time-format.js';
import type { WorldState } from './world-state.js';
import { cloneState } from './world-state.js';

const SEGMENT_SALT = 0x5e9;
/** An advance is at most this long and this many jobs (≈10 bytes each), so one call cannot exhaust memory. */
export const MAX_ADVANCE_DAYS = 366;
export const MAX_ADVANCE_JOBS = 5_000_000;

export function planSegment(options: {
  readonly world: JobWorld;
  readonly state: WorldState;
  /** How many segments came before: each draws its own arrivals. */
  readonly ordinal: number;
  readonly fromMs: number;
  readonly days: number;
  readonly jobsPerDay: number;
  readonly templateWeights: readonly number[];
}): LazySegment {
  const jobs = Math.round(options.jobsPerDay * options.days);
  if (jobs > MAX_ADVANCE_JOBS)
    throw new RangeError(
      `${options.days} days would be ${jobs} jobs, above ${MAX_ADVANCE_JOBS}: advance fewer days at a time.`,
    );
  const state = cloneState(options.state);
  const refreshing = [...state.reflections.values()].filter((r) => r.enabled);
  const arrivals = planArrivals({
    seed: hash32(options.world.seed, SEGMENT_SALT, options.ordinal),
    jobs,
    days: options.days,
    endAtMs: options.fromMs + options.days * MS_PER_DAY,
    templateWeights: options.templateWeights,
    refreshingReflections: refreshing.length,
  });
  return { arrivals, refreshing, world: { ...options.world, state } };
}
