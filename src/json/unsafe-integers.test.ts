import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longDigitRuns } from './unsafe-integers.js';

describe('longDigitRuns', () => {
  it('finds exactly the runs the regular expression \\d{16,} finds', () => {
    const text = fc
      .array(fc.oneof(fc.stringMatching(/^\d{1,40}$/), fc.stringMatching(/^[^\d]{1,3}$/)), { maxLength: 30 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const expected = [...t.matchAll(/\d{16,}/g)].map((m) => ({
          start: m.index,
          end: m.index + m[0].length,
        }));
        expect([...longDigitRuns(t)]).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
