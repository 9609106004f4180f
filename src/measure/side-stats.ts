import { quantile, quantileSorted, sortAscending } from '../analysis/stats/index.js';
import type { SideStats } from '../domain/measurement.js';
import type { MeasuredRun } from '../store/index.js';

const MS_PER_DAY = 86_400_000;

export function daysBetween(start: Date, end: Date): number {
  return Math.max(end.getTime() - start.getTime(), 0) / MS_PER_DAY;
}

export function sideStats(
  runs: readonly MeasuredRun[],
  window: { readonly start: Date; readonly end: Date },
  failures: number,
): SideStats {
  const times = sortAscending(runs.map((r) => r.execMs as number));
  const at = (p: number) => (times.length === 0 ? null : quantileSorted(times, p));
  const known = runs.filter((r) => r.accelerated !== null);
  const days = daysBetween(window.start, window.end);
  return {
    start: window.start,
    end: window.end,
    runs: runs.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p10Ms: at(0.1),
    p25Ms: at(0.25),
    p75Ms: at(0.75),
    p90Ms: at(0.9),
    runsPerDay: days > 0 ? runs.length / days : 0,
    acceleratedShare: known.length === 0 ? null : known.filter((r) => r.accelerated).length / known.length,
    failures,
  };
}

/** % less of a metric after than before, from the medians of each shape weighted by its runs before. */
export function metricImprovement(
  before: readonly MeasuredRun[],
  after: readonly MeasuredRun[],
  metric: (run: MeasuredRun) => number | null,
): number | null {
  const sides = new Map<string, { b: number[]; a: number[] }>();
  const add = (run: MeasuredRun, side: 'b' | 'a') => {
    const v = metric(run);
    if (v === null || !(v > 0)) return;
    const entry = sides.get(run.fingerprint) ?? { b: [], a: [] };
    entry[side].push(v);
    sides.set(run.fingerprint, entry);
  };
  for (const r of before) add(r, 'b');
  for (const r of after) add(r, 'a');
  let weight = 0;
  let logSum = 0;
  for (const { b, a } of sides.values()) {
    if (b.length === 0 || a.length === 0) continue;
    logSum += b.length * Math.log(quantile(a, 0.5) / quantile(b, 0.5));
    weight += b.length;
  }
  return weight === 0 ? null : (1 - Math.exp(logSum / weight)) * 100;
}
