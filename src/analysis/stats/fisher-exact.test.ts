import { describe, expect, it } from 'vitest';
import { fisherExact, type TwoByTwo } from './fisher-exact.js';
import type { Alternative } from './mann-whitney.js';

// Expected values: scipy.stats.fisher_exact(table, alternative=…) (scipy 1.17.1).
const cases: {
  name: string;
  table: TwoByTwo;
  alternative: Alternative;
  oddsRatio: number;
  pValue: number;
}[] = [
  {
    name: 'small table, two-sided',
    table: [
      [8, 2],
      [1, 5],
    ],
    alternative: 'two-sided',
    oddsRatio: 20,
    pValue: 0.034965034965034975,
  },
  {
    name: 'small table, greater',
    table: [
      [8, 2],
      [1, 5],
    ],
    alternative: 'greater',
    oddsRatio: 20,
    pValue: 0.024475524475524483,
  },
  {
    name: 'small table, less',
    table: [
      [8, 2],
      [1, 5],
    ],
    alternative: 'less',
    oddsRatio: 20,
    pValue: 0.9991258741258742,
  },
  {
    name: 'perfect separation, greater',
    table: [
      [3, 0],
      [0, 3],
    ],
    alternative: 'greater',
    oddsRatio: Number.POSITIVE_INFINITY,
    pValue: 0.05,
  },
  {
    name: 'perfect separation, two-sided',
    table: [
      [3, 0],
      [0, 3],
    ],
    alternative: 'two-sided',
    oddsRatio: Number.POSITIVE_INFINITY,
    pValue: 0.1,
  },
  {
    name: '12 of 400 failed after vs 3 of 400 before, greater',
    table: [
      [12, 388],
      [3, 397],
    ],
    alternative: 'greater',
    oddsRatio: 4.092783505154639,
    pValue: 0.016750304650062886,
  },
  {
    name: '12 of 400 vs 3 of 400, two-sided',
    table: [
      [12, 388],
      [3, 397],
    ],
    alternative: 'two-sided',
    oddsRatio: 4.092783505154639,
    pValue: 0.03350060930012577,
  },
  {
    name: 'fewer in the first cell, less',
    table: [
      [1, 9],
      [11, 3],
    ],
    alternative: 'less',
    oddsRatio: 0.030303030303030304,
    pValue: 0.0013797280926100418,
  },
  {
    name: 'fewer in the first cell, two-sided',
    table: [
      [1, 9],
      [11, 3],
    ],
    alternative: 'two-sided',
    oddsRatio: 0.030303030303030304,
    pValue: 0.0027594561852200836,
  },
  {
    name: 'fewer in the first cell, greater',
    table: [
      [1, 9],
      [11, 3],
    ],
    alternative: 'greater',
    oddsRatio: 0.030303030303030304,
    pValue: 0.9999663480953022,
  },
  {
    name: 'unequal rows, two-sided equals greater',
    table: [
      [7, 93],
      [2, 298],
    ],
    alternative: 'two-sided',
    oddsRatio: 11.21505376344086,
    pValue: 0.0011756150968206538,
  },
  {
    name: '4000 runs, greater',
    table: [
      [40, 1960],
      [25, 1975],
    ],
    alternative: 'greater',
    oddsRatio: 1.6122448979591837,
    pValue: 0.039604521111119964,
  },
  {
    name: '4000 runs, two-sided',
    table: [
      [40, 1960],
      [25, 1975],
    ],
    alternative: 'two-sided',
    oddsRatio: 1.6122448979591837,
    pValue: 0.07920904222223993,
  },
  {
    name: 'balanced table, two-sided is 1',
    table: [
      [5, 5],
      [5, 5],
    ],
    alternative: 'two-sided',
    oddsRatio: 1,
    pValue: 1,
  },
  {
    name: 'balanced table, greater',
    table: [
      [5, 5],
      [5, 5],
    ],
    alternative: 'greater',
    oddsRatio: 1,
    pValue: 0.6718591006516703,
  },
  // Symmetric margins: the table mirrored about the mode is exactly as likely and must be counted.
  {
    name: 'symmetric 2/8 vs 8/2, two-sided',
    table: [
      [2, 8],
      [8, 2],
    ],
    alternative: 'two-sided',
    oddsRatio: 0.0625,
    pValue: 0.023014137565221155,
  },
  {
    name: 'symmetric 1/4 vs 4/1, two-sided',
    table: [
      [1, 4],
      [4, 1],
    ],
    alternative: 'two-sided',
    oddsRatio: 0.0625,
    pValue: 0.2063492063492064,
  },
  {
    name: 'symmetric 3/7 vs 7/3, two-sided',
    table: [
      [3, 7],
      [7, 3],
    ],
    alternative: 'two-sided',
    oddsRatio: 9 / 49,
    pValue: 0.1788954079975752,
  },
];

describe('fisherExact', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = fisherExact(c.table, { alternative: c.alternative });
      expect(r.oddsRatio).toBeCloseTo(c.oddsRatio, 12);
      expect(Math.abs(r.pValue - c.pValue) / c.pValue).toBeLessThan(1e-9);
    });
  }

  it('gives p = 1 and odds ratio NaN when a row or column is empty (as scipy)', () => {
    const r = fisherExact(
      [
        [0, 10],
        [0, 12],
      ],
      { alternative: 'greater' },
    );
    expect(r.pValue).toBe(1);
    expect(r.oddsRatio).toBeNaN();
  });

  it('defaults to two-sided and rejects counts that are not non-negative integers', () => {
    expect(
      fisherExact([
        [8, 2],
        [1, 5],
      ]).pValue,
    ).toBeCloseTo(0.034965034965034975, 12);
    expect(() =>
      fisherExact([
        [1.5, 2],
        [1, 5],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fisherExact([
        [-1, 2],
        [1, 5],
      ]),
    ).toThrow(RangeError);
  });
});
