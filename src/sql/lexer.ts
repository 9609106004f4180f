import { isKeyword } from './keywords.js';

/**
 * Lexer for Dremio's SQL (Apache Calcite's lexical rules). It never throws and its tokens cover every
 * character of the input, so `tokens.map((t) => t.text).join('') === sql` always holds; that is what lets
 * normalisation, redaction and the simulator rebuild text from tokens.
 */
export type TokenKind =
  | 'keyword'
  | 'identifier'
  | 'quoted-identifier'
  | 'string'
  | 'number'
  | 'parameter'
  | 'operator'
  | 'punctuation'
  | 'comment'
  | 'whitespace'
  | 'unknown';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Unescaped value: for strings without quotes and with '' → ', for quoted identifiers without quotes and "" → ",
   *  for keywords/identifiers the upper-cased text. */
  readonly value: string;
}

const MULTI_CHAR_OPERATORS = ['<>', '!=', '>=', '<=', '||', '::', '=>', '->'] as const;
const OPERATOR_CHARS = new Set(['+', '-', '*', '/', '%', '=', '<', '>', '!', '|', '&', '^', '~', ':', '@']);
const PUNCTUATION_CHARS = new Set(['(', ')', ',', '.', ';', '[', ']', '{', '}']);
/** Prefixes Calcite accepts before a string literal: X'0A' (binary) and N'…' (national). */
const STRING_PREFIXES = new Set(['x', 'X', 'n', 'N']);

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{M}\p{N}\p{Pc}$]/u;

interface Scan {
  readonly kind: TokenKind;
  readonly end: number;
  readonly value?: string;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isSpace(ch: string): boolean {
  return (
    ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || /\s/u.test(ch)
  );
}

/** Scans a quoted run whose quote is escaped by doubling; an unterminated one runs to the end of input. */
function scanQuoted(sql: string, openAt: number): { end: number; value: string } {
  const quote = sql[openAt];
  let value = '';
  let i = openAt + 1;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { end: i + 1, value };
    }
    value += ch;
    i += 1;
  }
  return { end: sql.length, value };
}

function scanNumber(sql: string, start: number): number {
  let i = start;
  while (isDigit(sql[i])) i += 1;
  if (sql[i] === '.' && (i > start || isDigit(sql[i + 1]))) {
    i += 1;
    while (isDigit(sql[i])) i += 1;
  }
  if (sql[i] === 'e' || sql[i] === 'E') {
    const sign = sql[i + 1] === '+' || sql[i + 1] === '-' ? 1 : 0;
    if (isDigit(sql[i + 1 + sign])) {
      i += 1 + sign;
      while (isDigit(sql[i])) i += 1;
    }
  }
  return i;
}

function isAsciiWordPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36
  );
}

function scanWord(sql: string, start: number): number {
  let i = start + 1;
  while (i < sql.length) {
    const code = sql.codePointAt(i)!;
    if (isAsciiWordPart(code)) {
      i += 1;
      continue;
    }
    // Only non-ASCII characters pay for the Unicode property test.
    const ch = String.fromCodePoint(code);
    if (code < 128 || !WORD_PART.test(ch)) break;
    i += ch.length;
  }
  return i;
}

function scanComment(sql: string, start: number): Scan | undefined {
  const two = sql.slice(start, start + 2);
  if (two === '--' || two === '//') {
    let i = start + 2;
    while (i < sql.length && sql[i] !== '\n' && sql[i] !== '\r') i += 1;
    return { kind: 'comment', end: i };
  }
  if (two === '/*') {
    const close = sql.indexOf('*/', start + 2);
    return { kind: 'comment', end: close < 0 ? sql.length : close + 2 };
  }
  return undefined;
}

function scanParameter(sql: string, start: number): Scan | undefined {
  const ch = sql[start];
  if (ch === '?') return { kind: 'parameter', end: start + 1 };
  if (ch === '$' && isDigit(sql[start + 1])) {
    let i = start + 1;
    while (isDigit(sql[i])) i += 1;
    return { kind: 'parameter', end: i };
  }
  const next = sql[start + 1];
  if (ch === ':' && next !== undefined && WORD_START.test(next) && sql[start - 1] !== ':') {
    return { kind: 'parameter', end: scanWord(sql, start + 1) };
  }
  return undefined;
}

function scanLiteralOrWord(sql: string, start: number): Scan | undefined {
  const ch = sql[start]!;
  if (ch === "'") {
    const q = scanQuoted(sql, start);
    return { kind: 'string', end: q.end, value: q.value };
  }
  if (ch === '"' || ch === '`') {
    const q = scanQuoted(sql, start);
    return { kind: 'quoted-identifier', end: q.end, value: q.value };
  }
  if (STRING_PREFIXES.has(ch) && sql[start + 1] === "'") {
    const q = scanQuoted(sql, start + 1);
    return { kind: 'string', end: q.end, value: q.value };
  }
  if (isDigit(ch) || (ch === '.' && isDigit(sql[start + 1]))) {
    return { kind: 'number', end: scanNumber(sql, start) };
  }
  const code = sql.codePointAt(start)!;
  if (WORD_START.test(String.fromCodePoint(code))) {
    const end = scanWord(sql, start);
    const word = sql.slice(start, end);
    return { kind: isKeyword(word) ? 'keyword' : 'identifier', end, value: word.toUpperCase() };
  }
  return undefined;
}

function scanSymbol(sql: string, start: number): Scan {
  const ch = sql[start]!;
  const two = sql.slice(start, start + 2);
  if ((MULTI_CHAR_OPERATORS as readonly string[]).includes(two)) return { kind: 'operator', end: start + 2 };
  if (OPERATOR_CHARS.has(ch)) return { kind: 'operator', end: start + 1 };
  if (PUNCTUATION_CHARS.has(ch)) return { kind: 'punctuation', end: start + 1 };
  // Keep surrogate pairs together so a token never splits a character.
  const width = String.fromCodePoint(sql.codePointAt(start)!).length;
  return { kind: 'unknown', end: start + width };
}

function scanAt(sql: string, start: number): Scan {
  const ch = sql[start]!;
  if (isSpace(ch)) {
    let i = start + 1;
    while (i < sql.length && isSpace(sql[i]!)) i += 1;
    return { kind: 'whitespace', end: i };
  }
  return (
    scanComment(sql, start) ??
    scanLiteralOrWord(sql, start) ??
    scanParameter(sql, start) ??
    scanSymbol(sql, start)
  );
}

/**
 * Splits SQL into tokens. Never throws; unterminated strings, quoted identifiers and block comments run to
 * the end of the input, and characters outside the dialect become `unknown` tokens.
 *
 * @example
 * tokenize(`select 'it''s'`).map((t) => t.kind); // ['keyword', 'whitespace', 'string']
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let start = 0;
  while (start < sql.length) {
    const scan = scanAt(sql, start);
    const text = sql.slice(start, scan.end);
    tokens.push({ kind: scan.kind, text, start, end: scan.end, value: scan.value ?? text });
    start = scan.end;
  }
  return tokens;
}
