/**
 * Structural facts about one SQL statement, as `src/sql/facts.ts` extracts them. Detectors (SELECT *,
 * missing partition filter, cross joins) and reflection advice (dimensions = group-by + filter columns,
 * measures = aggregates) read these instead of parsing SQL themselves. Every list is best effort: an
 * empty list means "none found", and `source` says how much to trust it.
 */

export const SQL_STATEMENT_KINDS = [
  'select',
  'insert',
  'update',
  'delete',
  'merge',
  'ctas',
  'create-table',
  'create-view',
  'ddl-reflection',
  'refresh-reflection',
  'refresh-metadata',
  'optimize',
  'vacuum',
  'copy-into',
  'drop',
  'alter',
  'show',
  'describe',
  'explain',
  'use',
  'set',
  'other',
  'empty',
] as const;
export type SqlStatementKind = (typeof SQL_STATEMENT_KINDS)[number];

/** `parser`: sqlparser-ts produced an AST; `tokens`: the lexer fallback (tables, stars, joins, limit only). */
export const SQL_FACT_SOURCES = ['parser', 'tokens'] as const;
export type SqlFactSource = (typeof SQL_FACT_SOURCES)[number];

/** A dataset path. `path` holds the parts as written (unquoted); `name` the canonical dotted form. */
export interface SqlTableRef {
  readonly path: readonly string[];
  /** Dotted, with double quotes only where a part needs them: `Samples."samples.dremio.com"."a.csv"`. */
  readonly name: string;
  /** The alias used in the query, when one was given. */
  readonly alias: string | null;
}

export interface SqlColumnRef {
  /** The column name as written, without quotes. */
  readonly name: string;
  /** The qualifier as written (`t`, `s.t`), or null when unqualified. */
  readonly qualifier: string | null;
  /**
   * Canonical name of the dataset the column belongs to, when the query makes that unambiguous. Null for
   * an unqualified column with several relations in scope, and for columns of a subquery or CTE (their
   * lineage is not traced).
   */
  readonly table: string | null;
}

export interface SqlColumnsByClause {
  readonly select: readonly SqlColumnRef[];
  readonly where: readonly SqlColumnRef[];
  readonly join: readonly SqlColumnRef[];
  readonly groupBy: readonly SqlColumnRef[];
  readonly having: readonly SqlColumnRef[];
  readonly orderBy: readonly SqlColumnRef[];
}

/** `SELECT *` (qualifier null: expands every relation in its FROM) or `t.*`. */
export interface SqlSelectStar {
  readonly qualifier: string | null;
  /** Canonical names of the datasets the star expands (empty when it expands only subqueries or CTEs). */
  readonly tables: readonly string[];
}

export const SQL_JOIN_KINDS = ['inner', 'left', 'right', 'full', 'cross', 'semi', 'anti', 'other'] as const;
export type SqlJoinKind = (typeof SQL_JOIN_KINDS)[number];

/** `equi`: at least one column = column pair (or USING / NATURAL); `non-equi`: a condition without one. */
export const SQL_JOIN_CONDITIONS = ['equi', 'non-equi', 'missing'] as const;
export type SqlJoinCondition = (typeof SQL_JOIN_CONDITIONS)[number];

export interface SqlColumnPair {
  readonly left: SqlColumnRef;
  readonly right: SqlColumnRef;
}

export interface SqlJoin {
  readonly kind: SqlJoinKind;
  readonly condition: SqlJoinCondition;
  /** The joined relation's canonical name (or alias of a subquery), null when unknown. */
  readonly table: string | null;
  readonly pairs: readonly SqlColumnPair[];
  /** A comma join (`FROM a, b`), whose condition, if any, sits in WHERE. */
  readonly implicit: boolean;
}

export const SQL_PREDICATE_KINDS = ['eq', 'not-eq', 'range', 'in', 'like', 'is-null', 'other'] as const;
export type SqlPredicateKind = (typeof SQL_PREDICATE_KINDS)[number];

/** One filter on a column in WHERE: `ts >= ?`, `YEAR(ts) = ?`, `c IN (…)`. */
export interface SqlPredicate {
  readonly column: SqlColumnRef;
  readonly comparison: SqlPredicateKind;
  /** Upper-cased function (or `CAST`) wrapping the column, e.g. `YEAR`; null when the column is bare. */
  readonly wrappedBy: string | null;
  readonly negated: boolean;
}

export const SQL_TIME_UNITS = [
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
] as const;
export type SqlTimeUnit = (typeof SQL_TIME_UNITS)[number];

export interface SqlGroupBy {
  /** The grouped column; null for expressions without one (or ordinals such as `GROUP BY 1`). */
  readonly column: SqlColumnRef | null;
  /** Upper-cased function wrapping the column (`DATE_TRUNC`, `CAST`, `TO_DATE`), null when bare. */
  readonly wrappedBy: string | null;
  /** The time granularity a truncation gives (`DATE_TRUNC('DAY', ts)`, `CAST(ts AS DATE)`), else null. */
  readonly timeUnit: SqlTimeUnit | null;
  /** True when the column is truncated to days: such a group-by can use a day-granular reflection. */
  readonly dayGranularity: boolean;
}

export interface SqlAggregate {
  /** Upper-cased function name: `SUM`, `COUNT`, `APPROX_COUNT_DISTINCT`. */
  readonly function: string;
  /** The aggregated column; null for `COUNT(*)` and for expressions without a column. */
  readonly column: SqlColumnRef | null;
  readonly distinct: boolean;
  /** `COUNT(*)`. */
  readonly star: boolean;
}

export interface SqlFacts {
  readonly statementKind: SqlStatementKind;
  readonly source: SqlFactSource;
  /** Why the parser did not produce the facts (parse error or parser not initialised), else null. */
  readonly parserError: string | null;
  /** Datasets read, in order of first appearance, CTE names excluded. */
  readonly tables: readonly SqlTableRef[];
  /** The dataset written or altered: INSERT/CTAS/view/reflection/OPTIMIZE/VACUUM target, else null. */
  readonly target: SqlTableRef | null;
  readonly selectStars: readonly SqlSelectStar[];
  readonly columns: SqlColumnsByClause;
  readonly joins: readonly SqlJoin[];
  readonly predicates: readonly SqlPredicate[];
  readonly groupBy: readonly SqlGroupBy[];
  readonly aggregates: readonly SqlAggregate[];
  /** Row limit of the outermost query (LIMIT or FETCH FIRST), null when absent or not a number. */
  readonly limitRows: number | null;
  /** Subqueries in FROM, IN, EXISTS and scalar positions; CTEs are counted in `cteNames` instead. */
  readonly subqueryCount: number;
  readonly cteNames: readonly string[];
}
