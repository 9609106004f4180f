import type { SqlFacts } from '../domain/sql-facts.js';
import { visitStatement } from './ast-statement.js';
import { createSink, freezeSink } from './fact-sink.js';
import { tokenize } from './lexer.js';
import { parseSql } from './sql-parser.js';
import { classifyStatement } from './statement-kind.js';
import { tokenFacts } from './token-facts.js';
import { significant } from './token-path.js';

/**
 * Structural facts about a statement (its first one, when there are several). Uses the sqlparser-ts AST
 * when `initSqlParser()` has completed and the statement parses, and the lexer otherwise; `source` and
 * `parserError` say which. The statement kind and write target always come from the tokens, so they exist
 * for Dremio-only statements (reflection DDL, VACUUM, COPY INTO) too. Never throws.
 *
 * @example
 * await initSqlParser();
 * extractSqlFacts('SELECT region, SUM(amount) FROM s.sales WHERE day >= ? GROUP BY region').aggregates;
 * // [{ function: 'SUM', column: { name: 'amount', qualifier: null, table: 's.sales' }, distinct: false, star: false }]
 */
export function extractSqlFacts(sql: string): SqlFacts {
  const sig = significant(tokenize(sql));
  const { kind, target } = classifyStatement(sig);
  const base = { statementKind: kind, target };
  const parsed = parseSql(sql);
  if (parsed.ok && parsed.statements.length > 0) {
    try {
      const sink = createSink();
      visitStatement(parsed.statements[0], sink);
      return { ...base, source: 'parser', parserError: null, ...freezeSink(sink) };
    } catch (error) {
      return fromTokens(
        sig,
        base,
        `AST walk failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return fromTokens(sig, base, parsed.ok ? 'no statement' : parsed.error);
}

function fromTokens(
  sig: Parameters<typeof tokenFacts>[0],
  base: Pick<SqlFacts, 'statementKind' | 'target'>,
  error: string,
): SqlFacts {
  const sink = createSink();
  try {
    tokenFacts(sig, sink);
  } catch {
    // The token walk only indexes arrays it bounds-checks; an exception would be a bug, and facts stay empty.
  }
  return { ...base, source: 'tokens', parserError: error, ...freezeSink(sink) };
}
