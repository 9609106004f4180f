import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal.js';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  // scipy.stats.norm.ppf(p)
  const cases = [
    { name: 'median', p: 0.5, expected: 0 },
    { name: '97.5% (two-sided 95%)', p: 0.975, expected: 1.959963984540054 },
    { name: '2.5%', p: 0.025, expected: -1.9599639845400545 },
    { name: '99.5%', p: 0.995, expected: 2.5758293035489004 },
    { name: '90%', p: 0.9, expected: 1.2815515655446004 },
    { name: '30% (central branch)', p: 0.3, expected: -0.5244005127080409 },
    { name: '1e-10 (intermediate tail)', p: 1e-10, expected: -6.361340902404056 },
    { name: '1 − 1e-12 (far tail)', p: 1 - 1e-12, expected: 7.0344869100478356 },
  ];
  for (const c of cases) {
    it(c.name, () => expect(Math.abs(normalQuantile(c.p) - c.expected)).toBeLessThan(1e-13));
  }

  it('inverts the normal CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(2e-7 * Math.max(p, 1e-3));
      }),
    );
  });

  it('is infinite at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});
