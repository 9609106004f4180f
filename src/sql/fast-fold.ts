import { K_IDENT, K_KEYWORD, K_NUMBER, K_OP, K_PARAM, K_PUNCT, K_STRING, sig } from './fast-scan.js';
import { W_BOOLEAN, W_INTERVAL, W_TO, W_TYPED, W_UNIT, W_VALUE_ENDING, wordFlags } from './word-table.js';

/**
 * `literal-folding.ts` over the scanner's arrays: replaces every literal (with its sign, `INTERVAL` or type
 * keyword) by one placeholder. The output is a list of indexes into `sig`, `PLACEHOLDER_REF` for `?`,
 * so no token objects are made. The reference implementation stays in `literal-folding.ts`.
 */

export const PLACEHOLDER_REF = -1;

/** Words that can begin a literal: `INTERVAL`, `DATE`/`TIME`/`TIMESTAMP`, `TRUE`/`FALSE`. */
const LITERAL_STARTS = W_INTERVAL | W_TYPED | W_BOOLEAN;

export const folded = { count: 0, ref: new Int32Array(1024) };

function isSign(j: number): boolean {
  if (j >= sig.count || sig.kind[j] !== K_OP) return false;
  const sym = sig.id[j];
  return sym === 45 || sym === 43;
}

function hasWordFlag(j: number, flag: number): boolean {
  if (j >= sig.count) return false;
  const kind = sig.kind[j];
  return (kind === K_KEYWORD || kind === K_IDENT) && (wordFlags(sig.id[j]!) & flag) !== 0;
}

function isLiteral(j: number): boolean {
  if (j >= sig.count) return false;
  const kind = sig.kind[j];
  if (kind === K_STRING || kind === K_NUMBER || kind === K_PARAM) return true;
  return kind === K_KEYWORD && (wordFlags(sig.id[j]!) & W_BOOLEAN) !== 0;
}

function isPunct(j: number, code: number): boolean {
  return j < sig.count && sig.kind[j] === K_PUNCT && sig.id[j] === code;
}

/** Whether the folded token at `at` (or nothing, below 0) leaves a following sign unary. */
export function isUnaryAfter(at: number): boolean {
  if (at < 0) return true;
  const ref = folded.ref[at]!;
  if (ref === PLACEHOLDER_REF) return false;
  const kind = sig.kind[ref];
  if (kind === K_OP) return true;
  if (kind === K_PUNCT) return sig.id[ref] !== 41 && sig.id[ref] !== 93;
  if (kind === K_KEYWORD) return (wordFlags(sig.id[ref]!) & W_VALUE_ENDING) === 0;
  return false;
}

function skipPrecision(i: number): number {
  if (!isPunct(i, 40)) return i;
  let j = i + 1;
  while (j < sig.count && !isPunct(j, 41)) j++;
  return Math.min(j + 1, sig.count);
}

function intervalLength(i: number): number {
  if (!hasWordFlag(i, W_INTERVAL)) return 0;
  let j = i + 1;
  if (isSign(j)) j++;
  if (!isLiteral(j)) return 0;
  j++;
  if (!hasWordFlag(j, W_UNIT)) return j - i;
  j = skipPrecision(j + 1);
  if (hasWordFlag(j, W_TO) && hasWordFlag(j + 1, W_UNIT)) j = skipPrecision(j + 2);
  return j - i;
}

function literalLength(i: number): number {
  const interval = intervalLength(i);
  if (interval > 0) return interval;
  if (hasWordFlag(i, W_TYPED) && i + 1 < sig.count && sig.kind[i + 1] === K_STRING) return 2;
  return isLiteral(i) ? 1 : 0;
}

function unarySignsLength(i: number): number {
  if (!isSign(i) || !isUnaryAfter(folded.count - 1)) return 0;
  let j = i;
  while (isSign(j)) j++;
  return literalLength(j) > 0 ? j - i : 0;
}

/** Drops an `INTERVAL` or unary sign left right before a placeholder, as `pushPlaceholder` does. */
function pushPlaceholder(): void {
  for (;;) {
    const at = folded.count - 1;
    if (at < 0) break;
    const ref = folded.ref[at]!;
    if (ref === PLACEHOLDER_REF) break;
    const kind = sig.kind[ref];
    const isInterval = kind === K_KEYWORD && (wordFlags(sig.id[ref]!) & W_INTERVAL) !== 0;
    const isUnarySign = kind === K_OP && (sig.id[ref] === 45 || sig.id[ref] === 43);
    if (!isInterval && !(isUnarySign && isUnaryAfter(at - 1))) break;
    folded.count--;
  }
  folded.ref[folded.count++] = PLACEHOLDER_REF;
}

/** Folds the literals of the last `scanSignificant` into `folded`. */
export function foldScanned(): void {
  if (folded.ref.length < sig.count) folded.ref = new Int32Array(sig.kind.length);
  folded.count = 0;
  let i = 0;
  while (i < sig.count) {
    const kind = sig.kind[i]!;
    if (kind === K_NUMBER || kind === K_STRING || kind === K_PARAM) {
      pushPlaceholder();
      i++;
      continue;
    }
    if (
      kind !== K_OP &&
      !((kind === K_KEYWORD || kind === K_IDENT) && (wordFlags(sig.id[i]!) & LITERAL_STARTS) !== 0)
    ) {
      // Not a sign and cannot start a literal: the rules below would copy it as it is.
      folded.ref[folded.count++] = i;
      i++;
      continue;
    }
    i += unarySignsLength(i);
    if (i >= sig.count) break;
    const literal = literalLength(i);
    if (literal > 0) pushPlaceholder();
    else folded.ref[folded.count++] = i;
    i += Math.max(literal, 1);
  }
}
