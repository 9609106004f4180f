/**
 * Dremio parses and validates a statement before it plans it, and a statement that fails either
 * step ends FAILED with Calcite's text (fidelity-gaps #7). A simulator that answers anything lets
 * SQL the product generates reach a real cluster untested.
 */
import { extractSqlFacts } from '../../sql/facts.js';
import { tokenize } from '../../sql/lexer.js';
import { queryReferences, type ReferenceScope } from '../../sql/references.js';
import { isSqlParserReady, parseSql } from '../../sql/sql-parser.js';

/** `SqlExceptionHelper.QUERY_PARSING_ERROR` behind the `PARSE` error type. */
export const PARSE_FAILURE = 'PARSE ERROR: Failure parsing the query.';

/** Words a Dremio statement can start with; anything else is a parse error whatever follows. */
const STATEMENT_WORDS = new Set([
  'SELECT',
  'WITH',
  'VALUES',
  '(',
  'ALTER',
  'OPTIMIZE',
  'VACUUM',
  'CREATE',
  'DROP',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'TRUNCATE',
  'COPY',
  'SHOW',
  'DESCRIBE',
  'DESC',
  'EXPLAIN',
  'USE',
  'SET',
  'RESET',
  'REFRESH',
  'ANALYZE',
  'GRANT',
  'REVOKE',
]);

const QUERY_WORDS = new Set(['SELECT', 'WITH', 'VALUES', '(']);

/** sqlparser-rs prefixes its syntax errors so; its other failures (not loaded, too deep) say nothing about the SQL. */
const SYNTAX_ERROR_PREFIX = 'sql parser error:';

/**
 * The `PARSE ERROR` a statement gets, or undefined when it parses. Queries are parsed in full once
 * the SQL parser is loaded (`initSqlParser`); other statements are checked by their first word here
 * and by their own grammar where the simulator runs them.
 */
export function parseErrorOf(sql: string): string | undefined {
  const first = tokenize(sql).find((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
  const word = first === undefined ? '' : first.text.toUpperCase();
  if (!STATEMENT_WORDS.has(word)) return PARSE_FAILURE;
  if (!QUERY_WORDS.has(word) || !isSqlParserReady()) return undefined;
  const parsed = parseSql(sql);
  return !parsed.ok && parsed.error.startsWith(SYNTAX_ERROR_PREFIX) ? PARSE_FAILURE : undefined;
}

/** The columns of the dataset at a path, or undefined when the simulator does not know it. */
export type ColumnLookup = (path: readonly string[]) => readonly string[] | undefined;

/**
 * Calcite's `columnNotFound`/`columnNotFoundInTable` for the first column a query reads that its
 * dataset does not have, or undefined. Only columns the query pins to one dataset are checked; an
 * unqualified column among several relations, or one of a subquery, is left to the planner.
 */
export function unknownColumnError(sql: string, columnsOf: ColumnLookup): string | undefined {
  const facts = extractSqlFacts(sql);
  if (facts.source !== 'parser') return undefined;
  const pathOf = new Map(facts.tables.map((t) => [t.name, t.path]));
  const { select, where, join, groupBy, having, orderBy } = facts.columns;
  for (const column of [...select, ...where, ...join, ...groupBy, ...having, ...orderBy]) {
    const path = column.table === null ? undefined : pathOf.get(column.table);
    const known = path === undefined ? undefined : columnsOf(path);
    if (known === undefined) continue;
    const wanted = column.name.toLowerCase();
    if (known.some((name) => name.toLowerCase() === wanted)) continue;
    return column.qualifier === null
      ? `VALIDATION ERROR: Column '${column.name}' not found in any table`
      : `VALIDATION ERROR: Column '${column.name}' not found in table '${column.qualifier}'`;
  }
  return undefined;
}

/** Clauses that may name a select-list alias instead of a column (Calcite's conformance in Dremio). */
const ALIAS_CLAUSES = new Set(['groupBy', 'having', 'orderBy']);

type Lookup = 'found' | 'absent' | 'unknown';

function lookUp(scope: ReferenceScope, name: string, columnsOf: ColumnLookup): Lookup {
  let unknown = false;
  for (const relation of scope.relations) {
    const known = relation.path === null ? undefined : columnsOf(relation.path);
    if (known === undefined) unknown = true;
    else if (known.some((c) => c.toLowerCase() === name.toLowerCase())) return 'found';
  }
  return unknown ? 'unknown' : 'absent';
}

/**
 * Calcite's `Column 'x' not found in any table` for an unqualified column that none of the relations
 * in scope (nor an enclosing query's, nor a select-list alias where one may be named) has. Only
 * decided when every relation is a dataset whose columns the simulator knows; a subquery's or CTE's
 * columns leave it to the planner, as `unknownColumnError` does.
 */
export function unqualifiedColumnError(sql: string, columnsOf: ColumnLookup): string | undefined {
  const parsed = parseSql(sql);
  if (!parsed.ok || parsed.statements.length !== 1) return undefined;
  const refs = queryReferences(parsed.statements[0]);
  if (refs === undefined || refs.unknownRelations > 0) return undefined;
  for (const ref of refs.columns) {
    if (ref.parts.length !== 1) continue;
    const name = ref.parts[0]!;
    let verdict: Lookup = 'absent';
    let relations = 0;
    for (let s: ReferenceScope | null = ref.scope; s !== null && verdict === 'absent'; s = s.parent) {
      if (s === ref.scope && ALIAS_CLAUSES.has(ref.clause) && s.aliases.has(name.toUpperCase()))
        verdict = 'found';
      else verdict = lookUp(s, name, columnsOf);
      relations += s.relations.length;
    }
    if (verdict === 'absent' && relations > 0)
      return `VALIDATION ERROR: Column '${name}' not found in any table`;
  }
  return undefined;
}
