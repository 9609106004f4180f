import { normalCdf, normalUpperTail } from './normal.js';
import { rankWithTies } from './ranks.js';

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test of two independent samples.
 *
 * - `greater`: x tends to be larger than y; `less`: smaller; `two-sided`: either.
 * - Exact p-values when there are no ties and nX·nY ≤ `exactMaxProduct` (default 1000): the null
 *   distribution of U is counted with the Gaussian binomial coefficient [nX+nY choose nX]_q, so small
 *   samples (e.g. 5 vs 5) get the true tail instead of a normal guess.
 * - Otherwise the normal approximation with tie-corrected variance
 *   σ² = nX·nY/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))) and a 0.5 continuity correction (as R's
 *   `wilcox.test(correct = TRUE)` and SciPy's `mannwhitneyu(method='asymptotic')`).
 * - An empty sample, or samples whose values are all equal, give p = 1: nothing to test.
 */
export const ALTERNATIVES = ['greater', 'less', 'two-sided'] as const;
export type Alternative = (typeof ALTERNATIVES)[number];

export interface MannWhitneyResult {
  readonly nX: number;
  readonly nY: number;
  /** Pairs (x, y) with x > y, ties counting one half. uX + uY = nX·nY. */
  readonly uX: number;
  readonly uY: number;
  readonly method: 'exact' | 'normal';
  /** The standardised statistic with continuity correction; null for the exact method. */
  readonly z: number | null;
  readonly pValue: number;
  readonly ties: boolean;
}

export interface MannWhitneyOptions {
  readonly alternative?: Alternative;
  readonly exactMaxProduct?: number;
}

export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const alternative = options.alternative ?? 'two-sided';
  const nX = x.length;
  const nY = y.length;
  const { ranks, tieTerm } = rankWithTies([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < nX; i++) rankSumX += ranks[i]!;
  const uX = rankSumX - (nX * (nX + 1)) / 2;
  const uY = nX * nY - uX;
  const ties = tieTerm > 0;
  if (nX === 0 || nY === 0) return { nX, nY, uX, uY, method: 'normal', z: null, pValue: 1, ties };
  if (!ties && nX * nY <= (options.exactMaxProduct ?? 1000)) {
    return {
      nX,
      nY,
      uX,
      uY,
      method: 'exact',
      z: null,
      pValue: exactPValue({ nX, nY, uX, alternative }),
      ties,
    };
  }
  const { z, pValue } = normalApproximation({ nX, nY, uX, tieTerm, alternative });
  return { nX, nY, uX, uY, method: 'normal', z, pValue, ties };
}

/** Normal approximation of U's tail with tie correction and continuity correction. */
export function normalApproximation(input: {
  readonly nX: number;
  readonly nY: number;
  readonly uX: number;
  readonly tieTerm: number;
  readonly alternative: Alternative;
}): { readonly z: number; readonly pValue: number } {
  const { nX, nY, uX, tieTerm, alternative } = input;
  const n = nX + nY;
  const mu = (nX * nY) / 2;
  const variance = ((nX * nY) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { z: 0, pValue: 1 };
  const sigma = Math.sqrt(variance);
  if (alternative === 'greater') {
    const z = (uX - mu - 0.5) / sigma;
    return { z, pValue: Math.min(1, normalUpperTail(z)) };
  }
  if (alternative === 'less') {
    const z = (uX - mu + 0.5) / sigma;
    return { z, pValue: Math.min(1, normalCdf(z)) };
  }
  const z = Math.max(0, Math.abs(uX - mu) - 0.5) / sigma;
  return { z, pValue: Math.min(1, 2 * normalUpperTail(z)) };
}

/** Null distribution of U for sizes m, n: counts of each u = 0 … m·n (coefficients of [m+n choose m]_q). */
export function exactUDistribution(m: number, n: number): number[] {
  const max = m * n;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let i = 1; i <= m; i++) {
    // Multiply by (1 − q^(n+i)), then divide by (1 − q^i): the product telescopes to the q-binomial.
    const shift = n + i;
    for (let u = max; u >= shift; u--) counts[u]! -= counts[u - shift]!;
    for (let u = i; u <= max; u++) counts[u]! += counts[u - i]!;
  }
  return counts;
}

function exactPValue(input: {
  readonly nX: number;
  readonly nY: number;
  readonly uX: number;
  readonly alternative: Alternative;
}): number {
  const counts = exactUDistribution(input.nX, input.nY);
  const total = counts.reduce((a, b) => a + b, 0);
  const u = Math.round(input.uX);
  const upper = counts.slice(u).reduce((a, b) => a + b, 0) / total;
  const lower = counts.slice(0, u + 1).reduce((a, b) => a + b, 0) / total;
  if (input.alternative === 'greater') return upper;
  if (input.alternative === 'less') return lower;
  return Math.min(1, 2 * Math.min(upper, lower));
}
