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

/** Whether tokens are only `?` separated by commas: a literal list. */
function isLiteralList(inner: readonly NormToken[]): boolean {
  if (inner.length % 2 === 0) return false;
  return inner.every((t, k) => (k % 2 === 0 ? isPlaceholder(t) : t.text === ','));
}

function sameTokens(a: readonly NormToken[], b: readonly NormToken[]): boolean {
  return a.length === b.length && a.every((x, k) => x.kind === b[k]!.kind && x.text === b[k]!.text);
}

/** The tuples after VALUES, without those identical to the first, and the index after the last tuple. */
function collapseValues(tokens: readonly NormToken[], start: number): { kept: NormToken[]; next: number } {
  const firstClose = tokens[start]?.text === '(' ? closingParen(tokens, start) : -1;
  if (firstClose < 0) return { kept: [], next: start };
  const first = tokens.slice(start, firstClose + 1);
  const kept = [...first];
  let i = firstClose + 1;
  while (tokens[i]?.text === ',' && tokens[i + 1]?.text === '(') {
    const close = closingParen(tokens, i + 1);
    if (close < 0) break;
    if (!sameTokens(first, tokens.slice(i + 1, close + 1))) kept.push(...tokens.slice(i, close + 1));
    i = close + 1;
  }
  return { kept, next: i };
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
      if (close > 0 && isLiteralList(tokens.slice(i + 1, close))) {
        out.push(tokens[i]!, PLACEHOLDER, tokens[close]!);
        i = close + 1;
      }
    } else if (isWord(t, 'VALUES')) {
      const values = collapseValues(tokens, i);
      out.push(...values.kept);
      i = values.next;
    }
  }
  return out;
}
