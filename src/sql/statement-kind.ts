import type { SqlStatementKind, SqlTableRef } from '../domain/sql-facts.js';
import type { Token } from './lexer.js';
import { tableRef } from './table-path.js';
import { isWord, readPath } from './token-path.js';

export interface StatementClass {
  readonly kind: SqlStatementKind;
  readonly target: SqlTableRef | null;
}

const OBJECT_WORDS = ['TABLE', 'VIEW', 'VDS', 'PDS', 'DATASET', 'FOLDER', 'SPACE', 'SOURCE'];
const SIMPLE_KINDS: Readonly<Record<string, SqlStatementKind>> = {
  SELECT: 'select',
  WITH: 'select',
  VALUES: 'select',
  '(': 'select',
  UPDATE: 'update',
  MERGE: 'merge',
  DELETE: 'delete',
  OPTIMIZE: 'optimize',
  VACUUM: 'vacuum',
  COPY: 'copy-into',
  DROP: 'drop',
  SHOW: 'show',
  DESCRIBE: 'describe',
  DESC: 'describe',
  EXPLAIN: 'explain',
  USE: 'use',
  SET: 'set',
  RESET: 'set',
};

function containsWord(sig: readonly Token[], word: string): boolean {
  return sig.some((t) => isWord(t, word));
}

/** Skips `IF EXISTS` / `IF NOT EXISTS` at `i`. */
function skipIfExists(sig: readonly Token[], i: number): number {
  if (!isWord(sig[i], 'IF')) return i;
  return isWord(sig[i + 1], 'NOT') ? i + 3 : i + 2;
}

/** The path after the first object word (`TABLE x`, `VIEW x`), after `INTO`, or after a leading verb. */
function findTarget(sig: readonly Token[]): SqlTableRef | null {
  const limit = Math.min(sig.length, 12);
  for (let i = 0; i < limit; i += 1) {
    const t = sig[i]!;
    const word = t.kind === 'keyword' || t.kind === 'identifier' ? t.value : '';
    const leadsDelete = i === 1 && word === 'FROM' && sig[0]!.value === 'DELETE';
    if (OBJECT_WORDS.includes(word) || word === 'INTO' || leadsDelete || (i === 0 && word === 'UPDATE')) {
      const path = readPath(sig, skipIfExists(sig, i + 1));
      if (path !== null) return tableRef(path.path, null);
    }
  }
  return null;
}

function createKind(sig: readonly Token[]): SqlStatementKind {
  const object = sig.slice(1, 5).find((t) => OBJECT_WORDS.includes(t.value))?.value;
  if (object === 'VIEW' || object === 'VDS') return 'create-view';
  if (object === 'TABLE') return containsWord(sig, 'AS') ? 'ctas' : 'create-table';
  return 'other';
}

function alterKind(sig: readonly Token[]): SqlStatementKind {
  if (isWord(sig[1], 'SESSION') || isWord(sig[1], 'SYSTEM')) return 'set';
  if (containsWord(sig, 'REFLECTION') || containsWord(sig, 'ACCELERATION')) return 'ddl-reflection';
  if (containsWord(sig, 'REFRESH') && containsWord(sig, 'METADATA')) return 'refresh-metadata';
  return 'alter';
}

function leadingKind(sig: readonly Token[]): SqlStatementKind {
  const first = sig[0];
  if (first === undefined) return 'empty';
  const word = first.kind === 'punctuation' ? first.text : first.value;
  if (word === 'INSERT' || word === 'UPSERT') return 'insert';
  if (word === 'CREATE') return createKind(sig);
  if (word === 'ALTER') return alterKind(sig);
  if (word === 'REFRESH' || (word === '$' && isWord(sig[1], 'REFRESH'))) {
    return containsWord(sig, 'REFLECTION') ? 'refresh-reflection' : 'other';
  }
  return SIMPLE_KINDS[word] ?? 'other';
}

/** Classifies a statement by its leading tokens, so it works for every statement, parsed or not. */
export function classifyStatement(sig: readonly Token[]): StatementClass {
  const kind = leadingKind(sig);
  const writes = !['select', 'show', 'describe', 'explain', 'use', 'set', 'other', 'empty'].includes(kind);
  return { kind, target: writes ? findTarget(sig) : null };
}
