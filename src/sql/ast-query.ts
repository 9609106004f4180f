import type { SqlAggregate, SqlColumnPair } from '../domain/sql-facts.js';
import { AGGREGATE_FUNCTIONS } from './aggregate-functions.js';
import { asArray, asString, field, identValue, objectNameParts, variant } from './ast-access.js';
import { columnsOf, walkExpr } from './ast-expr.js';
import type { SelectList } from './ast-group-by.js';
import { groupByFact, resolveSelectReference } from './ast-group-by.js';
import { analyseJoin, implicitJoin, joinsOf } from './ast-joins.js';
import { extractPredicates } from './ast-predicates.js';
import { addRelation, flattenFrom } from './ast-relations.js';
import type { Relation, Scope } from './ast-scope.js';
import { childScope, resolveColumn } from './ast-scope.js';
import type { ClauseKey, FactSink } from './fact-sink.js';
import { addColumn } from './fact-sink.js';

/** Where a query sits: the sink it fills and the enclosing scope for correlated references. */
export interface QueryWalk {
  readonly sink: FactSink;
  readonly parent: Scope | null;
  /** The outermost query, whose LIMIT is the statement's. */
  readonly top?: boolean;
}

/** Inside one SELECT: its own scope. */
interface SelectWalk {
  readonly sink: FactSink;
  readonly scope: Scope;
}

interface ClauseWalk extends SelectWalk {
  readonly clause: ClauseKey;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function aggregateOf(call: { readonly name: string; readonly body: unknown }, scope: Scope): SqlAggregate {
  const list = field(field(call.body, 'args'), 'List');
  const args = asArray(field(list, 'args'));
  const first = columnsOf(field(call.body, 'args'))[0];
  return {
    function: call.name,
    column: first === undefined ? null : resolveColumn(scope, first),
    distinct: field(list, 'duplicate_treatment') === 'Distinct',
    star: args.some((a) => a === 'Wildcard' || field(a, 'Unnamed') === 'Wildcard'),
  };
}

/** Columns of an expression into a clause, plus its aggregates and subqueries. */
function visitClause(walk: ClauseWalk, expr: unknown): void {
  const { sink, scope, clause } = walk;
  walkExpr(expr, {
    column: (parts) => addColumn(sink.columns[clause], resolveColumn(scope, parts)),
    subquery: (query) => {
      sink.subqueryCount += 1;
      visitQuery(query, { sink, parent: scope });
    },
    call: (name, body) => {
      if (AGGREGATE_FUNCTIONS.has(name) && !isPresent(field(body, 'over'))) {
        sink.aggregates.push(aggregateOf({ name, body }, scope));
      }
    },
  });
}

function visitProjection(walk: SelectWalk, select: unknown): SelectList {
  const { sink, scope } = walk;
  const exprs: unknown[] = [];
  const aliases = new Map<string, unknown>();
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
      const alias = v.tag === 'ExprWithAlias' ? identValue(field(v.body, 'alias')) : undefined;
      if (alias !== undefined) aliases.set(alias.toUpperCase(), expr);
      exprs.push(expr);
      visitClause({ ...walk, clause: 'select' }, expr);
    }
  }
  return { exprs, aliases };
}

/** Registers every relation of the FROM clause, then records explicit joins and comma joins. */
function visitFrom(walk: SelectWalk, select: unknown): SqlColumnPair[] {
  const { sink, scope } = walk;
  const from = flattenFrom(asArray(field(select, 'from')));
  const context = {
    sink,
    scope,
    visitSubquery: (q: unknown, parent: Scope | null) => visitQuery(q, { sink, parent }),
  };
  const commaJoined: Array<Relation | null> = [];
  const explicit: Array<{ readonly operator: unknown; readonly relation: Relation | null }> = [];
  from.forEach((twj, index) => {
    const relation = addRelation(field(twj, 'relation'), context);
    const afterNested = variant(field(from[index - 1], 'relation'))?.tag === 'NestedJoin';
    if (index > 0 && !afterNested) commaJoined.push(relation);
    for (const j of joinsOf(twj)) {
      explicit.push({
        operator: field(j, 'join_operator'),
        relation: addRelation(field(j, 'relation'), context),
      });
    }
  });
  for (const spec of explicit) {
    const { join, on } = analyseJoin(spec, scope);
    sink.joins.push(join);
    if (on === undefined) continue;
    visitClause({ ...walk, clause: 'join' }, on);
    sink.predicates.push(...extractPredicates(on, scope).predicates);
  }
  const where = field(select, 'selection');
  const wherePairs = isPresent(where) ? extractPredicates(where, scope).pairs : [];
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

interface SelectResult {
  readonly scope: Scope;
  readonly list: SelectList;
}

function visitSelect(select: unknown, walk: QueryWalk): SelectResult {
  const scope = childScope(walk.parent);
  const inner: SelectWalk = { sink: walk.sink, scope };
  visitFrom(inner, select);
  const list = visitProjection(inner, select);
  const where = field(select, 'selection');
  if (isPresent(where)) {
    visitClause({ ...inner, clause: 'where' }, where);
    walk.sink.predicates.push(...extractPredicates(where, scope).predicates);
  }
  const groupBy = asArray(asArray(field(field(select, 'group_by'), 'Expressions'))[0]);
  for (const expr of groupBy.flatMap(expandGroupingSets)) {
    const fact = groupByFact(expr, { list, scope });
    walk.sink.groupBy.push(fact);
    if (fact.column !== null) addColumn(walk.sink.columns.groupBy, fact.column);
  }
  const having = field(select, 'having');
  if (isPresent(having)) visitClause({ ...inner, clause: 'having' }, having);
  return { scope, list };
}

function visitSetExpr(body: unknown, walk: QueryWalk): SelectResult | null {
  const v = variant(body);
  const nested = { sink: walk.sink, parent: walk.parent };
  if (v?.tag === 'Select') return visitSelect(v.body, nested);
  if (v?.tag === 'Query') visitQuery(v.body, nested);
  if (v?.tag === 'SetOperation') {
    visitSetExpr(field(v.body, 'left'), nested);
    visitSetExpr(field(v.body, 'right'), nested);
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
export function visitQuery(query: unknown, walk: QueryWalk): void {
  const { sink, parent } = walk;
  const ctes = asArray(field(field(query, 'with'), 'cte_tables'));
  for (const cte of ctes) {
    const name = identValue(field(field(cte, 'alias'), 'name'));
    if (name !== undefined) sink.cteNames.push(name);
  }
  for (const cte of ctes) visitQuery(field(cte, 'query'), { sink, parent });
  const body = visitSetExpr(field(query, 'body'), walk);
  const scope = body?.scope ?? childScope(parent);
  const list: SelectList = body?.list ?? { exprs: [], aliases: new Map() };
  for (const item of asArray(field(field(field(query, 'order_by'), 'kind'), 'Expressions'))) {
    const target = resolveSelectReference(field(item, 'expr'), list);
    for (const parts of columnsOf(target)) addColumn(sink.columns.orderBy, resolveColumn(scope, parts));
  }
  if (walk.top === true) sink.limitRows = limitOf(query);
}
