import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';

const VERSION_WORDS = new Set(['SNAPSHOT', 'BRANCH', 'TAG', 'REF', 'REFERENCE', 'COMMIT', 'TIMESTAMP']);
const VALUE_KINDS = new Set(['string', 'number', 'identifier', 'quoted-identifier', 'parameter']);

function nextSignificant(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < tokens.length && (tokens[i]!.kind === 'whitespace' || tokens[i]!.kind === 'comment')) i += 1;
  return i;
}

/** End index (exclusive, in tokens) of an `AT <version> <value>` clause starting at `i`, or -1. */
function versionClauseEnd(tokens: readonly Token[], i: number): number {
  if (tokens[i]?.kind !== 'keyword' || tokens[i]!.value !== 'AT') return -1;
  const word = nextSignificant(tokens, i + 1);
  if (!VERSION_WORDS.has(tokens[word]?.value ?? '')) return -1;
  let value = nextSignificant(tokens, word + 1);
  // `AT TIMESTAMP TIMESTAMP '2024-…'`: the value itself can be a typed literal.
  if (tokens[value]?.value === 'TIMESTAMP' && tokens[value]?.kind === 'keyword') {
    value = nextSignificant(tokens, value + 1);
  }
  const t = tokens[value];
  return t !== undefined && VALUE_KINDS.has(t.kind) ? value + 1 : -1;
}

/**
 * Blanks Dremio's time-travel and versioning clauses (`AT SNAPSHOT '…'`, `AT BRANCH main`, `AT TAG "v1"`,
 * `AT TIMESTAMP '…'`) that generic SQL parsers reject. They are replaced by spaces of the same length, so
 * offsets into the statement stay valid.
 */
export function stripTimeTravel(sql: string): string {
  const tokens = tokenize(sql);
  let out = '';
  let i = 0;
  while (i < tokens.length) {
    const end = versionClauseEnd(tokens, i);
    if (end < 0) {
      out += tokens[i]!.text;
      i += 1;
      continue;
    }
    for (let k = i; k < end; k += 1) out += tokens[k]!.text.replace(/[^\n]/g, ' ');
    i = end;
  }
  return out;
}
