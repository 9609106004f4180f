import { isResultsCacheHit } from '../analysis/results-cache-hit.js';
import type { Exclusions } from '../domain/measurement.js';
import type { MeasuredRun } from '../store/index.js';

const FAILED = new Set(['FAILED']);
const CANCELLED = new Set(['CANCELED', 'CANCELLED']);

export interface FilteredRuns {
  /** Completed workload runs with an execution time: what is compared. */
  readonly kept: MeasuredRun[];
  /** Failed runs per fingerprint (a change that breaks queries regresses). */
  readonly failed: number;
  readonly cancelled: number;
  readonly cacheHits: number;
  readonly ownQueries: number;
}

/**
 * Leaves out what a change cannot have caused or what would flatter it: failed and cancelled runs
 * (counted; new failures are judged separately), the product's own queries, runs still going, and
 * results-cache hits (`isResultsCacheHit`: the one rule analysis uses too).
 */
export function filterRuns(
  runs: readonly MeasuredRun[],
  scansNormally: (run: MeasuredRun) => boolean,
): FilteredRuns {
  const kept: MeasuredRun[] = [];
  let failed = 0;
  let cancelled = 0;
  let cacheHits = 0;
  let ownQueries = 0;
  for (const run of runs) {
    if (run.ownQuery) ownQueries++;
    else if (run.state !== null && FAILED.has(run.state)) failed++;
    else if (run.state !== null && CANCELLED.has(run.state)) cancelled++;
    else if (run.state !== 'COMPLETED' || run.execMs === null || !(run.execMs > 0)) continue;
    else if (isResultsCacheHit(run, scansNormally(run))) cacheHits++;
    else kept.push(run);
  }
  return { kept, failed, cancelled, cacheHits, ownQueries };
}

export function addExclusions(a: FilteredRuns, b: FilteredRuns, duringChange: number): Exclusions {
  return {
    failed: a.failed + b.failed,
    cancelled: a.cancelled + b.cancelled,
    cacheHits: a.cacheHits + b.cacheHits,
    ownQueries: a.ownQueries + b.ownQueries,
    duringChange,
  };
}
