import type { SqlFacts } from '../domain/sql-facts.js';
import { visitStatement } from './ast-statement.js';
import { createSink, freezeSink } from './fact-sink.js';
import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';
import { parseSql } from './sql-parser.js';
import { classifyStatement } from './statement-kind.js';
import { tokenFacts } from './token-facts.js';
import { significant } from './token-path.js';

type SourcedFacts = Omit<SqlFacts, 'statementKind' | 'target'>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fromTokens(sig: readonly Token[], parserError: string): SourcedFacts {
  const sink = createSink();
  try {
    tokenFacts(sig, sink);
  } catch {
    // The token walk only reads bounds-checked indexes; were it to throw, the facts stay empty, not the caller.
  }
  return { source: 'tokens', parserError, ...freezeSink(sink) };
}

function fromParser(sql: string, sig: readonly Token[]): SourcedFacts {
  const parsed = parseSql(sql);
  if (!parsed.ok) return fromTokens(sig, parsed.error);
  if (parsed.statements.length === 0) return fromTokens(sig, 'the parser found no statement');
  try {
    const sink = createSink();
    visitStatement(parsed.statements[0], sink);
    return { source: 'parser', parserError: null, ...freezeSink(sink) };
  } catch (error) {
    return fromTokens(sig, `reading the parser's AST failed: ${errorText(error)}`);
  }
}

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
  return { statementKind: kind, target, ...fromParser(sql, sig) };
}
