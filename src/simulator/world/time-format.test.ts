import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqlTimestamp } from './time-format.js';

describe('sqlTimestamp', () => {
  it('renders Dremio results timestamps, the epoch as the unset value', () => {
    expect(sqlTimestamp(1713968783248)).toBe('2024-04-24 14:26:23.248');
    expect(sqlTimestamp(0)).toBe('1970-01-01 00:00:00.000');
    expect(sqlTimestamp(1714033458006)).toBe('2024-04-25 08:24:18.006');
  });

  it('agrees with Date#toISOString for any instant, in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(sqlTimestamp(ms)).toBe(new Date(ms).toISOString().replace('T', ' ').slice(0, 23));
      }),
      { numRuns: 2000 },
    );
  });
});
