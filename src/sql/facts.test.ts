import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlFacts } from '../domain/sql-facts.js';
import { DREMIO_SQL_CORPUS } from './dremio-corpus.js';
import { extractSqlFacts } from './facts.js';
import { initSqlParser } from './sql-parser.js';

beforeAll(async () => {
  await initSqlParser();
});

interface FactCase {
  readonly name: string;
  readonly sql: string;
  readonly check: (facts: SqlFacts) => void;
}

/** `col('x.k1', 'a.t1')`: column k1 qualified by x in dataset a.t1; `col('ts', null)` unqualified. */
function col(ref: string, table: string | null) {
  const dot = ref.lastIndexOf('.');
  return { name: ref.slice(dot + 1), qualifier: dot < 0 ? null : ref.slice(0, dot), table };
}

const CASES: readonly FactCase[] = [
  {
    name: 'select star over a 4-part path',
    sql: 'SELECT * FROM s3.bucket."folder one".events',
    check: (f) => {
      expect(f.statementKind).toBe('select');
      expect(f.source).toBe('parser');
      expect(f.tables).toEqual([
        {
          path: ['s3', 'bucket', 'folder one', 'events'],
          name: 's3.bucket."folder one".events',
          alias: null,
        },
      ]);
      expect(f.selectStars).toEqual([{ qualifier: null, tables: ['s3.bucket."folder one".events'] }]);
    },
  },
  {
    name: 'qualified star expands only its table',
    sql: 'SELECT o.*, c.name FROM lake.orders o JOIN lake.customers c ON o.cid = c.id',
    check: (f) => {
      expect(f.selectStars).toEqual([{ qualifier: 'o', tables: ['lake.orders'] }]);
      expect(f.columns.select).toEqual([col('c.name', 'lake.customers')]);
    },
  },
  {
    name: 'equi join with column pairs',
    sql: 'SELECT * FROM a.t1 x LEFT JOIN a.t2 y ON x.k1 = y.k1 AND x.k2 = y.k2',
    check: (f) => {
      expect(f.joins).toEqual([
        {
          kind: 'left',
          condition: 'equi',
          table: 'a.t2',
          implicit: false,
          pairs: [
            { left: col('x.k1', 'a.t1'), right: col('y.k1', 'a.t2') },
            { left: col('x.k2', 'a.t1'), right: col('y.k2', 'a.t2') },
          ],
        },
      ]);
      expect(f.columns.join.map((c) => c.name)).toEqual(['k1', 'k1', 'k2', 'k2']);
    },
  },
  {
    name: 'cross, non-equi, full and using joins',
    sql: 'SELECT 1 FROM a CROSS JOIN b JOIN c ON a.ts < c.ts FULL JOIN d ON a.id = d.id JOIN e USING (id)',
    check: (f) => {
      expect(f.joins.map((j) => `${j.kind}/${j.condition}`)).toEqual([
        'cross/missing',
        'inner/non-equi',
        'full/equi',
        'inner/equi',
      ]);
    },
  },
  {
    name: 'comma join is equi through WHERE',
    sql: 'SELECT x.a FROM s.t1 x, s.t2 y WHERE x.id = y.id AND x.v > 3',
    check: (f) => {
      expect(f.joins).toHaveLength(1);
      expect(f.joins[0]).toMatchObject({ kind: 'cross', condition: 'equi', implicit: true, table: 's.t2' });
      expect(f.predicates).toEqual([
        { column: col('x.v', 's.t1'), comparison: 'range', wrappedBy: null, negated: false },
      ]);
    },
  },
  {
    name: 'comma join without a condition',
    sql: 'SELECT * FROM s.t1, s.t2',
    check: (f) => expect(f.joins[0]).toMatchObject({ kind: 'cross', condition: 'missing', implicit: true }),
  },
  {
    name: 'predicates of every kind',
    sql: "SELECT a FROM s.t WHERE YEAR(ts) = 2024 AND c IN ('x', 'y') AND d LIKE 'a%' AND e IS NOT NULL AND f BETWEEN 1 AND 2 AND g <> 3 AND NOT h = 4 AND CAST(k AS DATE) >= DATE '2024-01-01'",
    check: (f) => {
      const t = 's.t';
      expect(f.predicates).toEqual([
        { column: col('ts', t), comparison: 'eq', wrappedBy: 'YEAR', negated: false },
        { column: col('c', t), comparison: 'in', wrappedBy: null, negated: false },
        { column: col('d', t), comparison: 'like', wrappedBy: null, negated: false },
        { column: col('e', t), comparison: 'is-null', wrappedBy: null, negated: true },
        { column: col('f', t), comparison: 'range', wrappedBy: null, negated: false },
        { column: col('g', t), comparison: 'not-eq', wrappedBy: null, negated: false },
        { column: col('h', t), comparison: 'eq', wrappedBy: null, negated: true },
        { column: col('k', t), comparison: 'range', wrappedBy: 'CAST', negated: false },
      ]);
      expect(f.columns.where.map((c) => c.name)).toEqual(['ts', 'c', 'd', 'e', 'f', 'g', 'h', 'k']);
    },
  },
  {
    name: 'group by time truncations',
    sql: "SELECT DATE_TRUNC('DAY', ts), CAST(ts AS DATE), TO_DATE(ts), DATE_TRUNC('month', ts), region, SUM(x) FROM s.t GROUP BY 1, 2, 3, 4, region",
    check: (f) => {
      expect(f.groupBy.map((g) => [g.column?.name, g.wrappedBy, g.timeUnit, g.dayGranularity])).toEqual([
        ['ts', 'DATE_TRUNC', 'day', true],
        ['ts', 'CAST', 'day', true],
        ['ts', 'TO_DATE', 'day', true],
        ['ts', 'DATE_TRUNC', 'month', false],
        ['region', null, null, false],
      ]);
      expect(f.columns.groupBy.map((c) => c.name)).toEqual(['ts', 'region']);
    },
  },
  {
    name: 'a cast around a date part keeps its unit',
    sql: 'SELECT CAST(EXTRACT(YEAR FROM ts) AS INTEGER), FLOOR(ts TO HOUR), COUNT(*) FROM s.t GROUP BY 1, 2',
    check: (f) => {
      expect(f.groupBy.map((g) => [g.wrappedBy, g.timeUnit])).toEqual([
        ['CAST', 'year'],
        ['FLOOR', 'hour'],
      ]);
    },
  },
  {
    name: 'group by and order by an alias resolve to the aliased expression',
    sql: "SELECT DATE_TRUNC('DAY', ts) AS d, SUM(amount) AS revenue FROM s.t GROUP BY d ORDER BY revenue DESC",
    check: (f) => {
      expect(f.groupBy).toEqual([
        { column: col('ts', 's.t'), wrappedBy: 'DATE_TRUNC', timeUnit: 'day', dayGranularity: true },
      ]);
      expect(f.columns.orderBy).toEqual([col('amount', 's.t')]);
    },
  },
  {
    name: 'aggregates',
    sql: 'SELECT COUNT(*), COUNT(DISTINCT u.id), SUM(amount), ROW_NUMBER() OVER (ORDER BY a), MAX(a) OVER () FROM s.t u',
    check: (f) => {
      expect(f.aggregates).toEqual([
        { function: 'COUNT', column: null, distinct: false, star: true },
        { function: 'COUNT', column: col('u.id', 's.t'), distinct: true, star: false },
        { function: 'SUM', column: col('amount', 's.t'), distinct: false, star: false },
      ]);
    },
  },
  {
    name: 'limit, order by, subqueries and CTEs',
    sql: 'WITH a AS (SELECT id FROM s.x), b AS (SELECT id FROM a) SELECT id FROM b WHERE id IN (SELECT id FROM s.y) AND EXISTS (SELECT 1 FROM s.z) ORDER BY id DESC LIMIT 25',
    check: (f) => {
      expect(f.cteNames).toEqual(['a', 'b']);
      expect(f.tables.map((t) => t.name)).toEqual(['s.x', 's.y', 's.z']);
      expect(f.subqueryCount).toBe(2);
      expect(f.limitRows).toBe(25);
      expect(f.columns.orderBy).toEqual([col('id', null)]);
    },
  },
  {
    name: 'fetch first is the limit',
    sql: 'SELECT a FROM s.t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY',
    check: (f) => expect(f.limitRows).toBe(10),
  },
  {
    name: 'time travel is stripped before parsing',
    sql: "SELECT * FROM lake.db.events AT SNAPSHOT '123' WHERE ds = '2024-01-01'",
    check: (f) => {
      expect(f.source).toBe('parser');
      expect(f.tables.map((t) => t.name)).toEqual(['lake.db.events']);
    },
  },
  {
    name: 'ctas has a target and reads its sources',
    sql: 'CREATE TABLE lake.db.summary AS SELECT region, SUM(amount) FROM lake.db.sales GROUP BY region',
    check: (f) => {
      expect(f.statementKind).toBe('ctas');
      expect(f.target?.name).toBe('lake.db.summary');
      expect(f.tables.map((t) => t.name)).toEqual(['lake.db.sales']);
    },
  },
  {
    name: 'reflection DDL falls back to tokens',
    sql: 'ALTER TABLE lake.db.events CREATE AGGREGATE REFLECTION r USING DIMENSIONS (ds) MEASURES (amount (SUM))',
    check: (f) => {
      expect(f.statementKind).toBe('ddl-reflection');
      expect(f.source).toBe('tokens');
      expect(f.parserError).toMatch(/CREATE/);
      expect(f.target?.path).toEqual(['lake', 'db', 'events']);
    },
  },
  {
    name: 'a quoted path keeps dots inside names',
    sql: 'SELECT NAME FROM Samples."samples.dremio.com"."SF weather 2018-2019.csv"',
    check: (f) => {
      expect(f.tables[0]?.path).toEqual(['Samples', 'samples.dremio.com', 'SF weather 2018-2019.csv']);
      expect(f.tables[0]?.name).toBe('Samples."samples.dremio.com"."SF weather 2018-2019.csv"');
    },
  },
];

