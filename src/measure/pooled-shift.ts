import {
  hodgesLehmann,
  mannWhitneyU,
  median,
  normalQuantile,
  normalUpperTail,
} from '../analysis/stats/index.js';
import type { Speedup } from '../domain/measurement.js';
import type { MeasuredRun } from '../store/index.js';

export const CONFIDENCE = 0.95;

export interface LogShift {
  /** Hodges–Lehmann of log(before) − log(after): > 0 means faster after. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly pValue: number;
  readonly nBefore: number;
  readonly nAfter: number;
}

export function toSpeedup(shift: { estimate: number; lower: number; upper: number }): Speedup {
  return { estimate: Math.exp(shift.estimate), low: Math.exp(shift.lower), high: Math.exp(shift.upper) };
}

/** Hodges–Lehmann of before − after on values already on the log scale, with the Mann–Whitney p-value. */
function shiftOfLogs(b: readonly number[], a: readonly number[]): LogShift | null {
  if (b.length === 0 || a.length === 0) return null;
  const hl = hodgesLehmann(b, a, { confidence: CONFIDENCE });
  const test = mannWhitneyU(b, a, { alternative: 'two-sided' });
  return {
    estimate: hl.estimate,
    lower: hl.lower,
    upper: hl.upper,
    confidence: CONFIDENCE,
    pValue: test.pValue,
    nBefore: b.length,
    nAfter: a.length,
  };
}

/** The log shift between two samples of times (before vs after), with its interval and p-value. */
export function logShift(before: readonly number[], after: readonly number[]): LogShift | null {
  return shiftOfLogs(before.map(Math.log), after.map(Math.log));
}

/**
 * The shift pooled over several query shapes. Shapes run at very different speeds, so each run is
 * taken relative to its own shape's median before the change (log time minus the log median): the
 * pooled sample then asks one question — did the shapes get faster than they used to be — and a
 * frequent shape counts as often as it runs. Shapes with no run before cannot be centred and are
 * left out here (they are still listed per fingerprint).
 */
export function pooledShift(before: readonly MeasuredRun[], after: readonly MeasuredRun[]): LogShift | null {
  const centre = new Map<string, number>();
  const byShape = new Map<string, number[]>();
  for (const run of before) {
    const list = byShape.get(run.fingerprint) ?? [];
    list.push(Math.log(run.execMs as number));
    byShape.set(run.fingerprint, list);
  }
  for (const [fp, logs] of byShape) centre.set(fp, median(logs));
  const b: number[] = [];
  const a: number[] = [];
  for (const run of before) b.push(Math.log(run.execMs as number) - (centre.get(run.fingerprint) as number));
  for (const run of after) {
    const c = centre.get(run.fingerprint);
    if (c !== undefined) a.push(Math.log(run.execMs as number) - c);
  }
  return shiftOfLogs(b, a);
}

/** One shape's shift with the weight it carries in the total. */
export interface WeightedShift {
  readonly shift: LogShift;
  /** Its execution time per day before the change: what share of the total it is. */
  readonly msPerDay: number;
}

/**
 * The shift of the affected shapes' total execution time: each shape's log shift weighted by its
 * share of their time per day before the change, so a slow shape run often counts for what it costs
 * and a trivial one cannot outvote it. The interval combines the shapes' intervals as independent
 * normal errors (the half-width read as 1.96 standard errors), the p-value is that normal's.
 */
export function weightedShift(parts: readonly WeightedShift[]): LogShift | null {
  const total = parts.reduce((s, p) => s + p.msPerDay, 0);
  if (parts.length === 0 || !(total > 0)) return null;
  const z = normalQuantile(0.5 + CONFIDENCE / 2);
  let estimate = 0;
  let lowerVar = 0;
  let upperVar = 0;
  for (const { shift, msPerDay } of parts) {
    const w = msPerDay / total;
    estimate += w * shift.estimate;
    lowerVar += (w * Math.max(0, shift.estimate - shift.lower)) ** 2;
    upperVar += (w * Math.max(0, shift.upper - shift.estimate)) ** 2;
  }
  const lower = estimate - Math.sqrt(lowerVar);
  const upper = estimate + Math.sqrt(upperVar);
  const se = (upper - lower) / (2 * z);
  const pValue = se > 0 ? Math.min(1, 2 * normalUpperTail(Math.abs(estimate) / se)) : estimate === 0 ? 1 : 0;
  return {
    estimate,
    lower,
    upper,
    confidence: CONFIDENCE,
    pValue,
    nBefore: parts.reduce((s, p) => s + p.shift.nBefore, 0),
    nAfter: parts.reduce((s, p) => s + p.shift.nAfter, 0),
  };
}
