import type { JobDraft, JobPhaseDurations, JobTimestamps } from '../../domain/job.js';
import { hasUnstorableText } from '../../store/text-safe-json.js';

/**
 * Values a file can hold but the store cannot (or should not) keep, found before anything is written so
 * a dry run reports exactly what a real import rejects, and one bad value never fails a whole batch.
 * A value that places the job in time (its id, its submitted time) rejects the record; any other bad
 * field is dropped with a warning, because the rest of the record is still true.
 */
export type CheckedDraft =
  | { readonly ok: true; readonly draft: JobDraft; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly reason: string };

// Times before 1970 are how a zeroed or negated field looks, and dates past year 9999 are beyond what
// PostgreSQL prints back as ISO text. Small positive epochs stay: test exports use them. The bounds are
// fixed, never today's date, so an import gives the same answer on any day.
export const EARLIEST_PLAUSIBLE_MS = 1;
export const LATEST_PLAUSIBLE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// Deeper than any Dremio record; JSON.stringify recurses per level and overflows the stack near 5,000.
const RAW_MAX_DEPTH = 256;

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const INT4_MAX = 2 ** 31 - 1;

const COUNTERS = [
  'rowsScanned',
  'bytesScanned',
  'rowsReturned',
  'bytesReturned',
  'cpuTimeMs',
  'memoryAllocatedBytes',
] as const satisfies readonly (keyof JobDraft)[];

const TEXTS = [
  'sql',
  'userName',
  'queryType',
  'state',
  'queueName',
  'engine',
  'client',
  'errorMessage',
] as const satisfies readonly (keyof JobDraft)[];

/** Why `ms` is no time we can store (as "<value> is …"), or undefined when it is one. */
export function implausibleTime(ms: number): string | undefined {
  // An epoch beyond ±8.64e15 ms gives an Invalid Date, whose value is lost by then.
  if (Number.isNaN(ms)) return 'is beyond the range a date can hold';
  if (!Number.isFinite(ms)) return `${ms} is not a finite number`;
  if (ms < EARLIEST_PLAUSIBLE_MS || ms > LATEST_PLAUSIBLE_MS)
    return `${ms} is outside 1970-01-01 … 9999-12-31 in epoch milliseconds`;
  return undefined;
}

export function checkJobDraft(draft: JobDraft): CheckedDraft {
  if (hasUnstorableText(draft.jobId))
    return { ok: false, reason: 'the job id holds a NUL character or an unpaired surrogate' };
  const submittedMs = draft.timestamps.submittedAt.getTime();
  const submitted = implausibleTime(submittedMs);
  if (submitted !== undefined)
    return {
      ok: false,
      reason: `job ${draft.jobId} not imported: its submitted time ${submitted}; fix or remove the record`,
    };

  const warnings: string[] = [];
  const timestamps = { ...draft.timestamps } as Record<keyof JobTimestamps, Date | null>;
  for (const key of Object.keys(timestamps) as (keyof JobTimestamps)[]) {
    const at = timestamps[key];
    if (key === 'submittedAt' || at === null) continue;
    const why = implausibleTime(at.getTime());
    if (why === undefined) continue;
    warnings.push(`${key} ${why}; stored without it`);
    timestamps[key] = null;
  }
  const fixed: Record<string, unknown> = { timestamps };
  for (const key of COUNTERS) {
    const n = draft[key];
    if (n === null || (n >= INT8_MIN && n <= INT8_MAX)) continue;
    warnings.push(`${key} ${n} is beyond a 64-bit integer; stored without it`);
    fixed[key] = null;
  }
  const cost = draft.plannerEstimatedCost;
  if (cost !== null && !Number.isFinite(cost)) {
    warnings.push(`plannerEstimatedCost ${cost} is not a finite number; stored without it`);
    fixed.plannerEstimatedCost = null;
  }
  if (
    draft.attemptCount !== null &&
    !(Number.isInteger(draft.attemptCount) && draft.attemptCount >= 0 && draft.attemptCount <= INT4_MAX)
  ) {
    warnings.push(`attemptCount ${draft.attemptCount} is not a count of attempts; stored without it`);
    fixed.attemptCount = null;
  }
  if (draft.durationMs !== undefined && draft.durationMs !== null && badDuration(draft.durationMs)) {
    warnings.push(`durationMs ${draft.durationMs} is not a duration; stored without it`);
    fixed.durationMs = null;
  }
  if (draft.phases !== undefined) fixed.phases = checkPhases(draft.phases, warnings);
  if (nestsDeeperThan(draft.raw, RAW_MAX_DEPTH)) {
    warnings.push(`the record nests more than ${RAW_MAX_DEPTH} levels deep; stored without its raw copy`);
    fixed.raw = undefined;
  }
  const unstorable = TEXTS.filter((key) => {
    const value = draft[key];
    return value !== null && hasUnstorableText(value);
  });
  if (unstorable.length > 0)
    warnings.push(
      `${unstorable.join(', ')} hold${unstorable.length === 1 ? 's' : ''} NUL characters or unpaired surrogates; stored with U+FFFD in their place`,
    );
  return { ok: true, draft: { ...draft, ...fixed } as JobDraft, warnings };
}

function checkPhases(phases: JobPhaseDurations, warnings: string[]): JobPhaseDurations {
  const out = { ...phases } as Record<keyof JobPhaseDurations, number | null>;
  for (const key of Object.keys(out) as (keyof JobPhaseDurations)[]) {
    const ms = out[key];
    if (ms === null || !badDuration(ms)) continue;
    warnings.push(`${key} ${ms} is not a duration; stored without it`);
    out[key] = null;
  }
  return out;
}

/** Walks without recursion, so the check itself cannot overflow the stack it protects. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

function badDuration(ms: number): boolean {
  return !Number.isFinite(ms) || ms < 0 || ms > LATEST_PLAUSIBLE_MS - EARLIEST_PLAUSIBLE_MS;
}
