import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';
import { isWord, readPath, significant } from './token-path.js';

/**
 * The table and columns a Dremio-only statement names (reflection DDL, `OPTIMIZE TABLE`, `ALTER TABLE …
 * ADD|DROP PARTITION FIELD`, `CLUSTER BY`), read from tokens because sqlparser-rs does not know these
 * statements. Pure. `problem` is set when the statement does not have the shape Dremio expects.
 */
export interface DdlReferences {
  readonly table: readonly string[] | null;
  readonly columns: readonly string[];
  readonly problem: string | null;
}

/** Sections whose parenthesised list holds columns (and transforms of columns). */
const LIST_SECTIONS = ['DIMENSIONS', 'MEASURES', 'DISPLAY'];
const BY_SECTIONS = ['PARTITION', 'LOCALSORT', 'DISTRIBUTE', 'CLUSTER'];

function nameOf(t: Token | undefined): string | null {
  if (t === undefined) return null;
  if (t.kind === 'quoted-identifier') return t.value;
  if (t.kind === 'identifier' || t.kind === 'keyword') return t.text;
  return null;
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function closing(sig: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    if (sig[i]!.text === '(') depth++;
    else if (sig[i]!.text === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Column names in `sig[from..to)`: names not followed by `(` (those are transforms such as `day(ts)`),
 * with the measure types of `MEASURES (c (SUM, COUNT))` skipped when `measures`.
 */
function columnsIn(sig: readonly Token[], from: number, to: number, measures: boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = sig[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (measures && depth > 0) continue;
    else if (t.kind === 'identifier' || t.kind === 'quoted-identifier') {
      if (sig[i + 1]?.text !== '(' && sig[i - 1]?.text !== '.') out.push(nameOf(t)!);
    }
  }
  return out;
}

function listAfter(sig: readonly Token[], at: number, measures: boolean): { columns: string[]; end: number } {
  if (sig[at]?.text !== '(') return { columns: [], end: at };
  const close = closing(sig, at);
  if (close < 0) return { columns: [], end: sig.length };
  // Measures: each item is `col` or `col (SUM, COUNT)`, so only depth-1 names count.
  return { columns: columnsIn(sig, at + 1, close, measures), end: close + 1 };
}

function tableAfterKeyword(sig: readonly Token[]): { path: readonly string[]; end: number } | null {
  for (let i = 0; i < Math.min(sig.length, 6); i++) {
    if (isWord(sig[i], 'TABLE') || isWord(sig[i], 'DATASET') || isWord(sig[i], 'VIEW')) {
      const path = readPath(sig, i + 1);
      return path === null ? null : { path: path.path, end: path.end };
    }
  }
  return null;
}

/** Reads the target and the columns of reflection DDL, OPTIMIZE TABLE and partition/cluster changes. */
export function ddlReferences(sql: string): DdlReferences {
  const sig = significant(tokenize(sql)).filter((t) => t.text !== ';');
  const target = tableAfterKeyword(sig);
  if (target === null)
    return { table: null, columns: [], problem: 'expected a table path after TABLE (or DATASET, VIEW)' };
  let depth = 0;
  for (const t of sig) depth += t.text === '(' ? 1 : t.text === ')' ? -1 : 0;
  if (depth !== 0) return { table: target.path, columns: [], problem: 'unbalanced parentheses' };
  const columns: string[] = [];
  let problem: string | null = null;
  const creates = sig.some((t) => isWord(t, 'CREATE')) && sig.some((t) => isWord(t, 'REFLECTION'));
  if (creates && !sig.some((t) => isWord(t, 'USING')))
    problem = 'CREATE … REFLECTION needs USING DIMENSIONS/MEASURES (aggregate) or USING DISPLAY (raw)';
  for (let i = target.end; i < sig.length; i++) {
    const t = sig[i]!;
    if (LIST_SECTIONS.some((w) => isWord(t, w))) {
      const list = listAfter(sig, i + 1, isWord(t, 'MEASURES'));
      columns.push(...list.columns);
    } else if (BY_SECTIONS.some((w) => isWord(t, w)) && isWord(sig[i + 1], 'BY')) {
      columns.push(...listAfter(sig, i + 2, false).columns);
    } else if (isWord(t, 'FIELD') && isWord(sig[i - 1], 'PARTITION')) {
      // `ADD PARTITION FIELD ts`, `… FIELD day(ts)`, `… FIELD bucket(16, id)`.
      const next = sig[i + 1];
      if (sig[i + 2]?.text === '(') columns.push(...listAfter(sig, i + 2, false).columns);
      else if (next !== undefined && nameOf(next) !== null) columns.push(nameOf(next)!);
      else problem = 'expected a column or a transform after PARTITION FIELD';
    } else if (isWord(t, 'PARTITIONS') && isWord(sig[i - 1], 'FOR')) {
      // `OPTIMIZE TABLE t FOR PARTITIONS day_col > '2024-01-01'`: the filter's columns.
      columns.push(...columnsIn(sig, i + 1, sig.length, false));
      break;
    }
  }
  return { table: target.path, columns: [...new Set(columns)], problem };
}
