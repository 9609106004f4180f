import { folded, foldScanned, PLACEHOLDER_REF } from './fast-fold.js';
import {
  K_IDENT,
  K_KEYWORD,
  K_OP,
  K_PARAM,
  K_PUNCT,
  K_QIDENT,
  SYM_CAST,
  scanSignificant,
  sig,
} from './fast-scan.js';
import { trimWordTable, W_CALLABLE, W_IN, W_NARROW, W_VALUES, wordFlags, wordText } from './word-table.js';

/**
 * The production path of `normalize()`: the same canonical text, computed by scanning once into reusable
 * typed arrays (`fast-scan.ts`), folding literals over them (`fast-fold.ts`), then collapsing lists and
 * writing the text with canonical spacing into one reusable buffer, with no object per token. It must
 * return exactly what `normalize()` returns for every input, because stored fingerprints hash that text;
 * `normalize()` stays as the readable reference and `fast-normalize.test.ts` proves they agree.
 */

// Text is written as Latin-1 bytes (the common case, decoded natively by `latin1Slice`) until a wider
// character appears; then it moves to UTF-16 units for the rest of that query.
let narrow = Buffer.allocUnsafe(4096);
let wideOut = new Uint16Array(0);
let wide = false;
let length = 0;
let prevKind = 0;
let prevSym = 0;
let prevRef = 0;

/**
 * Sizes the buffer once per query. The text cannot outgrow 4 units per input unit: every token written
 * stands for its own input token of at least one unit, a word's upper case is at most 3 units per unit
 * (`'ΐ'.toUpperCase()` is 3), `?` is shorter than what it replaces, and there is at most one space per
 * token. `fastNormalize` still checks the final length and writes again if that ever fails.
 */
function ensureOutput(size: number): void {
  if (narrow.length >= size) return;
  let cap = narrow.length * 2;
  while (cap < size) cap *= 2;
  narrow = Buffer.allocUnsafe(cap);
}

function widen(): void {
  wide = true;
  if (wideOut.length < narrow.length) wideOut = new Uint16Array(narrow.length);
  const units = wideOut;
  for (let k = 0; k < length; k++) units[k] = narrow[k]!;
}

function put(code: number): void {
  if (code > 255 && !wide) widen();
  if (wide) wideOut[length++] = code;
  else narrow[length++] = code;
}

function kindOf(ref: number): number {
  return ref === PLACEHOLDER_REF ? K_PARAM : sig.kind[ref]!;
}

function symOf(ref: number, kind: number): number {
  return kind === K_OP || kind === K_PUNCT ? sig.id[ref]! : 0;
}

/** `canonical-spacing.ts`'s rule, on kinds and symbol codes. */
function needsSpace(kind: number, sym: number): boolean {
  if (prevKind === K_OP && kind === K_OP) return true;
  if (prevKind === K_PUNCT && (prevSym === 40 || prevSym === 46 || prevSym === 91)) return false;
  if (prevKind === K_OP && prevSym === SYM_CAST) return false;
  if (kind === K_PUNCT) {
    if (sym === 41 || sym === 44 || sym === 46 || sym === 59 || sym === 93 || sym === 91) return false;
    if (sym === 40) {
      if (prevKind === K_IDENT || prevKind === K_QIDENT) return false;
      if (prevKind === K_KEYWORD && (wordFlags(sig.id[prevRef]!) & W_CALLABLE) !== 0) return false;
    }
  }
  if (kind === K_OP && sym === SYM_CAST) return false;
  return true;
}

function writeText(sql: string, ref: number, kind: number): void {
  if (kind === K_PARAM) {
    put(63);
    return;
  }
  if (kind === K_KEYWORD || kind === K_IDENT) {
    const id = sig.id[ref]!;
    const text = wordText(id);
    if (wide || (wordFlags(id) & W_NARROW) === 0) {
      for (let k = 0; k < text.length; k++) put(text.charCodeAt(k));
    } else {
      for (let k = 0; k < text.length; k++) narrow[length++] = text.charCodeAt(k);
    }
    return;
  }
  const end = sig.end[ref]!;
  if (!wide && (kind === K_OP || kind === K_PUNCT)) {
    for (let k = sig.start[ref]!; k < end; k++) narrow[length++] = sql.charCodeAt(k);
    return;
  }
  for (let k = sig.start[ref]!; k < end; k++) put(sql.charCodeAt(k));
}

function emit(sql: string, ref: number): void {
  const kind = kindOf(ref);
  const sym = symOf(ref, kind);
  if (prevKind !== 0 && needsSpace(kind, sym)) {
    put(32);
  }
  writeText(sql, ref, kind);
  prevKind = kind;
  prevSym = sym;
  prevRef = ref;
}

