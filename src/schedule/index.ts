// Scheduling: run a cycle (collect, then analyze) at a fixed rate, never overlapping, stoppable.
// Pure timing logic with an injectable clock so it is tested without waiting.
export { parseInterval } from './interval.js';
export { type RunEveryOptions, runEvery } from './run-every.js';
