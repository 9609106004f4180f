/** Ranks with ties, as rank tests use them. */

export interface Ranking {
  /** 1-based rank of each value, in input order; tied values share the mean of their ranks. */
  readonly ranks: readonly number[];
  /** Σ (t³ − t) over groups of t tied values: the tie correction of rank-test variances. */
  readonly tieTerm: number;
}

export function rankWithTies(values: readonly number[]): Ranking {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length).fill(0);
  let tieTerm = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const shared = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!] = shared;
    const t = end - start + 1;
    tieTerm += t * t * t - t;
    start = end + 1;
  }
  return { ranks, tieTerm };
}
