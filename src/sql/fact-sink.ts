import type {
  SqlAggregate,
  SqlColumnRef,
  SqlColumnsByClause,
  SqlFacts,
  SqlGroupBy,
  SqlJoin,
  SqlPredicate,
  SqlSelectStar,
  SqlTableRef,
} from '../domain/sql-facts.js';

export type ClauseKey = keyof SqlColumnsByClause;

/** The mutable accumulator the AST and token walkers fill; frozen into `SqlFacts` at the end. */
export interface FactSink {
  readonly tables: SqlTableRef[];
  readonly selectStars: SqlSelectStar[];
  readonly columns: { readonly [K in ClauseKey]: SqlColumnRef[] };
  readonly joins: SqlJoin[];
  readonly predicates: SqlPredicate[];
  readonly groupBy: SqlGroupBy[];
  readonly aggregates: SqlAggregate[];
  readonly cteNames: string[];
  subqueryCount: number;
  limitRows: number | null;
}

export function createSink(): FactSink {
  return {
    tables: [],
    selectStars: [],
    columns: { select: [], where: [], join: [], groupBy: [], having: [], orderBy: [] },
    joins: [],
    predicates: [],
    groupBy: [],
    aggregates: [],
    cteNames: [],
    subqueryCount: 0,
    limitRows: null,
  };
}

export function addTable(sink: FactSink, ref: SqlTableRef): void {
  if (!sink.tables.some((t) => t.name.toUpperCase() === ref.name.toUpperCase())) sink.tables.push(ref);
}

/** Adds a column to one clause's list unless it is already there (same name and qualifier, any case). */
export function addColumn(list: SqlColumnRef[], ref: SqlColumnRef): void {
  const same = (c: SqlColumnRef) =>
    c.name.toUpperCase() === ref.name.toUpperCase() &&
    (c.qualifier ?? '').toUpperCase() === (ref.qualifier ?? '').toUpperCase();
  if (!list.some(same)) list.push(ref);
}

export function isCteName(sink: FactSink, path: readonly string[]): boolean {
  return path.length === 1 && sink.cteNames.some((n) => n.toUpperCase() === path[0]!.toUpperCase());
}

type FactsCore = Omit<SqlFacts, 'statementKind' | 'source' | 'parserError' | 'target'>;

export function freezeSink(sink: FactSink): FactsCore {
  return {
    tables: sink.tables,
    selectStars: sink.selectStars,
    columns: sink.columns,
    joins: sink.joins,
    predicates: sink.predicates,
    groupBy: sink.groupBy,
    aggregates: sink.aggregates,
    limitRows: sink.limitRows,
    subqueryCount: sink.subqueryCount,
    cteNames: sink.cteNames,
  };
}
