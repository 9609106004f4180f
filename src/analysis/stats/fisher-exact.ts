import type { Alternative } from './mann-whitney.js';

/** A 2×2 table of counts, rows then columns, as scipy's `fisher_exact` takes it. */
export type TwoByTwo = readonly [readonly [number, number], readonly [number, number]];

export interface FisherExact {
  /** Sample odds ratio a·d / (b·c): Infinity when b·c = 0, NaN when a row or column is empty. */
  readonly oddsRatio: number;
  readonly pValue: number;
}

/**
 * Fisher's exact test of a 2×2 table [[a, b], [c, d]], conditional on its margins, so a handful of
 * failures is judged by its exact hypergeometric probability rather than a normal guess.
 *
 * - `greater`: a is larger than independence predicts (odds ratio > 1); `less`: smaller.
 * - `two-sided`: the probability of tables no more likely than the observed one, with R's relative
 *   tolerance of 1e-7 so tables of equal probability are not split by rounding.
 * - A row or column summing to zero gives p = 1 (as scipy).
 *
 * @example
 * // More failures after the change than before?
 * fisherExact([[failedAfter, okAfter], [failedBefore, okBefore]], { alternative: 'greater' });
 */
export function fisherExact(
  table: TwoByTwo,
  options: { readonly alternative?: Alternative } = {},
): FisherExact {
  const alternative = options.alternative ?? 'two-sided';
  const [[a, b], [c, d]] = table;
  for (const v of [a, b, c, d]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`table count ${v} is not a non-negative integer`);
  }
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return { oddsRatio: Number.NaN, pValue: 1 };
  const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Number.POSITIVE_INFINITY;
  const { first, probabilities } = hypergeometric({ total: a + b + c + d, row: a + b, column: a + c });
  const observed = probabilities[a - first]!;
  let pValue = 0;
  probabilities.forEach((p, i) => {
    const k = first + i;
    if (alternative === 'greater' ? k >= a : alternative === 'less' ? k <= a : p <= observed * (1 + 1e-7)) {
      pValue += p;
    }
  });
  return { oddsRatio, pValue: Math.min(1, pValue) };
}

/**
 * P(X = k) for the count in the first cell given the margins, k = first, first + 1, …. Built by the
 * ratio of neighbouring terms from the mode outwards and normalised, so large tables need no
 * factorials and no term overflows.
 */
function hypergeometric(margins: { readonly total: number; readonly row: number; readonly column: number }): {
  readonly first: number;
  readonly probabilities: number[];
} {
  const { total, row, column } = margins;
  const first = Math.max(0, column - (total - row));
  const last = Math.min(row, column);
  const mode = Math.min(last, Math.max(first, Math.floor(((column + 1) * (row + 1)) / (total + 2))));
  const weights = new Array<number>(last - first + 1).fill(0);
  weights[mode - first] = 1;
  for (let k = mode; k < last; k++) {
    weights[k + 1 - first] =
      (weights[k - first]! * (row - k) * (column - k)) / ((k + 1) * (total - row - column + k + 1));
  }
  for (let k = mode; k > first; k--) {
    weights[k - 1 - first] =
      (weights[k - first]! * k * (total - row - column + k)) / ((row - k + 1) * (column - k + 1));
  }
  const sum = weights.reduce((s, w) => s + w, 0);
  return { first, probabilities: weights.map((w) => w / sum) };
}
