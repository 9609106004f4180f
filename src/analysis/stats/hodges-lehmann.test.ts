import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hodgesLehmann } from './hodges-lehmann.js';
import { mannWhitneyU } from './mann-whitney.js';
import { mulberry32 } from './seeded-random.js';

// Expected values come from a line-by-line Python port of R 4.x stats:::wilcox.test.default
// (two-sample, conf.int = TRUE): exact branch with qwilcox/pwilcox on integer counts, normal branch
// with rank(c(x − d, y)), the tie-corrected SIGMA.CI and uniroot's Brent search (scipy brentq,
// tol 1e-4). R's normal-branch ends are roots found to 1e-4, hence the tolerance there.
const PERMEABILITY_X = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const PERMEABILITY_Y = [1.15, 0.88, 0.9, 0.74, 1.21];
const ROOT_TOLERANCE = 2e-4;

describe('hodgesLehmann, exact (no ties, both samples under 50)', () => {
  const cases = [
    {
      name: 'R ?wilcox.test permeability data (Hollander & Wolfe), two-sided 95%',
      x: PERMEABILITY_X,
      y: PERMEABILITY_Y,
      options: {},
      expected: { estimate: 0.305, lower: -0.15, upper: 0.76, achievedConfidence: 0.96004 },
    },
    {
      name: 'permeability, greater at 90%',
      x: PERMEABILITY_X,
      y: PERMEABILITY_Y,
      options: { alternative: 'greater', confidence: 0.9 } as const,
      expected: {
        estimate: 0.305,
        lower: -0.05,
        upper: Number.POSITIVE_INFINITY,
        achievedConfidence: 0.917749,
      },
    },
    {
      name: 'permeability, less at 95%',
      x: PERMEABILITY_X,
      y: PERMEABILITY_Y,
      options: { alternative: 'less' } as const,
      expected: {
        estimate: 0.305,
        lower: Number.NEGATIVE_INFINITY,
        upper: 0.72,
        achievedConfidence: 0.950383,
      },
    },
    {
      name: 'SciPy mannwhitneyu docs data at 90% (R: W = 17; achieved 0.9365)',
      x: [19, 22, 16, 29, 24],
      y: [20, 11, 17, 12],
      options: { confidence: 0.9 },
      expected: { estimate: 7, lower: -1, upper: 13, achievedConfidence: 0.936508 },
    },
    {
      name: 'three against three cannot reach 95%: the widest interval, achieved 0.9 (R warns)',
      x: [4, 5, 6],
      y: [1, 2, 3],
      options: {},
      expected: { estimate: 3, lower: 1, upper: 5, achievedConfidence: 0.9 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = hodgesLehmann(c.x, c.y, c.options);
      expect(r.method).toBe('exact');
      expect(r.estimate).toBeCloseTo(c.expected.estimate, 12);
      expect(r.lower).toBeCloseTo(c.expected.lower, 12);
      expect(r.upper).toBeCloseTo(c.expected.upper, 12);
      expect(r.achievedConfidence).toBeCloseTo(c.expected.achievedConfidence, 5);
    });
  }
});

describe('hodgesLehmann, normal approximation', () => {
  const logX = Array.from({ length: 60 }, (_, i) => Math.log(100 + ((i * 37) % 53) + i / 7));
  const logY = Array.from({ length: 55 }, (_, j) => Math.log(90 + ((j * 29) % 47) + j / 11));
  const cases = [
    {
      name: 'permeability with exact = FALSE',
      x: PERMEABILITY_X,
      y: PERMEABILITY_Y,
      options: { exact: false },
      expected: { estimate: 0.305, lower: -0.1500148371990849, upper: 0.7599427653222943 },
    },
    {
      name: 'tied counts (endmemo wilcox.test example: W = 51.5, p = 0.5966)',
      x: [1, 5, 9, 24, 56, 21, 3, 7, 21, 4],
      y: [12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5],
      options: {},
      expected: { estimate: -2, lower: -10.000065042247968, upper: 11.999949210515481 },
    },
    {
      name: 'one tie across small samples forces the normal method',
      x: PERMEABILITY_X,
      y: [...PERMEABILITY_Y, 0.8],
      options: {},
      expected: { estimate: 0.37, lower: -0.08002871277020764, upper: 0.759982559606581 },
    },
    {
      name: 'heavy ties within each sample narrow SIGMA.CI enough to move the lower end',
      x: [0, 2.7, 5.2, 4.1, 0, 1.3, 0, 2.7],
      y: [3.35, 3.35, 3.35, 3.35, 1.9, 3.35, 0.45, 0.45, 1.9, 1.9, 1.9],
      options: {},
      expected: { estimate: -0.6, lower: -1.900057575308547, upper: 1.8499874998905277 },
    },
    {
      name: '60 vs 55 log times, two-sided 95%',
      x: logX,
      y: logY,
      options: {},
      expected: { estimate: 0.11975243299015004, lower: 0.07284214326845662, upper: 0.16680731555995737 },
    },
    {
      name: '60 vs 55 log times, greater at 90%',
      x: logX,
      y: logY,
      options: { alternative: 'greater', confidence: 0.9 } as const,
      expected: {
        estimate: 0.11975243299015004,
        lower: 0.09003527452536053,
        upper: Number.POSITIVE_INFINITY,
      },
    },
    {
      name: '60 vs 55 log times, less at 99%',
      x: logX,
      y: logY,
      options: { alternative: 'less', confidence: 0.99 } as const,
      expected: {
        estimate: 0.11975243299015004,
        lower: Number.NEGATIVE_INFINITY,
        upper: 0.17546950470348346,
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = hodgesLehmann(c.x, c.y, c.options);
      expect(r.method).toBe('normal');
      expect(r.estimate).toBeCloseTo(c.expected.estimate, 12);
      expectEnd(r.lower, c.expected.lower);
      expectEnd(r.upper, c.expected.upper);
      expect(r.achievedConfidence).toBe(r.confidence);
    });
  }
});

