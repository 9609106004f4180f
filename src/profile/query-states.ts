import {
  ATTEMPT_STATES,
  type PlanPhase,
  type StateDurationsMs,
  type StateSpan,
  type TimedState,
} from '../domain/profile-summary.js';
import { asArray, asNumber, asObject, asString } from './raw-access.js';

const TIMED_BY_STATE: Readonly<Record<number, TimedState>> = {
  1: 'pending',
  2: 'metadataRetrieval',
  3: 'planning',
  4: 'queued',
  5: 'engineStart',
  6: 'executionPlanning',
  7: 'starting',
  8: 'running',
};

// Equal timestamps are ordered ENGINE_START before QUEUED whatever order the list has: Enterprise stamps
// both at once and the wait until EXECUTION_PLANNING is the queue's (fidelity-gaps #2). Terminal last.
const TIE_RANK: Readonly<Record<number, number>> = { 1: 0, 2: 1, 3: 2, 5: 3, 4: 4, 6: 5, 7: 6, 8: 7 };
const tieRank = (state: number) => TIE_RANK[state] ?? 8;

/**
 * Time per attempt state from `stateList`: each state lasts until the next one starts; the last
 * state lasts until the profile's `end` when it is not terminal (a profile of a running query).
 */
export function summarizeStates(options: { stateList: unknown; endEpochMs: number }): {
  states: readonly StateSpan[];
  stateDurationsMs: StateDurationsMs;
} {
  const events = asArray(options.stateList)
    .map((e) => ({ state: asNumber(asObject(e).state), startEpochMs: asNumber(asObject(e).startTime) }))
    .sort((a, b) => a.startEpochMs - b.startEpochMs || tieRank(a.state) - tieRank(b.state));
  const durations: Record<TimedState, number> = {
    pending: 0,
    metadataRetrieval: 0,
    planning: 0,
    queued: 0,
    engineStart: 0,
    executionPlanning: 0,
    starting: 0,
    running: 0,
  };
  const states = events.map((event, index): StateSpan => {
    const timed = TIMED_BY_STATE[event.state];
    const nextStart =
      events[index + 1]?.startEpochMs ?? (timed === undefined ? event.startEpochMs : options.endEpochMs);
    const durationMs = Math.max(0, nextStart - event.startEpochMs);
    if (timed !== undefined) durations[timed] += durationMs;
    const state = ATTEMPT_STATES[event.state] ?? (`UNKNOWN_STATE_${event.state}` as const);
    return { state, startEpochMs: event.startEpochMs, durationMs };
  });
  return { states, stateDurationsMs: durations };
}

/** Planning phases in profile order with their durations. */
export function summarizePlanPhases(planPhases: unknown): readonly PlanPhase[] {
  return asArray(planPhases).map((p) => {
    const raw = asObject(p);
    return { name: asString(raw.phaseName), durationMs: asNumber(raw.durationMillis) };
  });
}
