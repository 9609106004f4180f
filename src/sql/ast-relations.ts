import { field, identValue, objectNameParts, variant } from './ast-access.js';
import type { Relation, Scope } from './ast-scope.js';
import type { FactSink } from './fact-sink.js';
import { addTable, isCteName } from './fact-sink.js';
import { tableRef } from './table-path.js';

/** Visits a subquery in its own scope; injected to break the query ↔ relation module cycle. */
export type SubqueryVisitor = (query: unknown, parent: Scope | null) => void;

/** Every TableWithJoins in a FROM list, including those nested in parenthesised joins. */
export function flattenFrom(from: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const twj of from) {
    out.push(twj);
    const nested = variant(field(twj, 'relation'));
    if (nested?.tag === 'NestedJoin') out.push(...flattenFrom([field(nested.body, 'table_with_joins')]));
  }
  return out;
}

interface RelationContext {
  readonly sink: FactSink;
  readonly scope: Scope;
  readonly visitSubquery: SubqueryVisitor;
}

function relationOf(node: unknown, context: RelationContext): Relation | null {
  const { sink, scope, visitSubquery } = context;
  const v = variant(node);
  if (v === undefined) return null;
  const alias = identValue(field(field(v.body, 'alias'), 'name')) ?? null;
  if (v.tag === 'Table') {
    const parts = objectNameParts(field(v.body, 'name'));
    if (parts.length === 0) return null;
    const lastPart = parts[parts.length - 1]!;
    if (isCteName(sink, parts)) return { dataset: null, alias, lastPart };
    const ref = tableRef(parts, alias);
    addTable(sink, ref);
    return { dataset: ref.name, alias, lastPart };
  }
  if (v.tag === 'Derived') {
    sink.subqueryCount += 1;
    visitSubquery(field(v.body, 'subquery'), scope.parent);
    return { dataset: null, alias, lastPart: null };
  }
  return null;
}

/** The relation a FROM item or join introduces, added to the scope (and to the tables when a dataset). */
export function addRelation(node: unknown, context: RelationContext): Relation | null {
  const relation = relationOf(node, context);
  if (relation !== null) context.scope.relations.push(relation);
  return relation;
}
