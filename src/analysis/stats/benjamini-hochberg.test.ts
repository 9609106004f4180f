import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg.js';

describe('benjaminiHochberg', () => {
  it('reproduces scipy.stats.false_discovery_control(p, method="bh") with ties and any order', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.8, 0.04, 0.5];
    const expected = [0.04, 0.064, 0.064, 0.04, 0.26666666666666666, 0.8, 0.064, 0.5714285714285714];
    const r = benjaminiHochberg(p);
    for (const [i, a] of r.adjusted.entries()) expect(a).toBeCloseTo(expected[i]!, 14);
    expect(r.rejected).toEqual([true, false, false, true, false, false, false, false]);
  });

  it('rejects 4 of the 15 p-values of Benjamini & Hochberg (1995) at q = 0.05', () => {
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
      0.759, 1,
    ];
    // scipy.stats.false_discovery_control(p, method='bh')
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765,
      0.486, 0.5811818181818181, 0.7148749999999999, 0.7532307692307693, 0.8132142857142857, 1,
    ];
    const r = benjaminiHochberg(p);
    for (const [i, a] of r.adjusted.entries()) expect(a).toBeCloseTo(expected[i]!, 14);
    expect(r.rejected.filter(Boolean)).toHaveLength(4);
    expect(benjaminiHochberg(p, { q: 0.1 }).rejected.filter(Boolean)).toHaveLength(9);
  });

  it('is monotone in p, never below p and capped at 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), (p) => {
        const { adjusted } = benjaminiHochberg(p);
        p.forEach((pi, i) => {
          expect(adjusted[i]).toBeGreaterThanOrEqual(pi);
          expect(adjusted[i]).toBeLessThanOrEqual(1);
          p.forEach((pj, j) => {
            if (pi < pj) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]!);
          });
        });
      }),
    );
  });

  it('rejects what the step-up rule p_(i) ≤ i·q/m rejects', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (p) => {
          const m = p.length;
          const sorted = [...p].sort((a, b) => a - b);
          let k = 0;
          sorted.forEach((pi, i) => {
            if (pi <= ((i + 1) * 0.05) / m) k = i + 1;
          });
          const threshold = k === 0 ? -1 : sorted[k - 1]!;
          expect(benjaminiHochberg(p).rejected).toEqual(p.map((pi) => pi <= threshold));
        },
      ),
    );
  });

  it('handles an empty family and rejects invalid input', () => {
    expect(benjaminiHochberg([]).adjusted).toEqual([]);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
    expect(() => benjaminiHochberg([1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.1], { q: 0 })).toThrow(RangeError);
  });
});
