import { asArray, field, identValue, objectNameParts, variant } from './ast-access.js';
import { walkExpr } from './ast-expr.js';
import { joinsOf } from './ast-joins.js';
import { flattenFrom } from './ast-relations.js';
import { relationNode } from './relation-node.js';

/**
 * Every name a query uses, with the scope it was used in, for checking names against a catalog
 * (`sql.validate`). Unlike `extractSqlFacts`, which keeps only what detectors need, this keeps each
 * column reference with every relation it could belong to, so a checker can tell "exists in none of
 * them" from "cannot tell" (a subquery's or CTE's columns). Pure; reads sqlparser-ts JSON AST.
 */

/** A relation in a FROM clause: a dataset by its path, or a derived table (subquery, CTE, table function). */
export interface ScopeRelation {
  readonly kind: 'dataset' | 'derived';
  /** The dataset's parts as written (unquoted); null for a derived table. */
  readonly path: readonly string[] | null;
  readonly alias: string | null;
  /** Last path part (or the CTE name), which SQL lets a query use as qualifier. */
  readonly lastPart: string | null;
}

export interface ReferenceScope {
  readonly relations: ScopeRelation[];
  readonly parent: ReferenceScope | null;
  /** Upper-cased select-list aliases, which GROUP BY, HAVING and ORDER BY may name. */
  readonly aliases: Set<string>;
}

export type ReferenceClause = 'select' | 'where' | 'join' | 'groupBy' | 'having' | 'orderBy';

export interface ColumnReference {
  /** As written: `[col]`, `[t, col]`, `[s, t, col]`. */
  readonly parts: readonly string[];
  readonly clause: ReferenceClause;
  readonly scope: ReferenceScope;
}

export interface TableReference {
  readonly path: readonly string[];
  readonly alias: string | null;
}

export interface QueryReferences {
  readonly tables: TableReference[];
  readonly cteNames: string[];
  readonly columns: ColumnReference[];
  /** Relations the walker did not understand (LATERAL, UNNEST, …): their names are not checked. */
  readonly unknownRelations: number;
}

interface Walk {
  readonly out: QueryReferences;
  readonly parent: ReferenceScope | null;
}

function newScope(parent: ReferenceScope | null): ReferenceScope {
  return { relations: [], parent, aliases: new Set() };
}

function isCte(out: QueryReferences, parts: readonly string[]): boolean {
  return parts.length === 1 && out.cteNames.some((n) => n.toUpperCase() === parts[0]!.toUpperCase());
}

/**
 * Time units the parser reads as bare identifiers (`TIMESTAMPADD(DAY, 1, ts)`, `TIMESTAMPDIFF(HOUR, …)`):
 * not columns. A column really named so is then not checked, which errs on the side of silence.
 */
const TIME_UNIT_WORDS = new Set([
  'YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
  'NANOSECOND',
]);

function exprColumns(walk: Walk, scope: ReferenceScope, clause: ReferenceClause, expr: unknown): void {
  walkExpr(expr, {
    column: (parts) => {
      const word = parts[0]!.toUpperCase().replace(/^SQL_TSI_/, '');
      if (parts.length === 1 && TIME_UNIT_WORDS.has(word)) return;
      walk.out.columns.push({ parts: [...parts], clause, scope });
    },
    subquery: (query) => visitQuery(query, { out: walk.out, parent: scope }),
  });
}

function relationOf(node: unknown, walk: Walk, scope: ReferenceScope): ScopeRelation | null {
  const r = relationNode(node);
  if (r === null || r.tag === 'nested') return null; // a nested join's tables are flattened into the FROM list
  if (r.tag === 'table') {
    // `TABLE(table_files('…'))` and other table functions carry args: not a dataset by that name.
    if (r.isFunction || isCte(walk.out, r.parts))
      return { kind: 'derived', path: null, alias: r.alias, lastPart: r.lastPart };
    walk.out.tables.push({ path: r.parts, alias: r.alias });
    return { kind: 'dataset', path: r.parts, alias: r.alias, lastPart: r.lastPart };
  }
  if (r.tag === 'derived') {
    visitQuery(r.subquery, { out: walk.out, parent: scope.parent });
    return { kind: 'derived', path: null, alias: r.alias, lastPart: null };
  }
  (walk.out as { unknownRelations: number }).unknownRelations += 1;
  return { kind: 'derived', path: null, alias: r.alias, lastPart: null };
}

