import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';
import { operatorChainDepth } from './operator-chain.js';

describe('operatorChainDepth', () => {
  const cases = [
    { name: 'no operators', sql: 'SELECT a FROM t', depth: 0 },
    { name: 'one chain', sql: 'SELECT * FROM t WHERE a = 1 AND b = 2 AND c = 3', depth: 3 },
    { name: 'arithmetic chain', sql: 'SELECT a + b - c * d FROM t', depth: 3 },
    { name: 'commas end a chain', sql: 'SELECT a + b, c + d + e FROM t', depth: 2 },
    { name: 'nesting adds up', sql: 'SELECT * FROM t WHERE a = 1 AND (b = 2 OR (c = 3 OR d = 4))', depth: 6 },
    { name: 'closed groups no longer count', sql: 'SELECT f(a + b + c), d + e FROM t', depth: 2 },
    { name: 'clause words end a chain', sql: 'SELECT a + b FROM t WHERE c = 1', depth: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => expect(operatorChainDepth(tokenize(c.sql))).toBe(c.depth));
  }
});

describe('operatorChainDepth over parenthesised operands', () => {
  it('counts an AND chain of IN lists once per AND', () => {
    const sql = `SELECT * FROM t WHERE ${Array.from({ length: 50 }, (_, i) => `c${i} IN (1, 2)`).join(' AND ')}`;
    expect(operatorChainDepth(tokenize(sql))).toBe(49);
  });
});
