import {
  type OperatorSummary,
  type StateDurationsMs,
  TIMED_STATES,
  type TimedState,
} from './profile-summary.js';

/** Percent of the time a query spent in each attempt state; the non-zero ones add up to 100. */
export type StateSharesPercent = Readonly<Record<TimedState, number>>;

/**
 * An operator's whole time, summed over its minor fragments: setup + process + wait. Process time
 * alone hides an operator that waited: a scan blocked on I/O, a Screen blocked on its client.
 * Computed from the three spreads every summary has had, so summaries stored before `totalNanos`
 * existed give the same answer.
 */
export function operatorTotalNanos(
  op: Pick<OperatorSummary, 'setupNanos' | 'processNanos' | 'waitNanos'>,
): number {
  return op.setupNanos.sum + op.processNanos.sum + op.waitNanos.sum;
}

/**
 * Each state's share of the time the states cover (first state to the terminal one, which is the
 * query's wall time give or take a millisecond of rounding), in percent. All 0 without state times.
 */
export function stateSharesPercent(durations: StateDurationsMs): StateSharesPercent {
  const coveredMs = TIMED_STATES.reduce((sum, state) => sum + durations[state], 0);
  const shares = {} as Record<TimedState, number>;
  for (const state of TIMED_STATES) shares[state] = coveredMs > 0 ? (durations[state] / coveredMs) * 100 : 0;
  return shares;
}
