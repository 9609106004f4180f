import { normalApproximation } from './mann-whitney.js';
import { rankWithTies } from './ranks.js';

/**
 * Where a series (oldest first) stepped up. The split is located as in Pettitt's (1979) rank
 * change-point test: the one where the later segment's Mann–Whitney U exceeds its null mean
 * (nBefore·nAfter/2) the most. That split is then tested one-sided (later > earlier) with the
 * tie-corrected normal approximation.
 *
 * Every split compares a prefix with the matching suffix, and prefix ∪ suffix is the whole series,
 * so one global ranking serves all splits and the scan is O(n log n). Because the split is chosen
 * by looking at the data, `adjustedPValue` is Bonferroni-adjusted by the number of candidate splits,
 * which keeps "significant" honest.
 */
export interface ShiftPoint {
  /** Index of the first value of the later segment. */
  readonly index: number;
  readonly before: number;
  readonly after: number;
  /** U of the later segment against the earlier one (pairs where later > earlier, ties ½). */
  readonly uAfter: number;
  readonly z: number;
  /** One-sided p-value at this split, before adjustment. */
  readonly pValue: number;
  /** `pValue` × number of candidate splits, capped at 1. */
  readonly adjustedPValue: number;
  readonly candidates: number;
}

export function findShiftPoint(
  values: readonly number[],
  options: { readonly minBefore: number; readonly minAfter: number },
): ShiftPoint | undefined {
  const n = values.length;
  const first = Math.max(1, options.minBefore);
  const last = n - Math.max(1, options.minAfter);
  if (last < first) return undefined;
  const { ranks, tieTerm } = rankWithTies(values);
  const suffixRankSum = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) suffixRankSum[i] = suffixRankSum[i + 1]! + ranks[i]!;
  let best: Omit<ShiftPoint, 'adjustedPValue' | 'candidates'> | undefined;
  let bestExcess = Number.NEGATIVE_INFINITY;
  for (let index = first; index <= last; index++) {
    const after = n - index;
    const uAfter = suffixRankSum[index]! - (after * (after + 1)) / 2;
    const { z, pValue } = normalApproximation({
      nX: after,
      nY: index,
      uX: uAfter,
      tieTerm,
      alternative: 'greater',
    });
    const excess = uAfter - (after * index) / 2;
    if (excess > bestExcess) {
      bestExcess = excess;
      best = { index, before: index, after, uAfter, z, pValue };
    }
  }
  if (best === undefined) return undefined;
  const candidates = last - first + 1;
  return { ...best, adjustedPValue: Math.min(1, best.pValue * candidates), candidates };
}
