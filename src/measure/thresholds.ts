/** The rules a verdict follows; docs/measurement.md states them in words. */

/** Runs needed before the change (pooled over the affected shapes). */
export const MIN_RUNS_BEFORE = 10;
/** Runs needed in each of the two consecutive windows after it. */
export const MIN_RUNS_PER_WINDOW = 5;
/** `verified`: at least this much less execution time (10 %)… */
export const MIN_IMPROVEMENT_PCT = 10;
/** …and the interval's lower end at least this much faster. */
export const MIN_SPEEDUP_LOW = 1.1;
/** `regressed`: at least this much slower, with the whole interval slower. */
export const REGRESSION_SLOWDOWN = 1.5;
/** New failures count as a regression at this one-sided Fisher p-value… */
export const FAILURE_P = 0.01;
/** …and this rise in failure rate (points). */
export const FAILURE_RISE_PCT = 5;
/** Looks back this far before the change, and further when the shapes ran too little. */
export const BEFORE_DAYS = 7;
export const MAX_BEFORE_DAYS = 28;
export const MAX_AFTER_DAYS = 28;
/** A measured improvement meets the estimate when it is at most this many points below it. */
export const EXPECTATION_TOLERANCE_PCT = 20;
/** Control shapes: at most this many, each with this many runs on both sides. */
export const MAX_CONTROL_SHAPES = 50;
export const MIN_CONTROL_RUNS = 5;
