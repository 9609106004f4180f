import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDifferencesAtMost, kthDifference, medianDifference } from './pairwise-differences.js';
import { sortAscending } from './percentile.js';

function bruteForce(x: readonly number[], y: readonly number[]): number[] {
  return sortAscending(x.flatMap((xi) => y.map((yj) => xi - yj)));
}

describe('kthDifference', () => {
  it('equals the k-th of all sorted differences, for every k', () => {
    const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(values, values, (x, y) => {
        const xs = sortAscending(x);
        const ys = sortAscending(y);
        const all = bruteForce(x, y);
        for (let k = 1; k <= all.length; k++) expect(kthDifference(xs, ys, k)).toBe(all[k - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it('handles differences of either sign close to zero and tied values', () => {
    const x = [1e-300, 0, 0, 5e-324, -1e-300];
    const y = [0, 1e-310, -1e-310];
    const all = bruteForce(x, y);
    const xs = sortAscending(x);
    const ys = sortAscending(y);
    for (let k = 1; k <= all.length; k++)
      expect(Object.is(kthDifference(xs, ys, k) + 0, all[k - 1]! + 0)).toBe(true);
  });

  it('selects among 10 billion differences without materialising them', () => {
    // x = y = 0…99 999: the difference d occurs 100 000 − |d| times, so the k-th is known in closed form.
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    expect(medianDifference(x, x)).toBe(0);
    expect(kthDifference(x, x, 1)).toBe(-(n - 1));
    expect(kthDifference(x, x, n * n)).toBe(n - 1);
    // Differences ≤ −(n − 2): 1 + 2 = 3 of them, so the 3rd is −(n − 2) and the 4th is −(n − 3).
    expect(kthDifference(x, x, 3)).toBe(-(n - 2));
    expect(kthDifference(x, x, 4)).toBe(-(n - 3));
  });

  it('rejects a rank outside 1…n·m', () => {
    expect(() => kthDifference([1], [2], 0)).toThrow(RangeError);
    expect(() => kthDifference([1], [2], 2)).toThrow(RangeError);
  });
});

describe('countDifferencesAtMost', () => {
  it('counts x − y ≤ t', () => {
    expect(countDifferencesAtMost([1, 2, 3], [0, 1], 1)).toBe(3);
    expect(countDifferencesAtMost([1, 2, 3], [0, 1], -1)).toBe(0);
    expect(countDifferencesAtMost([1, 2, 3], [0, 1], 3)).toBe(6);
  });
});
