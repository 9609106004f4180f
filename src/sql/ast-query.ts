import type { SqlAggregate, SqlColumnPair } from '../domain/sql-facts.js';
import { AGGREGATE_FUNCTIONS } from './aggregate-functions.js';
import { asArray, asString, field, identValue, objectNameParts, variant } from './ast-access.js';
import { columnsOf, walkExpr } from './ast-expr.js';
import { groupByFact } from './ast-group-by.js';
import { analyseJoin, implicitJoin, joinsOf } from './ast-joins.js';
import { extractPredicates } from './ast-predicates.js';
import { addRelation, flattenFrom } from './ast-relations.js';
import type { Relation, Scope } from './ast-scope.js';
import { childScope, resolveColumn } from './ast-scope.js';
import type { ClauseKey, FactSink } from './fact-sink.js';
import { addColumn } from './fact-sink.js';

function aggregateOf(name: string, body: unknown, scope: Scope): SqlAggregate {
  const list = field(field(body, 'args'), 'List');
  const args = asArray(field(list, 'args'));
  const star = args.some((a) => a === 'Wildcard' || field(a, 'Unnamed') === 'Wildcard');
  const first = columnsOf(field(body, 'args'))[0];
  return {
    function: name,
    column: first === undefined ? null : resolveColumn(scope, first),
    distinct: field(list, 'duplicate_treatment') === 'Distinct',
    star,
  };
}

function visitClause(expr: unknown, clause: ClauseKey, sink: FactSink, scope: Scope): void {
  walkExpr(expr, {
    column: (parts) => addColumn(sink, clause, resolveColumn(scope, parts)),
    subquery: (query) => {
      sink.subqueryCount += 1;
      visitQuery(query, sink, scope, false);
    },
    call: (name, body) => {
      const over = field(body, 'over');
      if (AGGREGATE_FUNCTIONS.has(name) && (over === undefined || over === null))
        sink.aggregates.push(aggregateOf(name, body, scope));
    },
  });
}

function addColumnsOnly(expr: unknown, clause: ClauseKey, sink: FactSink, scope: Scope): void {
  for (const parts of columnsOf(expr)) addColumn(sink, clause, resolveColumn(scope, parts));
}

function visitProjection(select: unknown, sink: FactSink, scope: Scope): unknown[] {
  const exprs: unknown[] = [];
  for (const item of asArray(field(select, 'projection'))) {
    const v = variant(item);
    if (v?.tag === 'Wildcard') {
      const tables = scope.relations.map((r) => r.dataset).filter((d): d is string => d !== null);
      sink.selectStars.push({ qualifier: null, tables });
    } else if (v?.tag === 'QualifiedWildcard') {
      const parts = objectNameParts(field(asArray(v.body)[0], 'ObjectName'));
      const table = resolveColumn(scope, [...parts, '*']).table;
      sink.selectStars.push({ qualifier: parts.join('.'), tables: table === null ? [] : [table] });
    } else if (v?.tag === 'UnnamedExpr' || v?.tag === 'ExprWithAlias') {
      const expr = v.tag === 'UnnamedExpr' ? v.body : field(v.body, 'expr');
      exprs.push(expr);
      visitClause(expr, 'select', sink, scope);
    }
  }
  return exprs;
}

function visitFrom(select: unknown, sink: FactSink, scope: Scope): SqlColumnPair[] {
  const from = flattenFrom(asArray(field(select, 'from')));
  const context = {
    sink,
    scope,
    visitSubquery: (q: unknown, p: Scope | null) => visitQuery(q, sink, p, false),
  };
  const commaJoined: Array<Relation | null> = [];
  const explicit: Array<{ operator: unknown; relation: Relation | null }> = [];
  from.forEach((twj, index) => {
    const relation = addRelation(field(twj, 'relation'), context);
    if (index > 0 && variant(field(from[index - 1], 'relation'))?.tag !== 'NestedJoin')
      commaJoined.push(relation);
    for (const j of joinsOf(twj))
      explicit.push({
        operator: field(j, 'join_operator'),
        relation: addRelation(field(j, 'relation'), context),
      });
  });
  for (const { operator, relation } of explicit) {
    const { join, on } = analyseJoin(operator, relation, scope);
    sink.joins.push(join);
    if (on === undefined) continue;
    visitClause(on, 'join', sink, scope);
    sink.predicates.push(...extractPredicates(on, scope).predicates);
  }
  const where = field(select, 'selection');
  const wherePairs = where === undefined || where === null ? [] : extractPredicates(where, scope).pairs;
  for (const relation of commaJoined) sink.joins.push(implicitJoin(relation, wherePairs));
  return wherePairs;
}

