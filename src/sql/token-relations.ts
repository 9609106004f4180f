import type { SqlJoinKind } from '../domain/sql-facts.js';
import type { Relation } from './ast-scope.js';
import type { FactSink } from './fact-sink.js';
import { addTable, isCteName } from './fact-sink.js';
import type { Token } from './lexer.js';
import { tableRef } from './table-path.js';
import { isWord, readPath } from './token-path.js';

const CLAUSE_END = new Set([
  'JOIN',
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'LEFT',
  'RIGHT',
  'INNER',
  'FULL',
  'CROSS',
]);
const MORE_CLAUSE_END = new Set([
  'UNION',
  'HAVING',
  'NATURAL',
  'QUALIFY',
  'WINDOW',
  'OFFSET',
  'FETCH',
  'EXCEPT',
]);

function endsClause(t: Token | undefined): boolean {
  return t === undefined || t.text === ')' || CLAUSE_END.has(t.value) || MORE_CLAUSE_END.has(t.value);
}

/** Reads `path [AS] alias` at `i`; registers the dataset and returns the relation and the next index. */
function readRelation(
  source: { readonly sig: readonly Token[]; readonly sink: FactSink },
  i: number,
): { relation: Relation; end: number } | null {
  const { sig, sink } = source;
  const path = readPath(sig, i);
  if (path === null) return null;
  let end = path.end;
  if (isWord(sig[end], 'AS')) end += 1;
  const next = sig[end];
  const hasAlias = next !== undefined && (next.kind === 'identifier' || next.kind === 'quoted-identifier');
  const alias = !hasAlias ? null : next.kind === 'identifier' ? next.text : next.value;
  if (hasAlias) end += 1;
  const lastPart = path.path[path.path.length - 1]!;
  if (isCteName(sink, path.path)) return { relation: { dataset: null, alias, lastPart }, end };
  const ref = tableRef(path.path, alias);
  addTable(sink, ref);
  return { relation: { dataset: ref.name, alias, lastPart }, end };
}

function joinKind(sig: readonly Token[], joinAt: number): SqlJoinKind {
  for (let k = joinAt - 1; k >= Math.max(0, joinAt - 3); k -= 1) {
    const word = sig[k]!.value;
    if (word === 'LEFT') return 'left';
    if (word === 'RIGHT') return 'right';
    if (word === 'FULL') return 'full';
    if (word === 'CROSS') return 'cross';
  }
  return 'inner';
}

/** `equi` when an `=` appears in the ON condition, scanning until the clause ends. */
function onCondition(sig: readonly Token[], i: number): 'equi' | 'non-equi' | 'missing' {
  if (isWord(sig[i], 'USING')) return 'equi';
  if (!isWord(sig[i], 'ON')) return 'missing';
  let depth = 0;
  for (let k = i + 1; k < sig.length; k += 1) {
    const t = sig[k]!;
    if (t.text === '(') depth += 1;
    if (depth === 0 && endsClause(t)) break;
    if (t.text === ')') depth -= 1;
    if (t.kind === 'operator' && t.text === '=') return 'equi';
  }
  return 'non-equi';
}

/** For each token, whether it sits in query context rather than inside a call such as `EXTRACT(… FROM …)`. */
function queryContext(sig: readonly Token[]): boolean[] {
  const stack: boolean[] = [];
  return sig.map((t, i) => {
    if (t.text === '(' && t.kind === 'punctuation') {
      stack.push(isWord(sig[i + 1], 'SELECT') || isWord(sig[i + 1], 'WITH'));
    } else if (t.text === ')' && t.kind === 'punctuation') stack.pop();
    return stack.length === 0 || stack[stack.length - 1] === true;
  });
}

/** Tables after FROM (with comma lists) and JOIN, and the explicit joins, from tokens alone. */
export function tokenRelations(sig: readonly Token[], sink: FactSink): Relation[] {
  const relations: Relation[] = [];
  const inQuery = queryContext(sig);
  for (let i = 0; i < sig.length; i += 1) {
    const word = sig[i]!.kind === 'keyword' && inQuery[i] === true ? sig[i]!.value : '';
    if (word !== 'FROM' && word !== 'JOIN') continue;
    let read = readRelation({ sig, sink }, i + 1);
    if (word === 'JOIN') {
      const natural = isWord(sig[i - 1], 'NATURAL') || isWord(sig[i - 2], 'NATURAL');
      const kind = joinKind(sig, i);
      const condition =
        kind === 'cross' ? 'missing' : natural ? 'equi' : onCondition(sig, read?.end ?? i + 1);
      const table = read?.relation.dataset ?? read?.relation.alias ?? null;
      sink.joins.push({ kind, condition, table, pairs: [], implicit: false });
    }
    while (read !== null) {
      relations.push(read.relation);
      read =
        word === 'FROM' && sig[read.end]?.text === ',' ? readRelation({ sig, sink }, read.end + 1) : null;
    }
  }
  return relations;
}
