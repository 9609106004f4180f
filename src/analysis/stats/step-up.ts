import { mannWhitneyU } from './mann-whitney.js';
import { median } from './percentile.js';
import { findShiftPoint } from './shift-point.js';

/** A significant step up in a series (oldest first), starting at its first high value. */
export interface StepUp {
  /** Index of the first value after the step. */
  readonly index: number;
  /** Mann–Whitney U of the values after the step against those before. */
  readonly u: number;
  /** Null when the exact test was used. */
  readonly z: number | null;
  /** One-sided p-value, Bonferroni-adjusted by the candidate splits. */
  readonly pValue: number;
  readonly candidates: number;
}

/**
 * Locates the step with {@link findShiftPoint}, then moves it forward past values still at or below
 * halfway between the two medians, so `index` is the first high value rather than a low one the rank
 * statistic happened to include. The test is re-run at that split (exact for small untied samples);
 * fewer than `minAfter` values after the trimmed step is not yet a step.
 */
export function findStepUp(
  values: readonly number[],
  options: { readonly minBefore: number; readonly minAfter: number; readonly maxPValue: number },
): StepUp | undefined {
  const shift = findShiftPoint(values, { minBefore: options.minBefore, minAfter: options.minAfter });
  if (shift === undefined) return undefined;
  let index = shift.index;
  const halfway = (median(values.slice(0, index)) + median(values.slice(index))) / 2;
  while (index < values.length && values[index]! <= halfway) index++;
  if (values.length - index < options.minAfter) return undefined;
  const test = mannWhitneyU(values.slice(index), values.slice(0, index), { alternative: 'greater' });
  const pValue = Math.min(1, test.pValue * shift.candidates);
  if (pValue >= options.maxPValue) return undefined;
  return { index, u: test.uX, z: test.z, pValue, candidates: shift.candidates };
}