const GROUPING_SET_TAGS = new Set(['Rollup', 'Cube', 'GroupingSets']);

/** `ROLLUP(a, b)`, `CUBE(c)`, `GROUPING SETS ((d), (e, f))` → the plain expressions they group by. */
function expandGroupingSets(expr: unknown): unknown[] {
  const v = variant(expr);
  if (v === undefined || !GROUPING_SET_TAGS.has(v.tag)) return [expr];
  return asArray(v.body).flatMap((set) => asArray(set));
}

function visitSelect(select: unknown, sink: FactSink, parent: Scope | null): Scope {
  const scope = childScope(parent);
  visitFrom(select, sink, scope);
  const projection = visitProjection(select, sink, scope);
  const where = field(select, 'selection');
  if (where !== undefined && where !== null) {
    visitClause(where, 'where', sink, scope);
    sink.predicates.push(...extractPredicates(where, scope).predicates);
  }
  const groupExprs = asArray(asArray(field(field(select, 'group_by'), 'Expressions'))[0]).flatMap(
    expandGroupingSets,
  );
  for (const expr of groupExprs) {
    const fact = groupByFact(expr, projection, scope);
    sink.groupBy.push(fact);
    if (fact.column !== null) addColumn(sink, 'groupBy', fact.column);
  }
  const having = field(select, 'having');
  if (having !== undefined && having !== null) visitClause(having, 'having', sink, scope);
  return scope;
}

function visitSetExpr(body: unknown, sink: FactSink, parent: Scope | null): Scope | null {
  const v = variant(body);
  if (v?.tag === 'Select') return visitSelect(v.body, sink, parent);
  if (v?.tag === 'Query') visitQuery(v.body, sink, parent, false);
  if (v?.tag === 'SetOperation') {
    visitSetExpr(field(v.body, 'left'), sink, parent);
    visitSetExpr(field(v.body, 'right'), sink, parent);
  }
  return null;
}

function numberValue(expr: unknown): number | null {
  const digits = asString(asArray(field(field(field(expr, 'Value'), 'value'), 'Number'))[0]);
  const n = digits === undefined ? Number.NaN : Number(digits);
  return Number.isFinite(n) ? n : null;
}

function limitOf(query: unknown): number | null {
  const limit = field(field(field(query, 'limit_clause'), 'LimitOffset'), 'limit');
  return numberValue(limit) ?? numberValue(field(field(query, 'fetch'), 'quantity'));
}

/** Visits a Query node: CTEs, body, ORDER BY and (for the outermost query) its row limit. */
export function visitQuery(query: unknown, sink: FactSink, parent: Scope | null, top: boolean): void {
  const ctes = asArray(field(field(query, 'with'), 'cte_tables'));
  for (const cte of ctes) {
    const name = identValue(field(field(cte, 'alias'), 'name'));
    if (name !== undefined) sink.cteNames.push(name);
  }
  for (const cte of ctes) visitQuery(field(cte, 'query'), sink, parent, false);
  const scope = visitSetExpr(field(query, 'body'), sink, parent) ?? childScope(parent);
  for (const item of asArray(field(field(field(query, 'order_by'), 'kind'), 'Expressions'))) {
    addColumnsOnly(field(item, 'expr'), 'orderBy', sink, scope);
  }
  if (top) sink.limitRows = limitOf(query);
}
