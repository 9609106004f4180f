import type { SpreadStats } from '../domain/profile-summary.js';

/** Sum, max and (lower-middle-averaged) median of a list; all 0 for an empty list. */
export function spreadOf(values: readonly number[]): SpreadStats {
  if (values.length === 0) return { sum: 0, max: 0, median: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { sum, max: sorted.at(-1) ?? 0, median };
}

/** `numerator / max(denominator, 1)`: a ratio that stays finite when the denominator is idle. */
export function flooredRatio(numerator: number, denominator: number): number {
  return numerator / Math.max(denominator, 1);
}
