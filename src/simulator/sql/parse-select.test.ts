import { describe, expect, it } from 'vitest';
import { parseSelect } from './parse-select.js';
import type { SelectQuery } from './select-query.js';

function parsed(sql: string): SelectQuery {
  const result = parseSelect(sql);
  if (!result.ok) throw new Error(`expected ${sql} to parse: ${result.reason}`);
  return result.query;
}

describe('parseSelect', () => {
  it('parses a marked collector query with every clause', () => {
    const query = parsed(
      `/* dremio-optimizer */ SELECT job_id, "status" AS s FROM sys.jobs_recent
       WHERE submitted_epoch_millis > 1700000000000 AND user_name <> 'x' AND error_msg IS NOT NULL
         AND query_type IN ('REST', 'JDBC') AND query NOT LIKE '%dremio-optimizer%'
       ORDER BY submitted_epoch_millis, job_id DESC LIMIT 500 OFFSET 1000;`,
    );
    expect(query.projection).toEqual([
      { column: { name: 'job_id', quoted: false } },
      { column: { name: 'status', quoted: true }, alias: 's' },
    ]);
    expect(query.from).toEqual({
      kind: 'table',
      path: [
        { text: 'sys', quoted: false },
        { text: 'jobs_recent', quoted: false },
      ],
    });
    expect(query.where.map((p) => p.kind)).toEqual(['compare', 'compare', 'is-null', 'in', 'like']);
    expect(query.where[0]).toMatchObject({ op: '>', value: 1700000000000 });
    expect(query.where[2]).toMatchObject({ negated: true });
    expect(query.where[4]).toMatchObject({ pattern: '%dremio-optimizer%', negated: true });
    expect(query.orderBy).toEqual([
      { column: { name: 'submitted_epoch_millis', quoted: false }, descending: false },
      { column: { name: 'job_id', quoted: false }, descending: true },
    ]);
    expect(query.limit).toBe(500);
    expect(query.offset).toBe(1000);
  });

  const literalCases = [
    { name: 'negative number', sql: 'SELECT * FROM t WHERE a = -5', value: -5 },
    {
      name: 'big integer stays exact',
      sql: 'SELECT * FROM t WHERE a > 1673994628723000000',
      value: 1673994628723000000n,
    },
    { name: 'decimal', sql: 'SELECT * FROM t WHERE a >= 1.5', value: 1.5 },
    { name: 'escaped string', sql: "SELECT * FROM t WHERE a = 'it''s'", value: "it's" },
    {
      name: 'timestamp literal',
      sql: "SELECT * FROM t WHERE a < TIMESTAMP '2026-01-01 00:00:00'",
      value: '2026-01-01 00:00:00',
    },
    { name: 'boolean', sql: 'SELECT * FROM t WHERE a = TRUE', value: true },
  ] as const;
  for (const { name, sql, value } of literalCases) {
    it(`reads a ${name} literal`, () => {
      expect(parsed(sql).where[0]).toMatchObject({ kind: 'compare', value });
    });
  }

  it('parses table functions and quoted INFORMATION_SCHEMA names', () => {
    expect(parsed(`SELECT * FROM TABLE(table_files('lake.sales.orders'))`).from).toEqual({
      kind: 'function',
      fn: 'table_files',
      argument: 'lake.sales.orders',
    });
    expect(parsed('SELECT TABLE_NAME FROM INFORMATION_SCHEMA."TABLES"').from).toEqual({
      kind: 'table',
      path: [
        { text: 'INFORMATION_SCHEMA', quoted: false },
        { text: 'TABLES', quoted: true },
      ],
    });
  });

  it('accepts FETCH FIRST and OFFSET ... ROWS', () => {
    const query = parsed('SELECT * FROM sys.jobs OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY');
    expect(query.limit).toBe(10);
    expect(query.offset).toBe(5);
  });

  const outsideSubset = [
    { name: 'aggregate', sql: 'SELECT count(*) FROM sys.jobs_recent' },
    { name: 'join', sql: 'SELECT * FROM a JOIN b ON a.x = b.x' },
    { name: 'OR', sql: 'SELECT * FROM t WHERE a = 1 OR b = 2' },
    { name: 'DDL', sql: 'ALTER TABLE t CREATE RAW REFLECTION r USING DISPLAY (a)' },
    { name: 'unterminated', sql: 'SELECT a FROM' },
    { name: 'empty', sql: '' },
    { name: 'group by', sql: 'SELECT a FROM t GROUP BY a' },
  ] as const;
  for (const { name, sql } of outsideSubset) {
    it(`reports ${name} as outside the subset without throwing`, () => {
      const result = parseSelect(sql);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
    });
  }
});
