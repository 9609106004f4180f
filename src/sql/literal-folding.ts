import type { Token, TokenKind } from './lexer.js';

/** A significant token after normalisation: case-folded text, literals replaced by `?`. */
export interface NormToken {
  readonly kind: TokenKind;
  readonly text: string;
}

export const PLACEHOLDER: NormToken = { kind: 'parameter', text: '?' };

const TYPED_LITERAL_KEYWORDS = new Set(['DATE', 'TIME', 'TIMESTAMP']);
const INTERVAL_UNITS = new Set(
  ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'].flatMap((u) => [
    u,
    `${u}S`,
  ]),
);
/** Keywords after which `-`/`+` is binary, not a sign; after any other keyword it is a sign. */
const VALUE_ENDING_KEYWORDS = new Set(['END', 'NULL', 'TRUE', 'FALSE']);
const BOOLEAN_LITERALS = new Set(['TRUE', 'FALSE']);
const INTERVAL_WORD = new Set(['INTERVAL']);
const TO_WORD = new Set(['TO']);

function isLiteral(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'parameter') return true;
  return t.kind === 'keyword' && BOOLEAN_LITERALS.has(t.value);
}

function isWord(t: Token | undefined, words: ReadonlySet<string>): boolean {
  return t !== undefined && (t.kind === 'keyword' || t.kind === 'identifier') && words.has(t.value);
}

function isSign(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'operator' && (t.text === '-' || t.text === '+');
}

/** A sign is unary when nothing that ends a value precedes it. */
function isUnaryPosition(prev: NormToken | undefined): boolean {
  if (prev === undefined) return true;
  if (prev.kind === 'operator') return true;
  if (prev.kind === 'punctuation') return prev.text !== ')' && prev.text !== ']';
  if (prev.kind === 'keyword') return !VALUE_ENDING_KEYWORDS.has(prev.text);
  return false;
}

/** Skips `(n)` precision after an interval unit; returns the index after it. */
function skipPrecision(sig: readonly Token[], i: number): number {
  if (sig[i]?.text !== '(') return i;
  let j = i + 1;
  while (j < sig.length && sig[j]!.text !== ')') j += 1;
  return Math.min(j + 1, sig.length);
}

/** Length of an `INTERVAL [sign] literal [unit [(p)] [TO unit [(p)]]]` run starting at `i`, or 0. */
function intervalLength(sig: readonly Token[], i: number): number {
  if (!isWord(sig[i], INTERVAL_WORD)) return 0;
  let j = i + 1;
  if (isSign(sig[j])) j += 1;
  if (!isLiteral(sig[j])) return 0;
  j += 1;
  if (!isWord(sig[j], INTERVAL_UNITS)) return j - i;
  j = skipPrecision(sig, j + 1);
  if (isWord(sig[j], TO_WORD) && isWord(sig[j + 1], INTERVAL_UNITS)) j = skipPrecision(sig, j + 2);
  return j - i;
}

function textOf(t: Token): string {
  if (t.kind === 'keyword' || t.kind === 'identifier') return t.value;
  return t.text;
}

function significantTokens(tokens: readonly Token[]): Token[] {
  const sig = tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
  while (sig.length > 0 && sig[sig.length - 1]!.text === ';') sig.pop();
  return sig;
}

/** Length of the literal starting at `i`: a typed literal, an interval, a plain literal, or 0 for none. */
function literalLength(sig: readonly Token[], i: number): number {
  const interval = intervalLength(sig, i);
  if (interval > 0) return interval;
  if (isWord(sig[i], TYPED_LITERAL_KEYWORDS) && sig[i + 1]?.kind === 'string') return 2;
  return isLiteral(sig[i]) ? 1 : 0;
}

/** Length of a run of signs in unary position that ends in a literal (`- -5`), or 0. */
function unarySignsLength(
  at: { readonly sig: readonly Token[]; readonly i: number },
  prev: NormToken | undefined,
): number {
  const { sig, i } = at;
  if (!isSign(sig[i]) || !isUnaryPosition(prev)) return 0;
  let j = i;
  while (isSign(sig[j])) j += 1;
  return literalLength(sig, j) > 0 ? j - i : 0;
}

/**
 * Appends `?`, first absorbing what would turn `?` into a bigger literal on a second pass: an `INTERVAL`
 * or a unary sign right before it (`INTERVAL INTERVAL '1' DAY` → `?`). That keeps `normalize` idempotent.
 */
function pushPlaceholder(out: NormToken[]): void {
  for (;;) {
    const prev = out[out.length - 1];
    if (prev === undefined) break;
    const isInterval = prev.kind === 'keyword' && prev.text === 'INTERVAL';
    const isUnarySign = prev.kind === 'operator' && (prev.text === '-' || prev.text === '+');
    if (!isInterval && !(isUnarySign && isUnaryPosition(out[out.length - 2]))) break;
    out.pop();
  }
  out.push(PLACEHOLDER);
}

/**
 * Drops comments, whitespace and trailing semicolons, case-folds words, and replaces every literal (strings,
 * numbers, booleans, parameters, typed literals such as `DATE '…'` and `INTERVAL '7' DAY`, and their signs)
 * by one `?`.
 */
export function foldLiterals(tokens: readonly Token[]): NormToken[] {
  const sig = significantTokens(tokens);
  const out: NormToken[] = [];
  let i = 0;
  while (i < sig.length) {
    i += unarySignsLength({ sig, i }, out[out.length - 1]);
    const t = sig[i];
    if (t === undefined) break;
    const literal = literalLength(sig, i);
    if (literal > 0) pushPlaceholder(out);
    else out.push({ kind: t.kind, text: textOf(t) });
    i += Math.max(literal, 1);
  }
  return out;
}
