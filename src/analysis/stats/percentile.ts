/**
 * Percentiles by linear interpolation between closest ranks (Hyndman & Fan type 7, the default of R,
 * NumPy and PostgreSQL's `percentile_cont`), so our numbers match what a user computes by hand.
 */

/** The `p`-th quantile (0–1) of values already sorted ascending; NaN for an empty list. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const clamped = Math.min(1, Math.max(0, p));
  const position = (sorted.length - 1) * clamped;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (position - lower);
}

/** The `p`-th quantile (0–1) of values in any order; NaN for an empty list. */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(sortAscending(values), p);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