function visitSelect(select: unknown, walk: Walk): ReferenceScope {
  const scope = newScope(walk.parent);
  const ons: unknown[] = [];
  for (const twj of flattenFrom(asArray(field(select, 'from')))) {
    const first = relationOf(field(twj, 'relation'), walk, scope);
    if (first !== null) scope.relations.push(first);
    for (const j of joinsOf(twj)) {
      const r = relationOf(field(j, 'relation'), walk, scope);
      if (r !== null) scope.relations.push(r);
      const constraint = variant(variant(field(j, 'join_operator'))?.body);
      if (constraint?.tag === 'On') ons.push(constraint.body);
      if (constraint?.tag === 'Using')
        for (const n of asArray(constraint.body)) {
          const parts = objectNameParts(n);
          const name = parts[parts.length - 1];
          if (name !== undefined) walk.out.columns.push({ parts: [name], clause: 'join', scope });
        }
    }
  }
  for (const on of ons) exprColumns(walk, scope, 'join', on);
  for (const item of asArray(field(select, 'projection'))) {
    const v = variant(item);
    if (v?.tag === 'UnnamedExpr') exprColumns(walk, scope, 'select', v.body);
    if (v?.tag === 'ExprWithAlias') {
      const alias = identValue(field(v.body, 'alias'));
      if (alias !== undefined) scope.aliases.add(alias.toUpperCase());
      exprColumns(walk, scope, 'select', field(v.body, 'expr'));
    }
  }
  const where = field(select, 'selection');
  if (where !== undefined && where !== null) exprColumns(walk, scope, 'where', where);
  for (const expr of asArray(asArray(field(field(select, 'group_by'), 'Expressions'))[0]))
    exprColumns(walk, scope, 'groupBy', expr);
  const having = field(select, 'having');
  if (having !== undefined && having !== null) exprColumns(walk, scope, 'having', having);
  return scope;
}

function visitSetExpr(body: unknown, walk: Walk): ReferenceScope | null {
  const v = variant(body);
  if (v?.tag === 'Select') return visitSelect(v.body, walk);
  if (v?.tag === 'Query') visitQuery(v.body, walk);
  if (v?.tag === 'SetOperation') {
    // ORDER BY of a UNION names the output columns of its first branch.
    const left = visitSetExpr(field(v.body, 'left'), walk);
    visitSetExpr(field(v.body, 'right'), walk);
    return left;
  }
  return null;
}

function visitQuery(query: unknown, walk: Walk): void {
  const ctes = asArray(field(field(query, 'with'), 'cte_tables'));
  for (const cte of ctes) {
    const name = identValue(field(field(cte, 'alias'), 'name'));
    if (name !== undefined) walk.out.cteNames.push(name);
  }
  for (const cte of ctes) visitQuery(field(cte, 'query'), walk);
  const scope = visitSetExpr(field(query, 'body'), walk) ?? newScope(walk.parent);
  for (const item of asArray(field(field(field(query, 'order_by'), 'kind'), 'Expressions')))
    exprColumns(walk, scope, 'orderBy', field(item, 'expr'));
}

/**
 * The tables, CTE names and column references of one parsed statement when it is a query (or an
 * EXPLAIN of one); undefined for any other statement.
 */
export function queryReferences(statement: unknown): QueryReferences | undefined {
  const v = variant(statement);
  if (v?.tag === 'Explain') return queryReferences(field(v.body, 'statement'));
  if (v?.tag !== 'Query') return undefined;
  const out: QueryReferences = { tables: [], cteNames: [], columns: [], unknownRelations: 0 };
  visitQuery(v.body, { out, parent: null });
  return out;
}
