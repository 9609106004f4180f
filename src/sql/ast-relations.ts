import { field, variant } from './ast-access.js';
import type { Relation, Scope } from './ast-scope.js';
import type { FactSink } from './fact-sink.js';
import { addTable, isCteName } from './fact-sink.js';
import { relationNode } from './relation-node.js';
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
  const r = relationNode(node);
  if (r === null) return null;
  if (r.tag === 'table') {
    if (isCteName(sink, r.parts)) return { dataset: null, alias: r.alias, lastPart: r.lastPart };
    const ref = tableRef(r.parts, r.alias);
    addTable(sink, ref);
    return { dataset: ref.name, alias: r.alias, lastPart: r.lastPart };
  }
  if (r.tag === 'derived') {
    sink.subqueryCount += 1;
    visitSubquery(r.subquery, scope.parent);
    return { dataset: null, alias: r.alias, lastPart: null };
  }
  return null;
}

/** The relation a FROM item or join introduces, added to the scope (and to the tables when a dataset). */
export function addRelation(node: unknown, context: RelationContext): Relation | null {
  const relation = relationOf(node, context);
  if (relation !== null) context.scope.relations.push(relation);
  return relation;
}