function emitRange(sql: string, from: number, to: number): void {
  for (let k = from; k <= to; k++) emit(sql, folded.ref[k]!);
}

function isPunctAt(k: number, code: number): boolean {
  if (k >= folded.count) return false;
  const ref = folded.ref[k]!;
  return ref !== PLACEHOLDER_REF && sig.kind[ref] === K_PUNCT && sig.id[ref] === code;
}

function isKeywordWith(ref: number, flag: number): boolean {
  return ref !== PLACEHOLDER_REF && sig.kind[ref] === K_KEYWORD && (wordFlags(sig.id[ref]!) & flag) !== 0;
}

/** Index of the `)` closing the `(` at `open`, or -1 when it is never closed. */
function closingParen(open: number): number {
  let depth = 0;
  for (let k = open; k < folded.count; k++) {
    if (isPunctAt(k, 40)) depth++;
    else if (isPunctAt(k, 41)) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

function isLiteralList(from: number, to: number): boolean {
  if ((to - from) % 2 === 0) return false;
  for (let k = from; k < to; k++) {
    if ((k - from) % 2 === 0 ? folded.ref[k] !== PLACEHOLDER_REF : !isPunctAt(k, 44)) return false;
  }
  return true;
}

function sameToken(sql: string, a: number, b: number): boolean {
  if (a === PLACEHOLDER_REF || b === PLACEHOLDER_REF) return a === b;
  const kind = sig.kind[a];
  if (kind !== sig.kind[b]) return false;
  if (kind === K_KEYWORD || kind === K_IDENT || kind === K_OP || kind === K_PUNCT)
    return sig.id[a] === sig.id[b];
  const from = sig.start[a]!;
  const size = sig.end[a]! - from;
  if (size !== sig.end[b]! - sig.start[b]!) return false;
  const offset = sig.start[b]! - from;
  for (let k = from; k < from + size; k++) if (sql.charCodeAt(k) !== sql.charCodeAt(k + offset)) return false;
  return true;
}

function sameTuples(sql: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) {
    if (!sameToken(sql, folded.ref[a + k]!, folded.ref[b + k]!)) return false;
  }
  return true;
}

/** Writes the tuples after VALUES at `start` except repeats of the first; returns the index after them. */
function collapseValues(sql: string, start: number): number {
  const firstClose = isPunctAt(start, 40) ? closingParen(start) : -1;
  if (firstClose < 0) return start;
  emitRange(sql, start, firstClose);
  let k = firstClose + 1;
  while (isPunctAt(k, 44) && isPunctAt(k + 1, 40)) {
    const close = closingParen(k + 1);
    if (close < 0) break;
    const tuple = firstClose - start + 1;
    if (close - k !== tuple || !sameTuples(sql, start, k + 1, tuple)) emitRange(sql, k, close);
    k = close + 1;
  }
  return k;
}

/** `list-collapse.ts` fused with `canonical-spacing.ts`: emits the folded tokens into `out`. */
function collapseAndWrite(sql: string): void {
  let k = 0;
  while (k < folded.count) {
    const ref = folded.ref[k]!;
    emit(sql, ref);
    k++;
    if (isKeywordWith(ref, W_IN) && isPunctAt(k, 40)) {
      const close = closingParen(k);
      if (close > 0 && isLiteralList(k + 1, close)) {
        emit(sql, folded.ref[k]!);
        emit(sql, PLACEHOLDER_REF);
        emit(sql, folded.ref[close]!);
        k = close + 1;
      }
    } else if (isKeywordWith(ref, W_VALUES)) {
      k = collapseValues(sql, k);
    }
  }
}

/** Exactly `normalize(sql)`, without a token object per token. Never throws. */
export function fastNormalize(sql: string): string {
  trimWordTable();
  scanSignificant(sql);
  foldScanned();
  ensureOutput(4 * sql.length + 16);
  write(sql);
  // Typed arrays drop writes past their end, so an output longer than the bound above shows as a length
  // past the buffer; size for it and write again rather than return a truncated text.
  if (length > (wide ? wideOut.length : narrow.length)) {
    ensureOutput(length);
    write(sql);
  }
  return decode();
}

function write(sql: string): void {
  length = 0;
  wide = false;
  prevKind = 0;
  prevSym = 0;
  prevRef = 0;
  collapseAndWrite(sql);
}

function decode(): string {
  if (!wide) return narrow.toString('latin1', 0, length);
  return Buffer.from(wideOut.buffer, wideOut.byteOffset, length * 2).toString('utf16le');
}
