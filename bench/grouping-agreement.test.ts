import { describe, expect, it } from 'vitest';
import { compareGroupings } from './grouping-agreement.js';

describe('compareGroupings', () => {
  const cases = [
    {
      name: 'identical groupings agree fully',
      ours: ['a', 'a', 'b'],
      reference: ['x', 'x', 'y'],
      expected: { pairsOurs: 1, pairsReference: 1, pairsBoth: 1, oursKept: 1, referenceKept: 1 },
    },
    {
      name: 'we split a reference group of three into two and one',
      ours: ['a', 'a', 'b'],
      reference: ['x', 'x', 'x'],
      expected: { pairsOurs: 1, pairsReference: 3, pairsBoth: 1, oursKept: 1, referenceKept: 1 / 3 },
    },
    {
      name: 'we merge two reference groups of two',
      ours: ['a', 'a', 'a', 'a'],
      reference: ['x', 'x', 'y', 'y'],
      expected: { pairsOurs: 6, pairsReference: 2, pairsBoth: 2, oursKept: 2 / 6, referenceKept: 1 },
    },
    {
      name: 'all singletons have no pairs and count as agreeing',
      ours: ['a', 'b'],
      reference: ['x', 'y'],
      expected: { pairsOurs: 0, pairsReference: 0, pairsBoth: 0, oursKept: 1, referenceKept: 1 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = compareGroupings({ ours: c.ours, reference: c.reference, samples: c.ours });
      expect(result.pairsOurs).toBe(c.expected.pairsOurs);
      expect(result.pairsReference).toBe(c.expected.pairsReference);
      expect(result.pairsBoth).toBe(c.expected.pairsBoth);
      expect(result.oursKeptByReference).toBeCloseTo(c.expected.oursKept, 10);
      expect(result.referenceKeptByOurs).toBeCloseTo(c.expected.referenceKept, 10);
    });
  }

  it('lists each cut group with its parts, the biggest loss first', () => {
    const result = compareGroupings({
      ours: ['a', 'a', 'b', 'd', 'c', 'c', 'c'],
      reference: ['x', 'x', 'x', 'x', 'y', 'z', 'z'],
      samples: ['q1', 'q2', 'q3', 'q7', 'q4', 'q5', 'q6'],
    });
    expect(result.disagreements).toEqual([
      {
        kind: 'split',
        groupKey: 'x',
        pairsApart: 5,
        parts: [
          { key: 'a', items: 2, sample: 'q1' },
          { key: 'b', items: 1, sample: 'q3' },
          { key: 'd', items: 1, sample: 'q7' },
        ],
      },
      {
        kind: 'merge',
        groupKey: 'c',
        pairsApart: 2,
        parts: [
          { key: 'z', items: 2, sample: 'q5' },
          { key: 'y', items: 1, sample: 'q4' },
        ],
      },
    ]);
  });

  it('rejects groupings of different lengths', () => {
    expect(() => compareGroupings({ ours: ['a'], reference: [], samples: ['q'] })).toThrow(
      /differ in length/,
    );
  });
});
