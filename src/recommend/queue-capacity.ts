import type { JobContext } from '../analysis/detector.js';
import { median } from './job-time.js';
import { queryMemoryBytesOf } from './query-memory.js';

// What added queue slots can absorb: they start the first jobs of each wait line at once, but they run on
// the same engine, so the time the existing slots were already busy is not freed.

export interface Interval {
  readonly start: number;
  readonly end: number;
}

export function queuedMs(c: JobContext): number {
  return c.job.phases.queuedMs ?? c.profile?.stateDurationsMs.queued ?? 0;
}

export function waitingInterval(c: JobContext): Interval | undefined {
  const start = c.job.timestamps.queryEnqueuedAt;
  const ms = queuedMs(c);
  return start === null || ms <= 0 ? undefined : { start: start.getTime(), end: start.getTime() + ms };
}

/**
 * Counts, for a time t, the jobs already waiting then: queued before t and not yet out of the line
 * (start < t < end) — a job's place in the line (0 = first) when t is its own queue time. A wait has
 * end > start, so the waits over by t all started before it and the count is (starts before t) −
 * (ends at or before t): two binary searches instead of a pass over every wait (a queue of 300k waits
 * made the pass-per-job version take minutes).
 */
export function waitingAt(lines: readonly Interval[]): (t: number) => number {
  const kept = lines.filter((l) => Number.isFinite(l.start) && Number.isFinite(l.end) && l.end > l.start);
  const starts = Float64Array.from(kept, (l) => l.start).sort();
  const ends = Float64Array.from(kept, (l) => l.end).sort();
  return (t) => countBelow(starts, t, false) - countBelow(ends, t, true);
}

/** How many of the sorted values are < t (or ≤ t with `orEqual`). */
function countBelow(sorted: Float64Array, t: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < t || (orEqual && v === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface AbsorbedWait {
  /** Waits the added slots remove, per the window. */
  readonly absorbedMs: number;
  readonly waitedMs: number;
  /** Share of the existing slots' time that was busy in the window: it stays busy. */
  readonly busyShare: number;
}

/**
 * The wait of each job whose place in the line is below the added slots, less the busy share: the
 * existing slots' running time over (slots × window). Other waits are assumed to stay.
 */
export function absorbedWait(options: {
  readonly waiting: readonly JobContext[];
  readonly queueJobs: readonly JobContext[];
  readonly slots: number;
  readonly addedSlots: number;
  readonly windowMs: number;
  readonly runningMsOf: (c: JobContext) => number;
}): AbsorbedWait {
  const ahead = waitingAt(options.queueJobs.flatMap((c) => waitingInterval(c) ?? []));
  let absorbed = 0;
  let waitedMs = 0;
  for (const c of options.waiting) {
    const w = waitingInterval(c);
    waitedMs += queuedMs(c);
    if (w === undefined) continue;
    if (ahead(w.start) < options.addedSlots) absorbed += queuedMs(c);
  }
  const busyMs = options.queueJobs.reduce((sum, c) => sum + options.runningMsOf(c), 0);
  const busyShare = Math.min(1, busyMs / Math.max(1, options.slots * options.windowMs));
  return { absorbedMs: absorbed * (1 - busyShare), waitedMs, busyShare };
}

/** Memory one query of the queue takes (median allocated), null when no job reports it. */
export function memoryPerQueryBytes(jobs: readonly JobContext[]): number | null {
  const bytes = jobs.flatMap((c) => queryMemoryBytesOf(c) ?? []);
  return bytes.length === 0 ? null : median(bytes);
}
