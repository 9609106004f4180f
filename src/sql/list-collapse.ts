import type { NormToken } from './literal-folding.js';
import { PLACEHOLDER } from './literal-folding.js';

function isWord(t: NormToken | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'keyword' && t.text === word;
}

function isPlaceholder(t: NormToken | undefined): boolean {
  return t !== undefined && t.kind === 'parameter';
}

/** Index of the `)` closing the `(` at `open`, or -1 when it is never closed. */
function closingParen(tokens: readonly NormToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const text = tokens[i]!.text;
    if (tokens[i]!.kind !== 'punctuation') continue;
    if (text === '(') depth += 1;
    else if (text === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Whether tokens in (open, close) are only `?` separated by commas: a literal list. */
function isLiteralList(tokens: readonly NormToken[], open: number, close: number): boolean {
  if (close - open < 2) return false;
  for (let i = open + 1; i < close; i += 1) {
    const expectPlaceholder = (i - open) % 2 === 1;
    const t = tokens[i]!;
    if (expectPlaceholder ? !isPlaceholder(t) : t.text !== ',') return false;
  }
  return isPlaceholder(tokens[close - 1]);
}

function sameRun(tokens: readonly NormToken[], a: readonly [number, number], b: readonly [number, number]) {
  if (a[1] - a[0] !== b[1] - b[0]) return false;
  for (let k = 0; k <= a[1] - a[0]; k += 1) {
    const x = tokens[a[0] + k]!;
    const y = tokens[b[0] + k]!;
    if (x.kind !== y.kind || x.text !== y.text) return false;
  }
  return true;
}

/** Appends the tuples after VALUES, dropping each tuple identical to the first; returns the next index. */
function collapseValues(tokens: readonly NormToken[], start: number, out: NormToken[]): number {
  const firstClose = tokens[start]?.text === '(' ? closingParen(tokens, start) : -1;
  if (firstClose < 0) return start;
  const first = [start, firstClose] as const;
  out.push(...tokens.slice(start, firstClose + 1));
  let i = firstClose + 1;
  while (tokens[i]?.text === ',' && tokens[i + 1]?.text === '(') {
    const close = closingParen(tokens, i + 1);
    if (close < 0) break;
    if (!sameRun(tokens, first, [i + 1, close])) out.push(...tokens.slice(i, close + 1));
    i = close + 1;
  }
  return i;
}

/**
 * Collapses `IN (?, ?, …)` to `IN (?)` and repeated identical `VALUES` tuples to one, so a query's
 * fingerprint does not depend on how many values it lists.
 */
export function collapseLists(tokens: readonly NormToken[]): NormToken[] {
  const out: NormToken[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    out.push(t);
    i += 1;
    if (isWord(t, 'IN') && tokens[i]?.text === '(') {
      const close = closingParen(tokens, i);
      if (close > 0 && isLiteralList(tokens, i, close)) {
        out.push(tokens[i]!, PLACEHOLDER, tokens[close]!);
        i = close + 1;
      }
    } else if (isWord(t, 'VALUES')) {
      i = collapseValues(tokens, i, out);
    }
  }
  return out;
}
