import { hodgesLehmann, mannWhitneyU, median } from '../analysis/stats/index.js';
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

/** The log shift between two samples of times (before vs after), with its interval and p-value. */
export function logShift(before: readonly number[], after: readonly number[]): LogShift | null {
  if (before.length === 0 || after.length === 0) return null;
  const b = before.map(Math.log);
  const a = after.map(Math.log);
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

/**
 * The shift pooled over several query shapes. Shapes run at very different speeds, so each run is
 * taken relative to its own shape's median before the change (log time minus the log median): the
 * pooled sample then asks one question — did the shapes get faster than they used to be — and a
 * frequent shape counts as often as it runs. Shapes with no run before cannot be centred and are
 * left out here (they are still listed per fingerprint).
 */
export function pooledShift(
  before: readonly MeasuredRun[],
  after: readonly MeasuredRun[],
  beforeOf: (run: MeasuredRun) => string = (r) => r.fingerprint,
): LogShift | null {
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
    const c = centre.get(beforeOf(run));
    if (c !== undefined) a.push(Math.log(run.execMs as number) - c);
  }
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
