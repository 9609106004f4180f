import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianAbsoluteDeviation } from './mad.js';
import { exactUDistribution, mannWhitneyU, normalApproximation } from './mann-whitney.js';
import { moments } from './moments.js';
import { normalUpperTail } from './normal.js';
import { median, quantile } from './percentile.js';
import { rankWithTies } from './ranks.js';
import { findShiftPoint } from './shift-point.js';
import { findStepUp } from './step-up.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(finite, { minLength: 1, maxLength: 60 });

describe('quantile', () => {
  const cases = [
    { name: 'median of an odd list', values: [3, 1, 2], p: 0.5, expected: 2 },
    { name: 'median of an even list interpolates', values: [4, 1, 3, 2], p: 0.5, expected: 2.5 },
    {
      name: 'p95 of 1..20 (type 7: 19.05)',
      values: Array.from({ length: 20 }, (_, i) => i + 1),
      p: 0.95,
      expected: 19.05,
    },
    { name: 'p0 is the minimum', values: [5, 9, 7], p: 0, expected: 5 },
    { name: 'p1 is the maximum', values: [5, 9, 7], p: 1, expected: 9 },
    { name: 'one value', values: [42], p: 0.99, expected: 42 },
  ];
  for (const c of cases) it(c.name, () => expect(quantile(c.values, c.p)).toBeCloseTo(c.expected, 10));

  it('is NaN for no values', () => expect(quantile([], 0.5)).toBeNaN());
  it('median sorts before picking the middle', () => expect(median([9, 1, 5, 3, 7])).toBe(5));

  it('lies between min and max and grows with p', () => {
    fc.assert(
      fc.property(
        sample,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const qLo = quantile(values, lo);
          const qHi = quantile(values, hi);
          expect(qLo).toBeGreaterThanOrEqual(Math.min(...values));
          expect(qHi).toBeLessThanOrEqual(Math.max(...values));
          expect(qLo).toBeLessThanOrEqual(qHi + 1e-9);
        },
      ),
    );
  });
});

describe('moments', () => {
  it('matches the textbook example (2,4,4,4,5,5,7,9: mean 5, sample sd 2.138)', () => {
    const m = moments([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m.mean).toBe(5);
    expect(m.stddev).toBeCloseTo(2.13809, 4);
  });
  it('gives sd 0 for one value and NaN for none', () => {
    expect(moments([7]).stddev).toBe(0);
    expect(moments([]).mean).toBeNaN();
  });
  it('agrees with the two-pass formula', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 80 }), (values) => {
        const mu = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, v) => a + (v - mu) ** 2, 0) / (values.length - 1));
        const m = moments(values);
        expect(m.mean).toBeCloseTo(mu, 3);
        expect(Math.abs(m.stddev - sd)).toBeLessThanOrEqual(1e-6 * Math.max(1, sd));
      }),
    );
  });
});

describe('medianAbsoluteDeviation', () => {
  it('matches the classic example (1,1,2,2,4,6,9 → 1)', () => {
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });
  it('ignores one wild outlier, unlike the standard deviation', () => {
    const calm = [10, 11, 12, 13, 14];
    expect(medianAbsoluteDeviation([...calm, 1e9])).toBeLessThan(3);
  });
  it('is invariant to shifting and scales with |k|', () => {
    fc.assert(
      fc.property(sample, finite, fc.double({ min: -100, max: 100, noNaN: true }), (values, shift, k) => {
        const base = medianAbsoluteDeviation(values);
        expect(medianAbsoluteDeviation(values.map((v) => v + shift))).toBeCloseTo(base, 2);
        expect(medianAbsoluteDeviation(values.map((v) => v * k))).toBeCloseTo(Math.abs(k) * base, 1);
      }),
    );
  });
  it('is NaN for no values', () => expect(medianAbsoluteDeviation([])).toBeNaN());
});

describe('rankWithTies', () => {
  it('averages tied ranks and counts the tie term', () => {
    const r = rankWithTies([10, 20, 20, 30]);
    expect(r.ranks).toEqual([1, 2.5, 2.5, 4]);
    expect(r.tieTerm).toBe(6);
  });
});

