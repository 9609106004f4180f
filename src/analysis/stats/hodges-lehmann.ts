import { type Alternative, exactUDistribution } from './mann-whitney.js';
import { normalQuantile } from './normal-quantile.js';
import { kthDifference, medianDifference } from './pairwise-differences.js';
import { sortAscending } from './percentile.js';

export interface HodgesLehmannOptions {
  /** Two-sided by default; a one-sided interval has an infinite end, as in R. */
  readonly alternative?: Alternative;
  /** Nominal confidence level in (0, 1); default 0.95. */
  readonly confidence?: number;
  /**
   * Force (true) or forbid (false) the exact method. Ties always fall back to the normal one, and so
   * do samples with nX·nY above 10 000, whose exact distribution would cost O(nX²·nY) to count.
   */
  readonly exact?: boolean;
}

export interface HodgesLehmann {
  readonly nX: number;
  readonly nY: number;
  /** Median of x_i − y_j. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly method: 'exact' | 'normal';
  readonly confidence: number;
  /** Coverage the exact interval really has; equal to `confidence` for the normal method. */
  readonly achievedConfidence: number;
}

/**
 * Hodges–Lehmann shift of x against y: the median of all pairwise differences x_i − y_j, with the
 * distribution-free confidence interval R's `wilcox.test(x, y, conf.int = TRUE)` reports.
 *
 * - Exact when `exact` allows it (by default, as R: both samples under 50 values) and no value is
 *   tied across or within the samples: the ends are order statistics of the differences picked by
 *   the exact null distribution of U (R's `qwilcox`). Small samples may not reach the requested
 *   level; `achievedConfidence` says what they reach (R warns and reports it when it falls short
 *   by more than α/2).
 * - Otherwise the normal approximation with tie and continuity correction. R finds each end by
 *   root-finding on the standardised U of (x − d, y) over d; that statistic only jumps at pairwise
 *   differences, so the root R converges to (within its `tol.root` of 1e-4) is a pairwise difference
 *   we can index directly: no root-finding, and the ends are exact order statistics.
 *
 * Applied to log times, the shift is a log ratio: exp(estimate) is the typical after/before factor.
 *
 * @example
 * const r = hodgesLehmann(after.map(Math.log), before.map(Math.log), { confidence: 0.95 });
 * const speedup = Math.exp(-r.estimate); // [exp(-r.upper), exp(-r.lower)]
 */
export function hodgesLehmann(
  x: readonly number[],
  y: readonly number[],
  options: HodgesLehmannOptions = {},
): HodgesLehmann {
  const confidence = options.confidence ?? 0.95;
  const alternative = options.alternative ?? 'two-sided';
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is not in (0, 1)`);
  if (x.length === 0 || y.length === 0)
    throw new RangeError('hodgesLehmann needs at least one value per sample');
  if (![...x, ...y].every(Number.isFinite)) throw new RangeError('hodgesLehmann needs finite values');
  const xs = sortAscending(x);
  const ys = sortAscending(y);
  const nX = xs.length;
  const nY = ys.length;
  const estimate = medianDifference(xs, ys);
  const exact = (options.exact ?? (nX < 50 && nY < 50)) && nX * nY <= EXACT_MAX_PRODUCT && !hasTies(xs, ys);
  const ranks = exact
    ? exactRanks(nX, nY, confidence, alternative)
    : normalRanks({ xs, ys, confidence, alternative });
  const lower = ranks.lower === null ? Number.NEGATIVE_INFINITY : kthDifference(xs, ys, ranks.lower);
  const upper = ranks.upper === null ? Number.POSITIVE_INFINITY : kthDifference(xs, ys, ranks.upper);
  return {
    nX,
    nY,
    estimate,
    lower,
    upper,
    method: exact ? 'exact' : 'normal',
    confidence,
    achievedConfidence: ranks.achievedConfidence,
  };
}

const EXACT_MAX_PRODUCT = 10_000;

/** 1-based ranks of the interval's ends among the sorted differences; null for an infinite end. */
interface EndRanks {
  readonly lower: number | null;
  readonly upper: number | null;
  readonly achievedConfidence: number;
}

function exactRanks(nX: number, nY: number, confidence: number, alternative: Alternative): EndRanks {
  const total = nX * nY;
  const alpha = 1 - confidence;
  const cdf = cumulative(exactUDistribution(nX, nY));
  const tail = alternative === 'two-sided' ? alpha / 2 : alpha;
  // R: qu <- qwilcox(tail, m, n); if (qu == 0) qu <- 1; achieved alpha from pwilcox(qu − 1).
  const qu = Math.max(1, lowerQuantile(cdf, tail));
  const below = cdf[qu - 1]!;
  const achievedConfidence = 1 - (alternative === 'two-sided' ? 2 * below : below);
  const lower = alternative === 'less' ? null : qu;
  const upper = alternative === 'greater' ? null : total - qu + 1;
  return { lower, upper, achievedConfidence };
}

function cumulative(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  let running = 0;
  return counts.map((c) => {
    running += c;
    return running / total;
  });
}

// R's qwilcox for p ≤ 0.5: the smallest q with P(U ≤ q) ≥ p, with R's 10·ε fuzz so a level that
// lands exactly on an atom is not missed by rounding.
function lowerQuantile(cdf: readonly number[], p: number): number {
  const target = p - 10 * Number.EPSILON;
  let q = 0;
  while (q < cdf.length - 1 && cdf[q]! < target) q++;
  return q;
}

function normalRanks(input: {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly confidence: number;
  readonly alternative: Alternative;
}): EndRanks {
  const { xs, ys, confidence, alternative } = input;
  const nX = xs.length;
  const nY = ys.length;
  const total = nX * nY;
  const n = nX + nY;
  // Between two pairwise differences d, the only ties in (x − d, y) are those within each sample.
  const tieTerm = withinTieTerm(xs) + withinTieTerm(ys);
  const sigma = Math.sqrt((total / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = normalQuantile(alternative === 'two-sided' ? 1 - (1 - confidence) / 2 : confidence);
  // For d between the k-th and (k+1)-th differences, U(d) = total − k; the continuity-corrected
  // z(d) crosses ±z at the difference whose rank is computed here.
  const clamp = (k: number) => Math.min(total, Math.max(1, k));
  const lower = alternative === 'less' ? null : clamp(Math.ceil(total / 2 - 0.5 - z * sigma));
  const upper = alternative === 'greater' ? null : clamp(Math.floor(total / 2 + 0.5 + z * sigma) + 1);
  return { lower, upper, achievedConfidence: confidence };
}

function withinTieTerm(sorted: readonly number[]): number {
  let term = 0;
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[start]) continue;
    const t = i - start;
    term += t * t * t - t;
    start = i;
  }
  return term;
}

function hasTies(xs: readonly number[], ys: readonly number[]): boolean {
  const pooled = sortAscending([...xs, ...ys]);
  for (let i = 1; i < pooled.length; i++) if (pooled[i] === pooled[i - 1]) return true;
  return false;
}
