import { describe, expect, it } from 'vitest';
import { canonicalPath } from './table-path.js';

describe('canonicalPath', () => {
  const cases = [
    { name: 'plain parts', path: ['s3', 'bucket', 'tbl'], expected: 's3.bucket.tbl' },
    {
      name: 'dots and spaces are quoted',
      path: ['Samples', 'samples.dremio.com', 'SF weather.csv'],
      expected: 'Samples."samples.dremio.com"."SF weather.csv"',
    },
    { name: 'keywords are quoted', path: ['s', 'date'], expected: 's."date"' },
    { name: 'leading digit is quoted', path: ['s', '2024'], expected: 's."2024"' },
    { name: 'embedded quote is doubled', path: ['a"b'], expected: '"a""b"' },
    { name: 'case is kept', path: ['MySpace', 'Orders'], expected: 'MySpace.Orders' },
  ];
  for (const c of cases) it(c.name, () => expect(canonicalPath(c.path)).toBe(c.expected));
});
