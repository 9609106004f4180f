import { describe, expect, it } from 'vitest';
import { extractSqlFacts } from './facts.js';

// This file never calls initSqlParser(): every fact here comes from the token fallback.
describe('extractSqlFacts (token fallback, parser not initialised)', () => {
  it('says why the parser was not used', () => {
    const f = extractSqlFacts('SELECT 1');
    expect(f.source).toBe('tokens');
    expect(f.parserError).toMatch(/initSqlParser/);
  });

  it('finds tables, aliases, stars and the limit', () => {
    const f = extractSqlFacts(
      'SELECT o.*, c.name FROM lake.orders AS o JOIN "My Space".customers c ON o.cid = c.id LIMIT 50',
    );
    expect(f.tables).toEqual([
      { path: ['lake', 'orders'], name: 'lake.orders', alias: 'o' },
      { path: ['My Space', 'customers'], name: '"My Space".customers', alias: 'c' },
    ]);
    expect(f.selectStars).toEqual([{ qualifier: 'o', tables: ['lake.orders'] }]);
    expect(f.joins).toEqual([
      { kind: 'inner', condition: 'equi', table: '"My Space".customers', pairs: [], implicit: false },
    ]);
    expect(f.limitRows).toBe(50);
  });

  const joinCases = [
    { name: 'left', sql: 'SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x', expected: 'left/equi' },
    { name: 'cross', sql: 'SELECT * FROM a CROSS JOIN b', expected: 'cross/missing' },
    {
      name: 'non-equi',
      sql: 'SELECT * FROM a JOIN b ON a.x < b.x WHERE a.y = 1',
      expected: 'inner/non-equi',
    },
    { name: 'using', sql: 'SELECT * FROM a FULL JOIN b USING (x)', expected: 'full/equi' },
    { name: 'natural', sql: 'SELECT * FROM a NATURAL JOIN b', expected: 'inner/equi' },
  ];
  for (const c of joinCases) {
    it(`join kind and condition: ${c.name}`, () => {
      expect(extractSqlFacts(c.sql).joins.map((j) => `${j.kind}/${j.condition}`)).toEqual([c.expected]);
    });
  }

  it('reads CTE names and keeps them out of the tables', () => {
    const f = extractSqlFacts(
      'WITH d (x) AS (SELECT x FROM s.t), e AS (SELECT * FROM d) SELECT * FROM e, s.u',
    );
    expect(f.cteNames).toEqual(['d', 'e']);
    expect(f.tables.map((t) => t.name)).toEqual(['s.t', 's.u']);
    expect(f.subqueryCount).toBe(0);
  });

  it('does not take EXTRACT(... FROM col) for a table', () => {
    const f = extractSqlFacts('SELECT EXTRACT(YEAR FROM ts) FROM s.t WHERE x IN (SELECT y FROM s.u)');
    expect(f.tables.map((t) => t.name)).toEqual(['s.t', 's.u']);
    expect(f.subqueryCount).toBe(1);
  });

  it('finds aggregates', () => {
    const f = extractSqlFacts('SELECT COUNT(*), COUNT(DISTINCT t.a), SUM(b) FROM t');
    expect(f.aggregates).toEqual([
      { function: 'COUNT', column: null, distinct: false, star: true },
      { function: 'COUNT', column: { name: 'a', qualifier: 't', table: null }, distinct: true, star: false },
      { function: 'SUM', column: { name: 'b', qualifier: null, table: null }, distinct: false, star: false },
    ]);
  });

  it('reads FETCH FIRST as the limit', () => {
    expect(extractSqlFacts('SELECT a FROM t FETCH FIRST 7 ROWS ONLY').limitRows).toBe(7);
  });
});
