import { describe, expect, it } from 'vitest';
import { initSqlParser, isSqlParserReady, MAX_OPERATOR_DEPTH, parseSql } from './sql-parser.js';

function andChain(length: number): string {
  return `SELECT * FROM t WHERE ${Array.from({ length }, (_, i) => `c${i} = 1`).join(' AND ')}`;
}

describe('parseSql', () => {
  it('says it is not initialised before initSqlParser()', () => {
    expect(parseSql('SELECT 1')).toEqual({
      ok: false,
      error: 'SQL parser not initialised: await initSqlParser() once at start-up',
    });
  });

  it('parses after initSqlParser(), which can be called twice', async () => {
    await Promise.all([initSqlParser(), initSqlParser()]);
    expect(isSqlParserReady()).toBe(true);
    const result = parseSql("SELECT * FROM s.t AT BRANCH main WHERE x = 'a'");
    expect(result.ok).toBe(true);
  });

  it('returns parse errors as values', async () => {
    await initSqlParser();
    const result = parseSql('SELEC * FORM t');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/SELEC/);
  });

  it('skips the parser for operator chains deep enough to overflow it', async () => {
    await initSqlParser();
    const result = parseSql(andChain(MAX_OPERATOR_DEPTH + 10));
    expect(result).toEqual({
      ok: false,
      error: `operators nest ${MAX_OPERATOR_DEPTH + 10} deep, over the parser's safe ${MAX_OPERATOR_DEPTH}; skipped the parser`,
    });
    expect(parseSql(andChain(50)).ok).toBe(true);
  });

  it('recovers from a WASM crash with a fresh instance', async () => {
    await initSqlParser();
    const crash = parseSql(andChain(1200), { maxOperatorDepth: Number.POSITIVE_INFINITY });
    expect(crash.ok).toBe(false);
    if (!crash.ok) expect(crash.error).toMatch(/crashed .* being reloaded/);
    await initSqlParser();
    expect(parseSql('SELECT 1').ok).toBe(true);
  });
});
