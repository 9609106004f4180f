import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/domain/dataset.js';
import { sharedKey } from '../../src/recommend/rewrite/join-advice.js';
import { addJoinEquality, nonEquiJoins } from '../../src/recommend/rewrite/join-equality.js';
import { preAggregateJoin } from '../../src/recommend/rewrite/pre-aggregate-join.js';
import { rewriteTruncatedRanges } from '../../src/recommend/rewrite/truncated-column-range.js';
import { initSqlParser } from '../../src/sql/sql-parser.js';

beforeAll(async () => {
  await initSqlParser();
});

const ts = { columns: ['ts'], qualifiers: [], typeOf: () => 'TIMESTAMP' };

describe('rewriteTruncatedRanges', () => {
  it('turns CAST, TO_DATE and DATE_TRUNC(DAY) equalities into half-open ranges, keeping the rest', () => {
    const out = rewriteTruncatedRanges(
      "SELECT a FROM t\nWHERE x = 1 AND (TO_DATE(ts) = DATE '2026-02-28') AND DATE_TRUNC('day', \"ts\") = '2026-12-31'",
      ts,
    );
    expect(out?.sql).toBe(
      "SELECT a FROM t\nWHERE x = 1 AND (ts >= TIMESTAMP '2026-02-28 00:00:00' AND ts < TIMESTAMP '2026-03-01 00:00:00') " +
        'AND "ts" >= TIMESTAMP \'2026-12-31 00:00:00\' AND "ts" < TIMESTAMP \'2027-01-01 00:00:00\'',
    );
    expect(out?.replaced).toEqual([
      "TO_DATE(ts) = DATE '2026-02-28'",
      `DATE_TRUNC('day', "ts") = '2026-12-31'`,
    ]);
  });

  it('turns EXTRACT(YEAR FROM c) and YEAR(c) equalities into a year range', () => {
    const out = rewriteTruncatedRanges(
      'SELECT a FROM t WHERE EXTRACT(YEAR FROM t.ts) = 2026 AND YEAR(d) = 2025',
      {
        columns: ['ts', 'd'],
        qualifiers: ['t'],
        typeOf: (c) => (c === 'd' ? 'DATE' : 'TIMESTAMP'),
      },
    );
    expect(out?.sql).toBe(
      "SELECT a FROM t WHERE t.ts >= TIMESTAMP '2026-01-01 00:00:00' AND t.ts < TIMESTAMP '2027-01-01 00:00:00' " +
        "AND d >= DATE '2025-01-01' AND d < DATE '2026-01-01'",
    );
    expect(out?.oneDay).toBe(false);
  });

  it('writes a DATE column as an equality on the column', () => {
    const out = rewriteTruncatedRanges("SELECT a FROM t WHERE CAST(d AS DATE) = '2026-01-05'", {
      columns: ['D'],
      qualifiers: [],
      typeOf: () => 'DATE',
    });
    expect(out?.sql).toBe("SELECT a FROM t WHERE d = DATE '2026-01-05'");
  });

  it('leaves predicates under OR or NOT, other columns, other qualifiers and non-day literals alone', () => {
    for (const sql of [
      "SELECT a FROM t WHERE x = 1 OR CAST(ts AS DATE) = '2026-01-05'",
      "SELECT a FROM t WHERE NOT CAST(ts AS DATE) = '2026-01-05'",
      "SELECT a FROM t WHERE CAST(other AS DATE) = '2026-01-05'",
      "SELECT a FROM t JOIN u ON t.k = u.k WHERE CAST(u.ts AS DATE) = '2026-01-05'",
      "SELECT a FROM t WHERE CAST(ts AS DATE) = '2026-01'",
      "SELECT a FROM t WHERE DATE_TRUNC('MONTH', ts) = '2026-01-01'",
    ])
      expect(rewriteTruncatedRanges(sql, { ...ts, qualifiers: ['t'] }), sql).toBeUndefined();
  });
});

