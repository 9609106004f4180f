import { describe, expect, it } from 'vitest';
import { memoryTable } from '../../../test/simulator/support/memory-table.js';
import type { SimTable, SqlRow } from '../world.js';
import { planSystemQuery, type SystemQueryPlan } from './plan-system-query.js';
import { MAX_SORTED_ROWS, type QueryResultSet } from './query-result.js';
import { WindowCache } from './window-cache.js';

function jobsTable(count: number) {
  return memoryTable({
    name: 'sys.jobs_recent',
    columns: [
      { name: 'job_id', type: 'VARCHAR' },
      { name: 'user_name', type: 'VARCHAR' },
      { name: 'submitted_epoch_millis', type: 'BIGINT' },
      { name: 'submitted_ts', type: 'TIMESTAMP' },
      { name: 'error_msg', type: 'VARCHAR' },
    ],
    naturalOrder: ['submitted_epoch_millis', 'job_id'],
    *rows(): Generator<SqlRow> {
      for (let i = 0; i < count; i++) {
        const ms = 1_000 + i * 10;
        yield {
          job_id: `job-${String(i).padStart(6, '0')}`,
          user_name: i % 3 === 0 ? 'alice' : 'bob',
          submitted_epoch_millis: ms,
          submitted_ts: new Date(ms).toISOString().replace('T', ' ').replace('Z', ''),
          error_msg: i % 5 === 0 ? null : '',
        };
      }
    },
  });
}

function worldWith(table: SimTable) {
  return {
    table: (name: string) => (name === table.name ? table : undefined),
    tableFunction: () => undefined,
  };
}

