import { asciiWordId, HASH_SEED, hashStep, upperWordId, W_KEYWORD, wordFlags } from './word-table.js';

/**
 * The one-pass lexer of the fast normaliser. It follows `lexer.ts` rule for rule, but it keeps only the
 * significant tokens (no whitespace, comments or trailing `;`) and writes them into reusable typed arrays
 * instead of allocating a `Token` per token: kind, source span, and for words the interned upper-case id
 * (`word-table.ts`) or for symbols their character codes. `lexer.ts` stays the reference; the agreement
 * tests in `fast-normalize.test.ts` hold the two together.
 */

export const K_KEYWORD = 1;
export const K_IDENT = 2;
export const K_QIDENT = 3;
export const K_STRING = 4;
export const K_NUMBER = 5;
export const K_PARAM = 6;
export const K_OP = 7;
export const K_PUNCT = 8;
export const K_UNKNOWN = 9;

/** A two-character operator's symbol code is `first << 8 | second`; `::` is the one the spacing rule names. */
export const SYM_CAST = (58 << 8) | 58;

/** The two-character operators of `lexer.ts`: <> != >= <= || :: => -> */
function isTwoCharOp(code: number, next: number): boolean {
  switch (code) {
    case 60: // <> <=
      return next === 62 || next === 61;
    case 33: // != >= =>
    case 62:
      return next === 61;
    case 61:
      return next === 62;
    case 124: // ||
      return next === 124;
    case 58: // ::
      return next === 58;
    case 45: // ->
      return next === 62;
    default:
      return false;
  }
}

/** Significant tokens of the last scan. `id` holds a word id for words, the symbol code for operators and
 *  punctuation. The arrays are replaced when they grow, so read them after `scanSignificant`. */
export const sig = {
  count: 0,
  kind: new Uint8Array(1024),
  start: new Int32Array(1024),
  end: new Int32Array(1024),
  id: new Int32Array(1024),
};

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{M}\p{N}\p{Pc}$]/u;

/** ASCII character classes, so the scanner's hot paths test one table entry instead of ranges. */
const C_WORD = 1;
const C_DIGIT = 2;
const C_SPACE = 4;
const C_PUNCT = 8;
const C_UPPER_OFFSET = 16;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$0-9]/.test(ch)) ASCII_CLASS[c]! |= C_WORD;
  if (/[0-9]/.test(ch)) ASCII_CLASS[c]! |= C_DIGIT;
  if (/[ \t\n\r\f\v]/.test(ch)) ASCII_CLASS[c]! |= C_SPACE;
  if (/[(),.;[\]{}]/.test(ch)) ASCII_CLASS[c]! |= C_PUNCT;
  if (/[a-z]/.test(ch)) ASCII_CLASS[c]! |= C_UPPER_OFFSET;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `/\s/u` for one UTF-16 unit at or above 128 (the ASCII ones are tested inline). */
