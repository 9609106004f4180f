import { tokenize } from '../../sql/lexer.js';
import { parseColumnRef, parsePredicate } from './parse-predicate.js';
import type {
  NamePart,
  OrderItem,
  Predicate,
  ProjectionItem,
  SelectQuery,
  TableFunctionName,
  TableSource,
} from './select-query.js';
import { TABLE_FUNCTIONS } from './select-query.js';
import { SqlSubsetError, TokenCursor } from './token-cursor.js';

export type ParseSelectResult =
  | { readonly ok: true; readonly query: SelectQuery }
  | { readonly ok: false; readonly reason: string; readonly offset: number };

function parseProjection(cursor: TokenCursor): SelectQuery['projection'] {
  if (cursor.acceptSymbol('*')) return 'star';
  const items: ProjectionItem[] = [];
  do {
    const column = parseColumnRef(cursor);
    const hasAs = cursor.acceptWord('AS');
    if (hasAs || (cursor.isName() && !cursor.isWord('FROM'))) {
      items.push({ column, alias: cursor.name('an alias').text });
    } else {
      items.push({ column });
    }
  } while (cursor.acceptSymbol(','));
  return items;
}

function parseTableFunction(cursor: TokenCursor): TableSource {
  cursor.expectSymbol('(');
  const fnToken = cursor.next('a table function');
  const fn = TABLE_FUNCTIONS.find((name) => name === fnToken.text.toLowerCase());
  if (fn === undefined) {
    throw new SqlSubsetError(`unsupported table function '${fnToken.text}'`, fnToken.start);
  }
  cursor.expectSymbol('(');
  const argument = cursor.next('a table path string');
  if (argument.kind !== 'string') throw new SqlSubsetError('expected a quoted table path', argument.start);
  cursor.expectSymbol(')');
  cursor.expectSymbol(')');
  return { kind: 'function', fn: fn as TableFunctionName, argument: argument.value };
}

function parseSource(cursor: TokenCursor): TableSource {
  if (cursor.acceptWord('TABLE')) return parseTableFunction(cursor);
  const path: NamePart[] = [cursor.name('a table name')];
  while (cursor.acceptSymbol('.')) path.push(cursor.name('a table name part'));
  // An alias (`FROM sys.jobs j`) is harmless: there is only one table.
  if (cursor.acceptWord('AS') || (cursor.isName() && !cursor.isWord('WHERE'))) cursor.name('a table alias');
  return { kind: 'table', path };
}

function parseOrderBy(cursor: TokenCursor): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const column = parseColumnRef(cursor);
    const descending = cursor.acceptWord('DESC');
    if (!descending) cursor.acceptWord('ASC');
    items.push({ column, descending });
  } while (cursor.acceptSymbol(','));
  return items;
}

function parseCount(cursor: TokenCursor, what: string): number {
  const token = cursor.next(what);
  if (token.kind !== 'number' || !/^\d+$/.test(token.text)) {
    throw new SqlSubsetError(`expected a whole number for ${what}, found '${token.text}'`, token.start);
  }
  return Number(token.text);
}

/** `LIMIT n [OFFSET m]`, `OFFSET m [ROWS] [LIMIT n]` and `FETCH FIRST|NEXT n ROWS ONLY`, in any order. */
function parsePaging(cursor: TokenCursor): { limit?: number; offset: number } {
  let limit: number | undefined;
  let offset = 0;
  for (;;) {
    if (cursor.acceptWord('LIMIT')) {
      limit = parseCount(cursor, 'LIMIT');
    } else if (cursor.acceptWord('OFFSET')) {
      offset = parseCount(cursor, 'OFFSET');
      if (!cursor.acceptWord('ROWS')) cursor.acceptWord('ROW');
    } else if (cursor.acceptWord('FETCH')) {
      if (!cursor.acceptWord('FIRST')) cursor.expectWord('NEXT');
      limit = parseCount(cursor, 'FETCH');
      if (!cursor.acceptWord('ROWS')) cursor.expectWord('ROW');
      cursor.expectWord('ONLY');
    } else {
      return limit === undefined ? { offset } : { limit, offset };
    }
  }
}

function parseStatement(cursor: TokenCursor): SelectQuery {
  cursor.expectWord('SELECT');
  const projection = parseProjection(cursor);
  cursor.expectWord('FROM');
  const from = parseSource(cursor);
  const where: Predicate[] = [];
  if (cursor.acceptWord('WHERE')) {
    do where.push(parsePredicate(cursor));
    while (cursor.acceptWord('AND'));
  }
  let orderBy: OrderItem[] = [];
  if (cursor.acceptWord('ORDER')) {
    cursor.expectWord('BY');
    orderBy = parseOrderBy(cursor);
  }
  const paging = parsePaging(cursor);
  cursor.acceptSymbol(';');
  if (!cursor.atEnd()) throw cursor.error('expected the end of the statement');
  return { projection, from, where, orderBy, ...paging };
}

/**
 * Parses the SELECT subset the simulator answers itself. Anything outside it (joins, aggregates,
 * expressions, DDL) is reported as `ok: false` with the reason and offset, never thrown, so the
 * caller can hand the statement to the world instead.
 *
 * @example
 * parseSelect('/* dremio-optimizer *\/ SELECT job_id FROM sys.jobs_recent LIMIT 10');
 */
export function parseSelect(sql: string): ParseSelectResult {
  try {
    return { ok: true, query: parseStatement(new TokenCursor(tokenize(sql))) };
  } catch (error) {
    if (error instanceof SqlSubsetError) return { ok: false, reason: error.message, offset: error.offset };
    throw error;
  }
}
