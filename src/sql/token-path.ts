import type { Token } from './lexer.js';

export interface TokenPath {
  readonly path: readonly string[];
  /** Index just after the path's last token. */
  readonly end: number;
}

function namePart(t: Token | undefined, afterDot: boolean): string | null {
  if (t === undefined) return null;
  if (t.kind === 'quoted-identifier') return t.value;
  if (t.kind === 'identifier') return t.text;
  // After a dot any word is a name: `sys.jobs`, `s.date`.
  return afterDot && t.kind === 'keyword' ? t.text : null;
}

/** Reads a dotted name (`a."b c".d`) from significant tokens at `start`; null when none starts there. */
export function readPath(sig: readonly Token[], start: number): TokenPath | null {
  const first = namePart(sig[start], false);
  if (first === null) return null;
  const path = [first];
  let i = start + 1;
  while (sig[i]?.text === '.') {
    const part = namePart(sig[i + 1], true);
    if (part === null) break;
    path.push(part);
    i += 2;
  }
  return { path, end: i };
}

export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
}

/** Whether a token is the given (upper-case) word, keyword or not. */
export function isWord(t: Token | undefined, word: string): boolean {
  return t !== undefined && (t.kind === 'keyword' || t.kind === 'identifier') && t.value === word;
}