describe('join equality', () => {
  const sql =
    'SELECT r.a, m.b FROM s.readings r JOIN s.windows m ON r.ts BETWEEN m.lo AND m.hi OR m.b = 1 WHERE r.a > 3';

  it('finds ON clauses without a column equality only', () => {
    expect(nonEquiJoins(sql)).toEqual([
      {
        joinIndex: 0,
        left: { path: ['s', 'readings'], qualifier: 'r' },
        right: { path: ['s', 'windows'], qualifier: 'm' },
      },
    ]);
    expect(nonEquiJoins('SELECT 1 FROM a x JOIN b y ON x.k = y.k AND x.t < y.t')).toEqual([]);
  });

  it('adds the equality and keeps the old condition whole in parentheses', () => {
    expect(addJoinEquality(sql, nonEquiJoins(sql)[0]!, 'site')).toBe(
      'SELECT r.a, m.b FROM s.readings r JOIN s.windows m ON r.site = m.site AND (r.ts BETWEEN m.lo AND m.hi OR m.b = 1) WHERE r.a > 3',
    );
  });

  it('takes the one shared column, or the one shared key-like column, else none', () => {
    const ds = (...names: string[]) =>
      ({ columns: names.map((name) => ({ name, type: 'VARCHAR' })) }) as unknown as Dataset;
    expect(sharedKey(ds('Site', 'ts'), ds('site', 'lo'))).toBe('Site');
    expect(sharedKey(ds('customer_id', 'region', 'x'), ds('customer_id', 'region', 'y'))).toBe('customer_id');
    expect(sharedKey(ds('site', 'line'), ds('site', 'line'))).toBeUndefined();
  });
});

describe('preAggregateJoin', () => {
  it('moves the aggregated side and its own filters into a subquery grouped by the join key', () => {
    const out = preAggregateJoin(
      "SELECT b.g, COUNT(*) AS n, SUM(a.x) AS x, MAX(a.y) AS y\nFROM s.a a JOIN s.b b ON a.k = b.k\nWHERE a.f = 'v' AND b.h > 2\nGROUP BY b.g ORDER BY n DESC",
      'a',
    );
    expect(out?.sql).toBe(
      'SELECT b.g, SUM(a.row_count) AS n, SUM(a.x_sum) AS x, MAX(a.y_max) AS y\n' +
        "FROM (SELECT a.k, COUNT(*) AS row_count, SUM(a.x) AS x_sum, MAX(a.y) AS y_max FROM s.a a WHERE a.f = 'v' GROUP BY a.k) a JOIN s.b b ON a.k = b.k WHERE b.h > 2\n" +
        'GROUP BY b.g ORDER BY n DESC',
    );
  });

  it('refuses shapes where it would change the result', () => {
    for (const sql of [
      'SELECT b.g, SUM(b.v) AS n FROM s.a a JOIN s.b b ON a.k = b.k GROUP BY b.g',
      'SELECT b.g, COUNT(DISTINCT a.x) AS n FROM s.a a JOIN s.b b ON a.k = b.k GROUP BY b.g',
      'SELECT b.g, COUNT(*) AS n FROM s.a a JOIN s.b b ON a.k = b.k WHERE a.x + b.y > 1 GROUP BY b.g',
      'SELECT b.g, COUNT(*) AS n FROM s.a a LEFT JOIN s.b b ON a.k = b.k GROUP BY b.g',
      'SELECT b.g, COUNT(*) AS n FROM s.a a JOIN s.b b ON a.k < b.k GROUP BY b.g',
      'SELECT a.g, COUNT(*) AS n FROM s.a a JOIN s.b b ON a.k = b.k GROUP BY a.g',
      'SELECT b.g, COUNT(*) AS n FROM s.a a JOIN s.b b ON a.k = b.k GROUP BY b.g HAVING COUNT(*) > 1',
    ])
      expect(preAggregateJoin(sql, 'a'), sql).toBeUndefined();
  });
});
