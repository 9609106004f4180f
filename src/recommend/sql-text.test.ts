import { describe, expect, it } from 'vitest';
import { expandStar } from './builders/rewrite-query.js';
import { peakOverlap } from './builders/workload-management.js';
import { quoteIdentifier, quotePath, splitDottedPath } from './sql-identifier.js';

describe('quoteIdentifier', () => {
  const CASES: readonly { name: string; input: string; expected: string }[] = [
    { name: 'plain lower-case', input: 'order_ts', expected: 'order_ts' },
    { name: 'reserved word', input: 'select', expected: '"select"' },
    { name: 'Calcite reserved column name', input: 'value', expected: '"value"' },
    { name: 'space', input: 'order lines', expected: '"order lines"' },
    { name: 'dot', input: 'a.csv', expected: '"a.csv"' },
    { name: 'embedded quote', input: 'say "hi"', expected: '"say ""hi"""' },
    { name: 'leading digit', input: '2024_sales', expected: '"2024_sales"' },
  ];
  for (const c of CASES) it(c.name, () => expect(quoteIdentifier(c.input)).toBe(c.expected));

  it('round-trips a dotted path with quoted parts', () => {
    const parts = ['Samples', 'samples.dremio.com', 'a "b"'];
    expect(splitDottedPath(quotePath(parts))).toEqual(parts);
  });
});

describe('expandStar', () => {
  const COLUMNS = ['id', 'value', 'ts'];
  const CASES: readonly { name: string; sql: string; expected: string | undefined }[] = [
    {
      name: 'bare star',
      sql: 'SELECT * FROM t WHERE id = 1',
      expected: 'SELECT id, "value", ts FROM t WHERE id = 1',
    },
    { name: 'qualified star', sql: 'select o.* from t o', expected: 'select o.id, o."value", o.ts from t o' },
    {
      name: 'distinct star',
      sql: 'SELECT DISTINCT * FROM t',
      expected: 'SELECT DISTINCT id, "value", ts FROM t',
    },
    {
      name: 'comment kept',
      sql: '/* x */ SELECT * FROM t',
      expected: '/* x */ SELECT id, "value", ts FROM t',
    },
    { name: 'no star', sql: 'SELECT id FROM t', expected: undefined },
    { name: 'star not first', sql: 'SELECT id, * FROM t', expected: undefined },
  ];
  for (const c of CASES) it(c.name, () => expect(expandStar(c.sql, COLUMNS)).toBe(c.expected));
});

describe('peakOverlap', () => {
  it('counts the most intervals open at once, an end before a start at the same instant', () => {
    expect(peakOverlap([])).toBe(0);
    expect(
      peakOverlap([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 10, end: 20 },
        { start: 6, end: 7 },
      ]),
    ).toBe(3);
  });
});
