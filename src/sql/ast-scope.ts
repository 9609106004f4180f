import type { SqlColumnRef } from '../domain/sql-facts.js';
import { canonicalPath, sameName } from './table-path.js';

/** A relation in a FROM clause: a dataset (with its canonical name) or a subquery/CTE (dataset null). */
export interface Relation {
  readonly dataset: string | null;
  readonly alias: string | null;
  /** Last path part, which SQL lets a query use as qualifier (`s.t` → `t.col`). */
  readonly lastPart: string | null;
}

export interface Scope {
  readonly relations: Relation[];
  readonly parent: Scope | null;
}

export function childScope(parent: Scope | null): Scope {
  return { relations: [], parent };
}

function matches(relation: Relation, qualifier: readonly string[]): boolean {
  if (qualifier.length === 1) {
    const q = qualifier[0]!;
    if (relation.alias !== null) return sameName(relation.alias, q);
    return relation.lastPart !== null && sameName(relation.lastPart, q);
  }
  return relation.dataset !== null && sameName(relation.dataset, canonicalPath(qualifier));
}

function findRelation(scope: Scope | null, qualifier: readonly string[]): Relation | undefined {
  for (let s = scope; s !== null; s = s.parent) {
    const found = s.relations.find((r) => matches(r, qualifier));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Resolves `parts` (`[col]`, `[t, col]`, `[s, t, col]`) to a column with its dataset when unambiguous. */
export function resolveColumn(scope: Scope, parts: readonly string[]): SqlColumnRef {
  const name = parts[parts.length - 1] ?? '';
  const qualifier = parts.slice(0, -1);
  if (qualifier.length === 0) {
    const only = scope.relations.length === 1 ? scope.relations[0]! : undefined;
    return { name, qualifier: null, table: only?.dataset ?? null };
  }
  const relation = findRelation(scope, qualifier);
  return { name, qualifier: qualifier.join('.'), table: relation?.dataset ?? null };
}