describe('extractSqlFacts (parser)', () => {
  for (const c of CASES) it(c.name, () => c.check(extractSqlFacts(c.sql)));
});

const KIND_CASES: ReadonlyArray<{ readonly sql: string; readonly kind: SqlFacts['statementKind'] }> = [
  { sql: 'OPTIMIZE TABLE lake.db.t REWRITE DATA USING BIN_PACK', kind: 'optimize' },
  { sql: "VACUUM TABLE lake.db.t EXPIRE SNAPSHOTS OLDER_THAN '2024-01-01'", kind: 'vacuum' },
  { sql: "COPY INTO lake.db.t FROM '@s3/x' FILE_FORMAT 'csv'", kind: 'copy-into' },
  { sql: 'ALTER TABLE lake.db.t REFRESH METADATA', kind: 'refresh-metadata' },
  { sql: "REFRESH REFLECTION 'a' AS 'b'", kind: 'refresh-reflection' },
  { sql: 'CREATE VDS s.v AS SELECT 1', kind: 'create-view' },
  { sql: 'ALTER SESSION SET a = 1', kind: 'set' },
  { sql: '   -- only a comment', kind: 'empty' },
  { sql: 'DROP TABLE IF EXISTS lake.db.t', kind: 'drop' },
];

describe('statement kinds', () => {
  for (const c of KIND_CASES) {
    it(`${c.kind}: ${c.sql}`, () => expect(extractSqlFacts(c.sql).statementKind).toBe(c.kind));
  }
  it('drop names its target after IF EXISTS', () => {
    expect(extractSqlFacts('DROP TABLE IF EXISTS lake.db.t').target?.name).toBe('lake.db.t');
  });
});

