import { describe, expect, it } from 'vitest';
import { isReadOnlySql } from './read-only-sql.js';

describe('isReadOnlySql', () => {
  const cases = [
    { name: 'plain select', sql: 'SELECT 1', expected: true },
    {
      name: 'marker and line comments first',
      sql: '/* dremio-optimizer */ -- note\n  with t as (select 1) select * from t',
      expected: true,
    },
    { name: 'explain', sql: 'EXPLAIN PLAN FOR SELECT 1', expected: true },
    {
      name: 'reflection DDL',
      sql: '/* dremio-optimizer */ ALTER TABLE a.b CREATE RAW REFLECTION r USING DISPLAY (x)',
      expected: false,
    },
    { name: 'optimize', sql: 'OPTIMIZE TABLE a.b', expected: false },
    { name: 'insert', sql: 'INSERT INTO a.b SELECT 1', expected: false },
    { name: 'a word that starts with select', sql: 'SELECTED_THING', expected: false },
    { name: 'empty', sql: '   ', expected: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(isReadOnlySql(c.sql)).toBe(c.expected);
    });
  }
});
