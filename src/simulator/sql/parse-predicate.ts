import type { ColumnRef, CompareOp, Predicate, SqlLiteral } from './select-query.js';
import { COMPARE_OPS } from './select-query.js';
import type { TokenCursor } from './token-cursor.js';

function numberLiteral(text: string, negative: boolean): number | bigint {
  const signed = negative ? `-${text}` : text;
  if (/^\d+$/.test(text)) {
    const big = BigInt(signed);
    if (big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(big);
    return big;
  }
  return Number(signed);
}

/** A literal: number (optionally negative), string, TRUE/FALSE/NULL, or `TIMESTAMP '…'` / `DATE '…'`. */
export function parseLiteral(cursor: TokenCursor): SqlLiteral {
  const negative = cursor.acceptSymbol('-');
  const token = cursor.peek();
  if (token?.kind === 'number') {
    cursor.next('a number');
    return numberLiteral(token.text, negative);
  }
  if (negative) throw cursor.error('expected a number after -');
  if (token?.kind === 'string') {
    cursor.next('a string');
    return token.value;
  }
  if (cursor.acceptWord('TRUE')) return true;
  if (cursor.acceptWord('FALSE')) return false;
  if (cursor.acceptWord('NULL')) return null;
  if ((cursor.isWord('TIMESTAMP') || cursor.isWord('DATE')) && cursor.peek(1)?.kind === 'string') {
    cursor.next('a typed literal');
    return cursor.next('a string').value;
  }
  throw cursor.error('expected a literal (number, string, TRUE, FALSE, NULL or TIMESTAMP)');
}

export function parseColumnRef(cursor: TokenCursor): ColumnRef {
  const first = cursor.name('a column name');
  // A qualified `t.col` or `sys.jobs.col` reference names the only table, so keep the last part.
  let last = first;
  while (cursor.isSymbol('.') && cursor.isName(1)) {
    cursor.next('.');
    last = cursor.name('a column name');
  }
  return { name: last.text, quoted: last.quoted };
}

function parseInList(cursor: TokenCursor): SqlLiteral[] {
  cursor.expectSymbol('(');
  const values = [parseLiteral(cursor)];
  while (cursor.acceptSymbol(',')) values.push(parseLiteral(cursor));
  cursor.expectSymbol(')');
  return values;
}

function parseCompareOp(cursor: TokenCursor): CompareOp | undefined {
  const token = cursor.peek();
  if (token?.kind !== 'operator') return undefined;
  const op = (COMPARE_OPS as readonly string[]).find((candidate) => candidate === token.text);
  if (op === undefined) return undefined;
  cursor.next('an operator');
  return op as CompareOp;
}

/** One predicate: `col op literal`, `col IS [NOT] NULL`, `col [NOT] IN (…)`, `col [NOT] LIKE '…'`. */
export function parsePredicate(cursor: TokenCursor): Predicate {
  const parenthesised = cursor.acceptSymbol('(');
  const column = parseColumnRef(cursor);
  const predicate = parsePredicateTail(cursor, column);
  if (parenthesised) cursor.expectSymbol(')');
  return predicate;
}

function parsePredicateTail(cursor: TokenCursor, column: ColumnRef): Predicate {
  const op = parseCompareOp(cursor);
  if (op !== undefined) return { kind: 'compare', column, op, value: parseLiteral(cursor) };
  if (cursor.acceptWord('IS')) {
    const negated = cursor.acceptWord('NOT');
    cursor.expectWord('NULL');
    return { kind: 'is-null', column, negated };
  }
  const negated = cursor.acceptWord('NOT');
  if (cursor.acceptWord('IN')) return { kind: 'in', column, values: parseInList(cursor), negated };
  if (cursor.acceptWord('LIKE')) {
    const token = cursor.peek();
    if (token?.kind !== 'string') throw cursor.error('expected a string pattern after LIKE');
    cursor.next('a pattern');
    return { kind: 'like', column, pattern: token.value, negated };
  }
  throw cursor.error('expected a comparison, IS [NOT] NULL, IN or LIKE');
}