describe('mannWhitneyU', () => {
  it("reproduces R's wilcox.test example (W = 35, exact p = 0.1272, greater)", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitneyU(x, y, { alternative: 'greater' });
    expect(r.uX).toBe(35);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.1272, 4);
  });

  it("reproduces SciPy's docs example (U = 17, exact two-sided p = 0.1111, asymptotic 0.11135)", () => {
    const x = [19, 22, 16, 29, 24];
    const y = [20, 11, 17, 12];
    const exact = mannWhitneyU(x, y);
    expect(exact.uX).toBe(17);
    expect(exact.pValue).toBeCloseTo(0.111111, 5);
    const normal = mannWhitneyU(x, y, { exactMaxProduct: 0 });
    expect(normal.method).toBe('normal');
    expect(normal.pValue).toBeCloseTo(0.1113469, 5);
  });

  it('gives the exact tail 1/252 for two fully separated samples of five', () => {
    const r = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5], { alternative: 'greater' });
    expect(r.pValue).toBeCloseTo(1 / 252, 10);
  });

  it('uses the tie-corrected normal approximation when values tie', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3], [2, 3, 4, 4, 5, 5], { alternative: 'less' });
    expect(r.method).toBe('normal');
    expect(r.ties).toBe(true);
    // uX = 5.5 of 36; N = 12, tie term = (3³−3)+(4³−4)+(2³−2)+(2³−2) = 96; σ² = 3·(13 − 96/132).
    const sigma = Math.sqrt(3 * (13 - 96 / 132));
    expect(r.uX).toBe(5.5);
    expect(r.z).toBeCloseTo((5.5 - 18 + 0.5) / sigma, 10);
  });

  it('returns p = 1 for an empty sample or constant data', () => {
    expect(mannWhitneyU([], [1, 2]).pValue).toBe(1);
    expect(mannWhitneyU([3, 3, 3], [3, 3], { exactMaxProduct: 0 }).pValue).toBe(1);
  });

  it('keeps uX + uY = nX·nY and mirrors greater/less when the samples swap', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = mannWhitneyU(x, y, { alternative: 'greater' });
        const b = mannWhitneyU(y, x, { alternative: 'less' });
        expect(a.uX + a.uY).toBeCloseTo(x.length * y.length, 6);
        expect(a.pValue).toBeCloseTo(b.pValue, 9);
        expect(a.pValue).toBeGreaterThanOrEqual(0);
        expect(a.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('has an exact null distribution that sums to C(m+n, m) and is symmetric', () => {
    const counts = exactUDistribution(6, 4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(210);
    expect(counts).toEqual([...counts].reverse());
  });

  it('agrees with the normal approximation on larger samples without ties', () => {
    const x = Array.from({ length: 30 }, (_, i) => i * 1.7 + 0.3);
    const y = Array.from({ length: 30 }, (_, i) => i * 1.5 + 4.15);
    const exact = mannWhitneyU(x, y, { exactMaxProduct: 10_000 });
    const normal = mannWhitneyU(x, y, { exactMaxProduct: 0 });
    expect(exact.method).toBe('exact');
    expect(Math.abs(exact.pValue - normal.pValue)).toBeLessThan(0.01);
  });
});

describe('normalUpperTail', () => {
  const cases = [
    { name: 'z = 0', z: 0, expected: 0.5 },
    { name: 'z = 1.96', z: 1.96, expected: 0.0249979 },
    { name: 'z = 2.326', z: 2.326, expected: 0.0100093 },
    { name: 'z = 6 (tiny tail stays accurate)', z: 6, expected: 9.865876e-10 },
  ];
  for (const c of cases)
    it(c.name, () => expect(Math.abs(normalUpperTail(c.z) - c.expected) / c.expected).toBeLessThan(1e-5));
  it('normalApproximation returns p = 1 with zero variance', () => {
    expect(normalApproximation({ nX: 2, nY: 2, uX: 2, tieTerm: 60, alternative: 'greater' }).pValue).toBe(1);
  });
});

describe('findShiftPoint', () => {
  it('finds the first value of a tripled tail', () => {
    const values = Array.from({ length: 40 }, (_, i) => ((i + 1) % 5) + 100 + (i >= 25 ? 200 : 0));
    const shift = findShiftPoint(values, { minBefore: 10, minAfter: 5 });
    expect(shift?.index).toBe(25);
    expect(shift?.adjustedPValue).toBeLessThan(1e-4);
  });

  it('finds nothing significant in a flat series', () => {
    const values = Array.from({ length: 60 }, (_, i) => 100 + ((i * 37) % 11));
    const shift = findShiftPoint(values, { minBefore: 20, minAfter: 8 });
    expect(shift?.adjustedPValue).toBeGreaterThan(0.01);
  });

  it('returns undefined when the series is too short for both segments', () => {
    expect(findShiftPoint([1, 2, 3], { minBefore: 2, minAfter: 2 })).toBeUndefined();
  });

  it('matches a direct Mann–Whitney test at the split it picks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 12, maxLength: 50 }), (values) => {
        const shift = findShiftPoint(values, { minBefore: 5, minAfter: 5 });
        if (!shift) return;
        const direct = mannWhitneyU(values.slice(shift.index), values.slice(0, shift.index), {
          alternative: 'greater',
          exactMaxProduct: 0,
        });
        expect(shift.uAfter).toBeCloseTo(direct.uX, 6);
        expect(shift.pValue).toBeCloseTo(direct.pValue, 9);
      }),
    );
  });
});

describe('findStepUp', () => {
  const OPTIONS = { minBefore: 20, minAfter: 8, maxPValue: 0.01 };
  const base = (i: number) => [980, 990, 1_000, 1_010, 1_020][i % 5]!;

  it('starts at the first high value even when the rank split includes a high-ish low one', () => {
    const values = Array.from({ length: 37 }, (_, i) => (i >= 29 ? 3 * base(i) : base(i)));
    const step = findStepUp(values, OPTIONS);
    expect(step?.index).toBe(29);
    expect(step?.pValue).toBeLessThan(0.01);
  });

  it('is not a step with fewer than minAfter high values', () => {
    const values = Array.from({ length: 37 }, (_, i) => (i >= 30 ? 3 * base(i) : base(i)));
    expect(findStepUp(values, OPTIONS)).toBeUndefined();
  });

  it('ignores a single spike and a flat series', () => {
    const spike = Array.from({ length: 45 }, (_, i) => (i === 40 ? 20_000 : base(i)));
    expect(findStepUp(spike, OPTIONS)).toBeUndefined();
    expect(
      findStepUp(
        Array.from({ length: 45 }, (_, i) => base(i)),
        OPTIONS,
      ),
    ).toBeUndefined();
  });
});
