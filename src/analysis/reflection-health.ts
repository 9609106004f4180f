import type { Reflection } from '../domain/reflection.js';
import type { JobContext, WorkloadSnapshot } from './detector.js';

// What the reflection detectors (unused, failing, regression) share about a reflection's health: its
// refresh jobs and its failing states. Here, in the framework, because a detector imports no other detector.

const REFRESH_SQL = /^\s*REFRESH\s+REFLECTION\s+'([^']+)'/i;

/**
 * Reflection refresh jobs in the window by reflection id. Dremio runs each refresh as a job whose SQL is
 * `REFRESH REFLECTION '<reflection id>' AS '<materialization id>'` (query type ACCELERATOR_CREATE).
 */
export function refreshJobsByReflection(
  snapshot: WorkloadSnapshot,
): ReadonlyMap<string, readonly JobContext[]> {
  const byId = new Map<string, JobContext[]>();
  for (const context of snapshot.jobs) {
    const id = REFRESH_SQL.exec(context.job.sqlText ?? '')?.[1];
    if (id === undefined) continue;
    const list = byId.get(id) ?? [];
    list.push(context);
    byId.set(id, list);
  }
  return byId;
}

/** Combined, refresh and availability states that mean the reflection cannot serve queries as it should. */
export const FAILING_STATUSES: ReadonlySet<string> = new Set([
  'FAILED',
  'INVALID',
  'EXPIRED',
  'INCOMPLETE',
  'CAN_ACCELERATE_WITH_FAILURES',
  'CANNOT_ACCELERATE_SCHEDULED',
  'CANNOT_ACCELERATE_MANUAL',
  'GIVEN_UP',
]);

export function hasFailingStatus(r: Reflection): boolean {
  return [r.status, r.refreshStatus, r.availabilityStatus].some((s) => s !== null && FAILING_STATUSES.has(s));
}
