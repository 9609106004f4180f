import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Interval, waitingAt } from './queue-capacity.js';

/** The definition, one pass over every wait: queued before t and still waiting at t. */
function waitingAtByDefinition(lines: readonly Interval[], t: number): number {
  return lines.filter((o) => o.start < t && o.end > t).length;
}

const interval = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 20 }))
  .map(([start, ms]): Interval => ({ start, end: start + ms }));

describe('waitingAt', () => {
  it('counts the waits open at t as a pass over every wait does, ties at both ends included', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 60 }), fc.integer({ min: -1, max: 75 }), (lines, t) => {
        expect(waitingAt(lines)(t)).toBe(waitingAtByDefinition(lines, t));
      }),
      { numRuns: 500 },
    );
  });

  it('gives each wait its place in the line at its own queue time', () => {
    const lines = [
      { start: 0, end: 10 },
      { start: 2, end: 4 },
      { start: 2, end: 9 },
      { start: 4, end: 6 },
    ];
    const ahead = waitingAt(lines);
    // At 2 only the first is waiting (the other two start at 2, not before); at 4 the wait ending at 4 is out.
    expect(lines.map((l) => ahead(l.start))).toEqual([0, 1, 1, 2]);
  });

  it('ignores waits with no finite end, as the definition never counts them', () => {
    const lines = [
      { start: 0, end: Number.NaN },
      { start: 1, end: 5 },
    ];
    expect(waitingAt(lines)(3)).toBe(1);
  });
});
