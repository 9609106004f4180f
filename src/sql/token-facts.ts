import type { SqlSelectStar } from '../domain/sql-facts.js';
import { AGGREGATE_FUNCTIONS } from './aggregate-functions.js';
import type { Relation } from './ast-scope.js';
import type { FactSink } from './fact-sink.js';
import type { Token } from './lexer.js';
import { canonicalPath, sameName } from './table-path.js';
import { isWord, readPath } from './token-path.js';
import { tokenRelations } from './token-relations.js';

function closeOf(sig: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i += 1) {
    if (sig[i]!.text === '(') depth += 1;
    if (sig[i]!.text === ')' && --depth === 0) return i;
  }
  return sig.length;
}

/** `WITH a AS (…), b (x, y) AS (…)`: the CTE names, and the index where the main statement starts. */
function cteNames(sig: readonly Token[], sink: FactSink): void {
  if (!isWord(sig[0], 'WITH')) return;
  let i = isWord(sig[1], 'RECURSIVE') ? 2 : 1;
  while (i < sig.length) {
    const name = readPath(sig, i);
    if (name === null) return;
    sink.cteNames.push(name.path[0]!);
    let j = name.end;
    if (sig[j]?.text === '(') j = closeOf(sig, j) + 1;
    if (!isWord(sig[j], 'AS') || sig[j + 1]?.text !== '(') return;
    j = closeOf(sig, j + 1) + 1;
    if (sig[j]?.text !== ',') return;
    i = j + 1;
  }
}

function starTables(qualifier: readonly string[] | null, relations: readonly Relation[]): string[] {
  const chosen =
    qualifier === null
      ? relations
      : relations.filter((r) => {
          const name = r.alias ?? r.lastPart;
          if (qualifier.length === 1) return name !== null && sameName(name, qualifier[0]!);
          return r.dataset !== null && sameName(r.dataset, canonicalPath(qualifier));
        });
  return chosen.map((r) => r.dataset).filter((d): d is string => d !== null);
}

function selectStars(sig: readonly Token[], relations: readonly Relation[]): SqlSelectStar[] {
  const stars: SqlSelectStar[] = [];
  sig.forEach((t, i) => {
    if (t.text !== '*' || t.kind !== 'operator') return;
    const prev = sig[i - 1];
    if (prev?.text === '.') {
      let start = i - 2;
      while (sig[start - 1]?.text === '.') start -= 2;
      const path = readPath(sig, start)?.path ?? [];
      stars.push({ qualifier: path.join('.'), tables: starTables(path, relations) });
    } else if (
      prev !== undefined &&
      (['SELECT', 'DISTINCT', 'ALL'].includes(prev.value) || prev.text === ',')
    ) {
      stars.push({ qualifier: null, tables: starTables(null, relations) });
    }
  });
  return stars;
}

function aggregates(sig: readonly Token[], sink: FactSink): void {
  sig.forEach((t, i) => {
    if (!AGGREGATE_FUNCTIONS.has(t.value) || t.kind !== 'identifier' || sig[i + 1]?.text !== '(') return;
    const distinct = isWord(sig[i + 2], 'DISTINCT');
    const star = sig[i + 2]?.text === '*';
    const path = readPath(sig, i + (distinct ? 3 : 2));
    const column =
      path === null || star
        ? null
        : {
            name: path.path[path.path.length - 1]!,
            qualifier: path.path.length > 1 ? path.path.slice(0, -1).join('.') : null,
            table: null,
          };
    sink.aggregates.push({ function: t.value, column, distinct, star });
  });
}

function limitRows(sig: readonly Token[]): number | null {
  for (let i = sig.length - 2; i >= 0; i -= 1) {
    const counted =
      isWord(sig[i], 'LIMIT') || (isWord(sig[i - 1], 'FETCH') && ['FIRST', 'NEXT'].includes(sig[i]!.value));
    if (counted && sig[i + 1]?.kind === 'number') return Number(sig[i + 1]!.text);
  }
  return null;
}

/**
 * The facts tokens alone can give when the parser cannot: CTE names, tables, stars, explicit joins (no
 * column pairs), aggregates, the last LIMIT/FETCH count and the number of `(SELECT` subqueries.
 * Columns, predicates and group-by are left empty rather than guessed.
 */
export function tokenFacts(sig: readonly Token[], sink: FactSink): void {
  cteNames(sig, sink);
  const relations = tokenRelations(sig, sink);
  sink.selectStars.push(...selectStars(sig, relations));
  aggregates(sig, sink);
  sink.limitRows = limitRows(sig);
  const subqueries = sig.filter(
    (t, i) => t.text === '(' && (isWord(sig[i + 1], 'SELECT') || isWord(sig[i + 1], 'WITH')),
  );
  sink.subqueryCount = Math.max(0, subqueries.length - sink.cteNames.length);
}
