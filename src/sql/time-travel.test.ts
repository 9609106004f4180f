import { describe, expect, it } from 'vitest';
import { stripTimeTravel } from './time-travel.js';

describe('stripTimeTravel', () => {
  const cases = [
    {
      name: 'snapshot',
      sql: "SELECT * FROM t AT SNAPSHOT '123' WHERE a = 1",
      kept: 'SELECT * FROM t WHERE a = 1',
    },
    { name: 'branch', sql: 'SELECT * FROM t AT BRANCH main', kept: 'SELECT * FROM t' },
    {
      name: 'quoted tag',
      sql: 'SELECT * FROM t AT TAG "v1.0" JOIN u ON t.a = u.a',
      kept: 'SELECT * FROM t JOIN u ON t.a = u.a',
    },
    { name: 'reference', sql: 'SELECT * FROM t AT REFERENCE dev', kept: 'SELECT * FROM t' },
    { name: 'commit', sql: "SELECT * FROM t AT COMMIT 'abc123'", kept: 'SELECT * FROM t' },
    {
      name: 'timestamp string',
      sql: "SELECT * FROM t AT TIMESTAMP '2024-01-01 00:00:00'",
      kept: 'SELECT * FROM t',
    },
    {
      name: 'timestamp literal',
      sql: "SELECT * FROM t AT TIMESTAMP TIMESTAMP '2024-01-01'",
      kept: 'SELECT * FROM t',
    },
    { name: 'case-insensitive', sql: 'select * from t at branch "Dev"', kept: 'select * from t' },
    { name: 'AT as an alias stays', sql: 'SELECT at.x FROM t AS at', kept: 'SELECT at.x FROM t AS at' },
    { name: 'no value stays', sql: 'SELECT * FROM t AT BRANCH', kept: 'SELECT * FROM t AT BRANCH' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = stripTimeTravel(c.sql);
      expect(out.length).toBe(c.sql.length);
      expect(out.replace(/\s+/g, ' ').trim()).toBe(c.kept);
    });
  }

  it('keeps newlines, so line numbers in parse errors still match', () => {
    expect(stripTimeTravel('SELECT *\nFROM t AT BRANCH\nmain\nWHERE x')).toBe(
      'SELECT *\nFROM t          \n    \nWHERE x',
    );
  });
});
