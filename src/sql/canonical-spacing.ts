import type { NormToken } from './literal-folding.js';

/** Keywords that are called like functions, so `CAST(` and `YEAR(` read as calls, without a space. */
export const CALLABLE_KEYWORDS: ReadonlySet<string> = new Set([
  'CAST',
  'LEFT',
  'RIGHT',
  'YEAR',
  'MONTH',
  'DAY',
  'HOUR',
  'MINUTE',
  'SECOND',
  'REPLACE',
  'TRUNCATE',
  'FILTER',
  'GROUPING',
  'ROW',
  'ANY',
  'EXISTS',
]);

const NO_SPACE_AFTER = new Set(['(', '.', '[', '::']);
const NO_SPACE_BEFORE = new Set([')', ',', '.', ';', ']', '[', '::']);

function callsFunction(prev: NormToken, next: NormToken): boolean {
  if (next.text !== '(') return false;
  if (prev.kind === 'identifier' || prev.kind === 'quoted-identifier') return true;
  return prev.kind === 'keyword' && CALLABLE_KEYWORDS.has(prev.text);
}

function needsSpace(prev: NormToken, next: NormToken): boolean {
  // Two operators glued together can lex differently (`:` + `::` reads back as `::` + `:`).
  if (prev.kind === 'operator' && next.kind === 'operator') return true;
  if (NO_SPACE_AFTER.has(prev.text) && prev.kind !== 'unknown') return false;
  if (NO_SPACE_BEFORE.has(next.text) && next.kind !== 'unknown') return false;
  return !callsFunction(prev, next);
}

/**
 * Joins normalised tokens with one canonical spacing: a single space between tokens, none around `.` and
 * `::`, none inside brackets or before commas, and none between a function name and its `(`. The result
 * depends only on the token sequence, never on the input's own whitespace.
 */
export function joinCanonical(tokens: readonly NormToken[]): string {
  let out = '';
  let prev: NormToken | undefined;
  for (const t of tokens) {
    if (prev !== undefined && needsSpace(prev, t)) out += ' ';
    out += t.text;
    prev = t;
  }
  return out;
}
