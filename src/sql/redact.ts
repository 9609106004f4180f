import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';

/** What a string literal becomes: still a string, so `DATE '***'` and `LIKE '***'` keep reading as SQL. */
export const REDACTED_STRING = "'***'";
/** What a number becomes: the parameter marker, so `LIMIT ?` and `x > ?` stay valid SQL. */
export const REDACTED_NUMBER = '?';

function redactToken(t: Token, prev: Token | undefined): string {
  if (t.kind === 'string') return REDACTED_STRING;
  if (t.kind === 'number') return REDACTED_NUMBER;
  if (t.kind !== 'comment') return t.text;
  // Comments can quote values ("-- customer 4711"), so they go; a space keeps neighbours apart.
  return prev === undefined || prev.kind === 'whitespace' ? '' : ' ';
}

/**
 * Replaces every literal value in a statement with a placeholder and keeps everything else as written
 * (case, spacing, identifiers, parameters, booleans). Strings, including typed (`DATE '…'`) and prefixed
 * (`X'…'`) ones, become `'***'`; numbers become `?`; comments are removed, since they can carry values.
 * Never throws.
 *
 * @example
 * redact("select * from t where name = 'Ada' and id > 42 -- vip");
 * // "select * from t where name = '***' and id > ? "
 */
export function redact(sql: string): string {
  const tokens = tokenize(sql);
  let out = '';
  let prev: Token | undefined;
  for (const t of tokens) {
    out += redactToken(t, prev);
    prev = t;
  }
  return out;
}