function ok(plan: SystemQueryPlan): QueryResultSet {
  if (plan.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(plan)}`);
  return plan.result;
}

function ids(result: QueryResultSet, offset = 0, limit = 1000): unknown[] {
  return result.rows(offset, limit).map((row) => row.job_id);
}

describe('planSystemQuery', () => {
  const filterCases = [
    { name: 'greater than on the leading column', where: 'submitted_epoch_millis > 1050', count: 94 },
    {
      name: 'range with both ends',
      where: 'submitted_epoch_millis >= 1100 AND submitted_epoch_millis < 1200',
      count: 10,
    },
    { name: 'string equality', where: "user_name = 'alice'", count: 34 },
    { name: 'not equal (!=)', where: "user_name != 'alice'", count: 66 },
    { name: 'IS NULL', where: 'error_msg IS NULL', count: 20 },
    { name: 'IS NOT NULL', where: 'error_msg IS NOT NULL', count: 80 },
    { name: 'IN list', where: "job_id IN ('job-000001', 'job-000002', 'nope')", count: 2 },
    { name: 'NOT IN list', where: "job_id NOT IN ('job-000001')", count: 99 },
    { name: 'LIKE', where: "job_id LIKE 'job-00001_'", count: 10 },
    { name: 'timestamp text comparison', where: "submitted_ts >= '1970-01-01 00:00:01.500'", count: 50 },
    { name: 'case-insensitive unquoted column', where: "USER_NAME = 'bob'", count: 66 },
  ] as const;
  for (const { name, where, count } of filterCases) {
    it(`filters: ${name}`, () => {
      const result = ok(
        planSystemQuery(worldWith(jobsTable(100)), `SELECT job_id FROM sys.jobs_recent WHERE ${where}`),
      );
      expect(result.rowCount).toBe(count);
      expect(result.rows(0, 500)).toHaveLength(count);
    });
  }

  it('passes range predicates on the leading column to the table as hints', () => {
    const table = jobsTable(100);
    ok(
      planSystemQuery(
        worldWith(table),
        'SELECT * FROM sys.jobs_recent WHERE submitted_epoch_millis > 1050 AND submitted_epoch_millis <= 1500',
      ),
    );
    expect(table.scans[0]?.hints).toEqual([
      {
        column: 'submitted_epoch_millis',
        min: { value: 1050, inclusive: false },
        max: { value: 1500, inclusive: true },
      },
    ]);
  });

  it('streams natural order and stops scanning at OFFSET+LIMIT', () => {
    const table = jobsTable(1_000_000);
    const result = ok(
      planSystemQuery(
        worldWith(table),
        'SELECT job_id FROM sys.jobs_recent ORDER BY submitted_epoch_millis LIMIT 500 OFFSET 1000',
      ),
    );
    expect(result.rowCount).toBe(500);
    expect(ids(result, 0, 2)).toEqual(['job-001000', 'job-001001']);
    expect(Math.max(...table.scans.map((s) => s.rowsProduced))).toBeLessThanOrEqual(1500);
  });

  it('pages sequentially through a large result without rescanning from the start', () => {
    const table = jobsTable(20_000);
    const result = ok(planSystemQuery(worldWith(table), 'SELECT job_id FROM sys.jobs_recent'));
    expect(result.rowCount).toBe(20_000);
    const scansBefore = table.scans.length;
    for (let offset = 0; offset < 5_000; offset += 500) {
      expect(ids(result, offset, 500)[0]).toBe(`job-${String(offset).padStart(6, '0')}`);
    }
    expect(table.scans.length).toBe(scansBefore + 1);
    expect(ids(result, 100, 1)).toEqual(['job-000100']);
  });

  it('serves the first page from the count pass when a window cache is given', () => {
    const table = jobsTable(10_000);
    const cache = new WindowCache({ maxEntries: 2, maxRows: 500 });
    const sql = 'SELECT job_id FROM sys.jobs_recent WHERE submitted_epoch_millis >= 2000 LIMIT 700';
    const result = ok(planSystemQuery(worldWith(table), sql, { cache }));
    expect(ids(result, 0, 500)).toHaveLength(500);
    expect(ids(result, 10, 2)).toEqual(['job-000110', 'job-000111']);
    expect(table.scans).toHaveLength(1);
    expect(ids(result, 500, 500)).toHaveLength(200);
    expect(table.scans).toHaveLength(2);
  });

  it('falls back to scanning once the cache has evicted a result', () => {
    const table = jobsTable(100);
    const cache = new WindowCache({ maxEntries: 1, maxRows: 500 });
    const first = ok(
      planSystemQuery(worldWith(table), 'SELECT job_id FROM sys.jobs_recent LIMIT 5', { cache }),
    );
    ok(planSystemQuery(worldWith(table), 'SELECT job_id FROM sys.jobs_recent LIMIT 6', { cache }));
    expect(ids(first)).toEqual(['job-000000', 'job-000001', 'job-000002', 'job-000003', 'job-000004']);
    expect(table.scans).toHaveLength(3);
  });

  it('sorts descending with a bounded top-K', () => {
    const result = ok(
      planSystemQuery(
        worldWith(jobsTable(10_000)),
        'SELECT job_id FROM sys.jobs_recent ORDER BY submitted_epoch_millis DESC LIMIT 3 OFFSET 1',
      ),
    );
    expect(ids(result)).toEqual(['job-009998', 'job-009997', 'job-009996']);
  });

  it('sorts by several keys with NULLs last ascending', () => {
    const result = ok(
      planSystemQuery(
        worldWith(jobsTable(10)),
        'SELECT job_id, error_msg FROM sys.jobs_recent ORDER BY error_msg, job_id DESC LIMIT 4',
      ),
    );
    expect(result.rows(0, 10)).toEqual([
      { job_id: 'job-000009', error_msg: '' },
      { job_id: 'job-000008', error_msg: '' },
      { job_id: 'job-000007', error_msg: '' },
      { job_id: 'job-000006', error_msg: '' },
    ]);
  });

  it('refuses an unbounded sort over too many rows with a clear message', () => {
    const plan = planSystemQuery(
      worldWith(jobsTable(MAX_SORTED_ROWS + 10)),
      'SELECT * FROM sys.jobs_recent ORDER BY user_name',
    );
    expect(plan).toMatchObject({ kind: 'failed', message: expect.stringContaining('Add a LIMIT') });
  });

  it('renames columns with AS and keeps the declared types', () => {
    const result = ok(
      planSystemQuery(
        worldWith(jobsTable(3)),
        'SELECT job_id AS id, submitted_epoch_millis FROM sys.jobs_recent LIMIT 1',
      ),
    );
    expect(result.columns).toEqual([
      { name: 'id', type: 'VARCHAR' },
      { name: 'submitted_epoch_millis', type: 'BIGINT' },
    ]);
    expect(result.rows(0, 5)).toEqual([{ id: 'job-000000', submitted_epoch_millis: 1000 }]);
  });

  const failures = [
    {
      name: 'unknown column',
      sql: 'SELECT foo FROM sys.jobs_recent',
      message: "VALIDATION ERROR: Column 'foo' not found in any table",
    },
    {
      name: 'quoted column in the wrong case',
      sql: 'SELECT "JOB_ID" FROM sys.jobs_recent',
      message: "VALIDATION ERROR: Column 'JOB_ID' not found in any table",
    },
    {
      name: 'unknown column in WHERE',
      sql: 'SELECT * FROM sys.jobs_recent WHERE nope = 1',
      message: "VALIDATION ERROR: Column 'nope' not found in any table",
    },
    {
      name: 'unknown sys table',
      sql: 'SELECT * FROM sys.bar',
      message: "VALIDATION ERROR: Object 'bar' not found within 'sys'",
    },
    {
      name: 'unknown cloud table',
      sql: 'SELECT * FROM sys.project.nope',
      message: "VALIDATION ERROR: Object 'nope' not found within 'sys.project'",
    },
    {
      name: 'unknown Iceberg table',
      sql: "SELECT * FROM TABLE(table_files('x.y'))",
      message: expect.stringContaining("Table 'x.y' not found"),
    },
  ] as const;
  for (const { name, sql, message } of failures) {
    it(`fails validation: ${name}`, () => {
      expect(planSystemQuery(worldWith(jobsTable(3)), sql)).toEqual({ kind: 'failed', message });
    });
  }

  const outsideSubset = [
    { name: 'an aggregate over sys', sql: 'SELECT count(*) FROM sys.jobs_recent' },
    { name: 'LIKE with ESCAPE', sql: "SELECT * FROM sys.jobs_recent WHERE job_id LIKE 'a!%' ESCAPE '!'" },
    {
      name: 'OR over INFORMATION_SCHEMA',
      sql: 'SELECT * FROM INFORMATION_SCHEMA."TABLES" WHERE a = 1 OR b = 2',
    },
    { name: 'a join on a table function', sql: "SELECT * FROM TABLE(table_files('a.b')) JOIN x ON 1 = 1" },
  ] as const;
  for (const { name, sql } of outsideSubset) {
    it(`refuses ${name} with a message naming the supported subset`, () => {
      expect(planSystemQuery(worldWith(jobsTable(3)), sql)).toEqual({
        kind: 'failed',
        message: expect.stringMatching(
          /^UNSUPPORTED_OPERATION ERROR: .*SELECT columns\|\* FROM one table.*at offset \d+/,
        ),
      });
    });
  }

  it('resolves an unqualified name against the request context', () => {
    const world = worldWith(jobsTable(3));
    expect(planSystemQuery(world, 'SELECT job_id FROM jobs_recent', { context: ['SYS'] }).kind).toBe('ok');
    expect(planSystemQuery(world, 'SELECT job_id FROM jobs_recent')).toEqual({ kind: 'not-system' });
    expect(planSystemQuery(world, 'SELECT * FROM nope', { context: ['sys'] })).toEqual({
      kind: 'failed',
      message: "VALIDATION ERROR: Object 'nope' not found within 'sys'",
    });
  });

  const notSystem = [
    { name: 'a workload table', sql: 'SELECT * FROM lake.sales.orders WHERE id = 1' },
    { name: 'DDL', sql: 'OPTIMIZE TABLE lake.sales.orders' },
  ] as const;
  for (const { name, sql } of notSystem) {
    it(`leaves ${name} to the world`, () => {
      expect(planSystemQuery(worldWith(jobsTable(3)), sql)).toEqual({ kind: 'not-system' });
    });
  }
});