export function isWideSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isAsciiLetterOrUnderscore(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isAsciiWordPart(code: number): boolean {
  return code < 128 && (ASCII_CLASS[code]! & C_WORD) !== 0;
}

function ensureCapacity(size: number): void {
  if (sig.kind.length >= size) return;
  let cap = sig.kind.length;
  while (cap < size) cap *= 2;
  sig.kind = new Uint8Array(cap);
  sig.start = new Int32Array(cap);
  sig.end = new Int32Array(cap);
  sig.id = new Int32Array(cap);
}

function push(kind: number, start: number, end: number, id: number): void {
  const n = sig.count;
  sig.kind[n] = kind;
  sig.start[n] = start;
  sig.end[n] = end;
  sig.id[n] = id;
  sig.count = n + 1;
}

/** End of a quoted run whose quote is escaped by doubling; an unterminated one runs to the end. */
function quotedEnd(sql: string, openAt: number): number {
  const quote = sql[openAt]!;
  let i = openAt + 1;
  for (;;) {
    const close = sql.indexOf(quote, i);
    if (close < 0) return sql.length;
    if (sql.charCodeAt(close + 1) !== sql.charCodeAt(openAt)) return close + 1;
    i = close + 2;
  }
}

function numberEnd(sql: string, start: number): number {
  let i = start;
  while (isDigit(sql.charCodeAt(i))) i++;
  if (sql.charCodeAt(i) === 46 && (i > start || isDigit(sql.charCodeAt(i + 1)))) {
    i++;
    while (isDigit(sql.charCodeAt(i))) i++;
  }
  const e = sql.charCodeAt(i);
  if (e === 101 || e === 69) {
    const s = sql.charCodeAt(i + 1);
    const sign = s === 43 || s === 45 ? 1 : 0;
    if (isDigit(sql.charCodeAt(i + 1 + sign))) {
      i += 1 + sign;
      while (isDigit(sql.charCodeAt(i))) i++;
    }
  }
  return i;
}

/** End of a word whose first unit is at `start`, as `lexer.ts` scans it: ASCII inline, the rest by regex. */
function wordEnd(sql: string, start: number): number {
  let i = start + 1;
  while (i < sql.length) {
    const code = sql.charCodeAt(i);
    if (isAsciiWordPart(code)) {
      i++;
      continue;
    }
    if (code < 128) break;
    const ch = String.fromCodePoint(sql.codePointAt(i)!);
    if (!WORD_PART.test(ch)) break;
    i += ch.length;
  }
  return i;
}

function pushed(kind: number, start: number, end: number): number {
  push(kind, start, end, 0);
  return end;
}

/** Set by `wordAt`: the id of the word it scanned. */
let lastWordId = 0;

/** Scans the word at `start` (keyword or identifier) and returns its end; its id goes to `lastWordId`. */
function wordAt(sql: string, start: number): number {
  let hash = HASH_SEED;
  let i = start;
  let code = sql.charCodeAt(i);
  for (;;) {
    const cls = code < 128 ? ASCII_CLASS[code]! : 0;
    if ((cls & C_WORD) === 0) break;
    hash = hashStep(hash, cls & C_UPPER_OFFSET ? code - 32 : code);
    code = sql.charCodeAt(++i);
  }
  if (i > start && !(code >= 128)) {
    lastWordId = asciiWordId(sql, start, i, hash);
    return i;
  }
  i = wordEnd(sql, start);
  lastWordId = upperWordId(sql.slice(start, i).toUpperCase());
  return i;
}

function isWordStartAt(sql: string, i: number): boolean {
  const code = sql.charCodeAt(i);
  if (code < 128) return isAsciiLetterOrUnderscore(code);
  return WORD_START.test(String.fromCodePoint(sql.codePointAt(i)!));
}

/** Strings, quoted identifiers, numbers and words; returns the end, or -1 when none starts here. */
function scanLiteralOrWord(sql: string, i: number, code: number): number {
  const next = sql.charCodeAt(i + 1);
  if (code === 39) return pushed(K_STRING, i, quotedEnd(sql, i));
  if (code === 34 || code === 96) return pushed(K_QIDENT, i, quotedEnd(sql, i));
  if ((code === 120 || code === 88 || code === 110 || code === 78) && next === 39) {
    return pushed(K_STRING, i, quotedEnd(sql, i + 1));
  }
  if (isDigit(code) || (code === 46 && isDigit(next))) return pushed(K_NUMBER, i, numberEnd(sql, i));
  if (isWordStartAt(sql, i)) {
    const end = wordAt(sql, i);
    push(wordFlags(lastWordId) & W_KEYWORD ? K_KEYWORD : K_IDENT, i, end, lastWordId);
    return end;
  }
  return -1;
}

/** `?`, `$1` and `:name` parameters; returns the end, or -1. */
function scanParameter(sql: string, i: number, code: number): number {
  if (code === 63) return pushed(K_PARAM, i, i + 1);
  const next = sql.charCodeAt(i + 1);
  if (code === 36 && isDigit(next)) {
    let j = i + 1;
    while (isDigit(sql.charCodeAt(j))) j++;
    return pushed(K_PARAM, i, j);
  }
  if (code === 58 && i + 1 < sql.length && sql.charCodeAt(i - 1) !== 58) {
    // `lexer.ts` tests the single unit after `:`, so a surrogate pair never starts a parameter name.
    const starts = next < 128 ? isAsciiLetterOrUnderscore(next) : WORD_START.test(sql[i + 1]!);
    if (starts) return pushed(K_PARAM, i, wordEnd(sql, i + 1));
  }
  return -1;
}

function scanSymbol(sql: string, i: number, code: number): number {
  const next = sql.charCodeAt(i + 1);
  if (isTwoCharOp(code, next)) {
    push(K_OP, i, i + 2, (code << 8) | next);
    return i + 2;
  }
  switch (code) {
    case 43: // + - * / % = < > ! | & ^ ~ : @
    case 45:
    case 42:
    case 47:
    case 37:
    case 61:
    case 60:
    case 62:
    case 33:
    case 124:
    case 38:
    case 94:
    case 126:
    case 58:
    case 64:
      push(K_OP, i, i + 1, code);
      return i + 1;
    case 40: // ( ) , . ; [ ] { }
    case 41:
    case 44:
    case 46:
    case 59:
    case 91:
    case 93:
    case 123:
    case 125:
      push(K_PUNCT, i, i + 1, code);
      return i + 1;
    default: {
      const end = i + (sql.codePointAt(i)! > 0xffff ? 2 : 1);
      push(K_UNKNOWN, i, end, 0);
      return end;
    }
  }
}

/** Comments: returns the end, or -1 when none starts here. */
function commentEnd(sql: string, i: number, code: number): number {
  const next = sql.charCodeAt(i + 1);
  if ((code === 45 && next === 45) || (code === 47 && next === 47)) {
    let j = i + 2;
    for (;;) {
      const c = sql.charCodeAt(j);
      if (j >= sql.length || c === 10 || c === 13) return j;
      j++;
    }
  }
  if (code === 47 && next === 42) {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  return -1;
}

/** Scans `sql` into `sig`, dropping whitespace, comments and trailing semicolons. */
export function scanSignificant(sql: string): void {
  ensureCapacity(sql.length + 1);
  sig.count = 0;
  const length = sql.length;
  let i = 0;
  while (i < length) {
    const code = sql.charCodeAt(i);
    const cls = code < 128 ? ASCII_CLASS[code]! : 0;
    if ((cls & C_SPACE) !== 0 || (code >= 128 && isWideSpace(code))) {
      i++;
      continue;
    }
    if ((cls & C_DIGIT) !== 0) {
      i = pushed(K_NUMBER, i, numberEnd(sql, i));
      continue;
    }
    if ((cls & C_PUNCT) !== 0 && !(code === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      push(K_PUNCT, i, i + 1, code);
      i++;
      continue;
    }
    if ((cls & C_WORD) !== 0 && code !== 36 && sql.charCodeAt(i + 1) !== 39) {
      // The common case, a plain word, skips the chain below (the `'` test leaves X'0A' and N'…' to it).
      const end = wordAt(sql, i);
      push(wordFlags(lastWordId) & W_KEYWORD ? K_KEYWORD : K_IDENT, i, end, lastWordId);
      i = end;
      continue;
    }
    let end = commentEnd(sql, i, code);
    if (end < 0) end = scanLiteralOrWord(sql, i, code);
    if (end < 0) end = scanParameter(sql, i, code);
    if (end < 0) end = scanSymbol(sql, i, code);
    i = end;
  }
  while (sig.count > 0 && sig.kind[sig.count - 1] === K_PUNCT && sig.id[sig.count - 1] === 59) sig.count--;
}