function expectEnd(actual: number, expected: number): void {
  if (Number.isFinite(expected)) expect(Math.abs(actual - expected)).toBeLessThan(ROOT_TOLERANCE);
  else expect(actual).toBe(expected);
}

describe('hodgesLehmann on 2000 runs per side', () => {
  const random = mulberry32(2026);
  const logNormal = (mu: number) =>
    mu + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 0.4;
  const x = Array.from({ length: 2000 }, () => logNormal(-0.2));
  const y = Array.from({ length: 2000 }, () => logNormal(0));
  const result = hodgesLehmann(x, y);
  const brute = new Float64Array(x.length * y.length);
  x.forEach((xi, i) => {
    for (let j = 0; j < y.length; j++) brute[i * y.length + j] = xi - y[j]!;
  });
  brute.sort();
  const total = brute.length;

  it('has the brute-force median of all 4 million differences, bit for bit', () => {
    expect(result.method).toBe('normal');
    expect(result.estimate).toBe((brute[total / 2 - 1]! + brute[total / 2]!) / 2);
  });

  it("puts each end where R's root-finding lands: where the corrected z of (x − d, y) crosses ±1.96", () => {
    const k = brute.indexOf(result.lower);
    const m = brute.indexOf(result.upper);
    expect(k).toBeGreaterThan(0);
    expect(m).toBeGreaterThan(k);
    const zAt = (d: number, alternative: 'greater' | 'less') =>
      mannWhitneyU(
        x.map((v) => v - d),
        y,
        { alternative, exactMaxProduct: 0 },
      ).z!;
    const z = 1.959963984540054;
    expect(zAt((brute[k - 1]! + brute[k]!) / 2, 'greater')).toBeGreaterThan(z);
    expect(zAt((brute[k]! + brute[k + 1]!) / 2, 'greater')).toBeLessThanOrEqual(z);
    expect(zAt((brute[m - 1]! + brute[m]!) / 2, 'less')).toBeGreaterThanOrEqual(-z);
    expect(zAt((brute[m]! + brute[m + 1]!) / 2, 'less')).toBeLessThan(-z);
  });
});

describe('hodgesLehmann properties', () => {
  const small = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 25 });

  it('contains its estimate', () => {
    fc.assert(
      fc.property(small, small, (x, y) => {
        const r = hodgesLehmann(x, y);
        expect(r.lower).toBeLessThanOrEqual(r.estimate);
        expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
      }),
    );
  });

  // Only the normal method: shifting x can create or remove ties across the samples, which switches
  // R's choice between the exact and the normal interval.
  it('moves with a shift of x', () => {
    fc.assert(
      fc.property(small, small, fc.integer({ min: -20, max: 20 }), (x, y, shift) => {
        const r = hodgesLehmann(x, y, { exact: false });
        const moved = hodgesLehmann(
          x.map((v) => v + shift),
          y,
          { exact: false },
        );
        expect(moved.estimate).toBeCloseTo(r.estimate + shift, 9);
        expect(moved.lower).toBeCloseTo(r.lower + shift, 9);
        expect(moved.upper).toBeCloseTo(r.upper + shift, 9);
      }),
    );
  });

  it('widens with the confidence level', () => {
    fc.assert(
      fc.property(small, small, (x, y) => {
        const narrow = hodgesLehmann(x, y, { confidence: 0.8 });
        const wide = hodgesLehmann(x, y, { confidence: 0.99 });
        expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
        expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper);
      }),
    );
  });

  it('honours exact = true beyond 50 values, but not where counting the distribution is too costly', () => {
    const x = Array.from({ length: 60 }, (_, i) => i + 0.5);
    const y = Array.from({ length: 60 }, (_, i) => i * 1.01 + 0.003);
    expect(hodgesLehmann(x, y, { exact: true }).method).toBe('exact');
    expect(hodgesLehmann(x, y).method).toBe('normal');
    const big = Array.from({ length: 101 }, (_, i) => i + 0.5);
    expect(hodgesLehmann(big, [...y, ...y.map((v) => v + 100)], { exact: true }).method).toBe('normal');
  });

  it('rejects empty samples, non-finite values and levels outside (0, 1)', () => {
    expect(() => hodgesLehmann([], [1])).toThrow(RangeError);
    expect(() => hodgesLehmann([1, Number.NaN], [1])).toThrow(RangeError);
    expect(() => hodgesLehmann([1], [2], { confidence: 1 })).toThrow(RangeError);
  });
});
