import { tokenize } from '../../sql/lexer.js';

const SYSTEM_NAMESPACES = new Set(['sys', 'information_schema']);

/**
 * True when a statement reads from `sys.*`, `INFORMATION_SCHEMA.*` or an Iceberg metadata function,
 * so a statement outside the subset can be refused with a clear message instead of being handed
 * to the workload engine, which does not know these tables.
 */
export function mentionsSystemTable(sql: string): boolean {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'keyword' || (token.value !== 'FROM' && token.value !== 'JOIN')) continue;
    const next = tokens[i + 1]!;
    const name = next.kind === 'quoted-identifier' ? next.value : next.text;
    if (SYSTEM_NAMESPACES.has(name.toLowerCase()) && tokens[i + 2]?.text === '.') return true;
    if (next.kind === 'keyword' && next.value === 'TABLE' && tokens[i + 2]?.text === '(') return true;
  }
  return false;
}
