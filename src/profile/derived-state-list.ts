import { asArray, asNumber, asObject, type RawObject } from './raw-access.js';

const PENDING = 1;
const PLANNING = 3;
const QUEUED = 4;
const EXECUTION_PLANNING = 6;
const RUNNING = 8;
// QueryResult.QueryState → the terminal AttemptEvent.State a stateList would end with.
const TERMINAL_BY_QUERY_STATE: Readonly<Record<number, number>> = { 2: 9, 3: 10, 4: 11 };

/**
 * The profile's `stateList`, or when it has none (profiles written before Dremio 4.x kept it, and
 * trimmed or test profiles such as dremio-oss's own `skewness_profile.json`), one rebuilt from the
 * times every profile carries: `start`, `planningStart`/`planningEnd`, the scheduling window and `end`.
 * `derived` says the states are reconstructed, so the caller can warn.
 */
export function stateListOrDerived(profile: RawObject): { stateList: readonly unknown[]; derived: boolean } {
  const own = asArray(profile.stateList);
  if (own.length > 0) return { stateList: own, derived: false };
  const startMs = asNumber(profile.start);
  const planningStartMs = asNumber(profile.planningStart);
  const planningEndMs = asNumber(profile.planningEnd);
  const endMs = asNumber(profile.end);
  if (startMs <= 0) return { stateList: [], derived: false };
  const scheduling = asObject(profile.resourceSchedulingProfile);
  const queuedMs = asNumber(scheduling.resourceSchedulingStart);
  const dequeuedMs = asNumber(scheduling.resourceSchedulingEnd);
  const events: { state: number; startTime: number }[] = [{ state: PENDING, startTime: startMs }];
  const push = (state: number, at: number) => {
    const last = events[events.length - 1]!;
    if (at > 0 && at >= last.startTime && (endMs <= 0 || at <= endMs)) events.push({ state, startTime: at });
  };
  push(PLANNING, planningStartMs);
  if (queuedMs > 0 && dequeuedMs > queuedMs) {
    push(QUEUED, queuedMs);
    push(EXECUTION_PLANNING, dequeuedMs);
  }
  push(RUNNING, Math.max(planningEndMs, dequeuedMs));
  const terminal = TERMINAL_BY_QUERY_STATE[asNumber(profile.state)];
  if (terminal !== undefined && endMs > 0) push(terminal, endMs);
  return { stateList: events, derived: events.length > 1 };
}