describe('extractSqlFacts never throws', () => {
  const fragments = fc.constantFrom(
    'SELECT',
    '*',
    'FROM',
    'a.b',
    '"q"',
    'JOIN',
    'ON',
    '=',
    'WHERE',
    'GROUP BY',
    'LIMIT',
    '5',
    "'s'",
    '(',
    ')',
    ',',
    'WITH',
    'AS',
    'COUNT',
    'DATE_TRUNC',
    'AT BRANCH',
    'IN',
    'EXISTS',
    'UNION',
    '.',
    'x',
    '--',
    '/*',
    ';',
  );
  it('on token soup and arbitrary text (property)', () => {
    const soup = fc.array(fragments, { maxLength: 30 }).map((xs) => xs.join(' '));
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ unit: 'binary' })), (sql) => {
        const facts = extractSqlFacts(sql);
        expect(['parser', 'tokens']).toContain(facts.source);
      }),
      { numRuns: 400 },
    );
  });

  it('on corpus statements with a slice cut out or repeated (property)', () => {
    const statement = fc.constantFrom(...DREMIO_SQL_CORPUS.map((c) => c.sql));
    const mutated = fc.tuple(statement, fc.nat(), fc.nat(), fc.boolean()).map(([sql, a, b, repeat]) => {
      const [from, to] = [a % (sql.length + 1), b % (sql.length + 1)].sort((x, y) => x - y) as [
        number,
        number,
      ];
      const cut = sql.slice(from, to);
      return repeat ? sql.slice(0, to) + cut + sql.slice(to) : sql.slice(0, from) + sql.slice(to);
    });
    fc.assert(
      fc.property(mutated, (sql) => {
        const facts = extractSqlFacts(sql);
        expect(facts.tables.every((t) => t.path.length > 0)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });
});
