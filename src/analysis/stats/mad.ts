import { median } from './percentile.js';

/**
 * Median absolute deviation: median(|x − median(x)|), unscaled. Multiply by 1.4826 for a consistent
 * estimate of σ under normality; we keep the raw value so it can be checked against the runs.
 */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const center = median(values);
  return median(values.map((v) => Math.abs(v - center)));
}

/** Scale factor that turns a MAD into an estimate of the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;
