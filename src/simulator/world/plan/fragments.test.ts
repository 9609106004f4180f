import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from './fragments.js';

describe('apportion', () => {
  it('splits any total into non-negative integers that sum exactly to it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 32 }),
        (total, raw) => {
          const sum = raw.reduce((a, b) => a + b, 0);
          const parts = apportion(
            total,
            raw.map((w) => w / sum),
          );
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          for (const [i, part] of parts.entries()) {
            expect(part).toBeGreaterThanOrEqual(0);
            expect(Math.abs(part - (total * (raw[i] ?? 0)) / sum)).toBeLessThanOrEqual(
              1.000001 + total * 1e-12,
            );
          }
        },
      ),
    );
  });
});
