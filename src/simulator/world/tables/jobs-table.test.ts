import { describe, expect, it } from 'vitest';
import { msWindow } from './jobs-table.js';

describe('msWindow', () => {
  const cases = [
    { name: 'no hints', hints: [], unitsPerMs: 1, expected: [-Infinity, Infinity] },
    {
      name: 'exclusive watermark in ms',
      hints: [{ column: 'e', min: { value: 100, inclusive: false } }],
      unitsPerMs: 1,
      expected: [101, Infinity],
    },
    {
      name: 'inclusive range in ms',
      hints: [{ column: 'e', min: { value: 100, inclusive: true }, max: { value: 200, inclusive: true } }],
      unitsPerMs: 1,
      expected: [100, 200],
    },
    {
      name: 'nanoseconds between two milliseconds round inwards',
      hints: [
        {
          column: 'e',
          min: { value: 1_500_000n, inclusive: true },
          max: { value: 3_500_000n, inclusive: false },
        },
      ],
      unitsPerMs: 1_000_000,
      expected: [2, 3],
    },
    {
      name: 'exclusive bounds on exact nanosecond milliseconds',
      hints: [
        {
          column: 'e',
          min: { value: 2_000_000n, inclusive: false },
          max: { value: 5_000_000, inclusive: false },
        },
      ],
      unitsPerMs: 1_000_000,
      expected: [3, 4],
    },
    {
      name: 'hints on other columns are ignored',
      hints: [{ column: 'job_id', min: { value: 5, inclusive: true } }],
      unitsPerMs: 1,
      expected: [-Infinity, Infinity],
    },
    {
      name: 'two hints intersect',
      hints: [
        { column: 'e', min: { value: 10, inclusive: true } },
        { column: 'e', min: { value: 20, inclusive: true }, max: { value: 30, inclusive: true } },
      ],
      unitsPerMs: 1,
      expected: [20, 30],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(msWindow(c.hints, 'e', c.unitsPerMs)).toEqual(c.expected);
    });
  }
});
