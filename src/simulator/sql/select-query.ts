/**
 * The parsed form of the one SQL shape the simulator answers itself: a single-table SELECT over a
 * system table or an Iceberg metadata function, with AND-ed simple predicates, ORDER BY and LIMIT.
 */
export type SqlLiteral = string | number | bigint | boolean | null;

export interface ColumnRef {
  /** The name as written: unquoted names keep their original case here and match case-insensitively. */
  readonly name: string;
  readonly quoted: boolean;
}

export const COMPARE_OPS = ['=', '<>', '!=', '<', '<=', '>', '>='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export type Predicate =
  | {
      readonly kind: 'compare';
      readonly column: ColumnRef;
      readonly op: CompareOp;
      readonly value: SqlLiteral;
    }
  | { readonly kind: 'is-null'; readonly column: ColumnRef; readonly negated: boolean }
  | {
      readonly kind: 'in';
      readonly column: ColumnRef;
      readonly values: readonly SqlLiteral[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'like';
      readonly column: ColumnRef;
      readonly pattern: string;
      readonly negated: boolean;
    };

export const TABLE_FUNCTIONS = [
  'table_files',
  'table_partitions',
  'table_snapshot',
  'table_history',
  'table_manifests',
] as const;
export type TableFunctionName = (typeof TABLE_FUNCTIONS)[number];

export interface NamePart {
  readonly text: string;
  readonly quoted: boolean;
}

export type TableSource =
  | { readonly kind: 'table'; readonly path: readonly NamePart[] }
  | { readonly kind: 'function'; readonly fn: TableFunctionName; readonly argument: string };

export interface ProjectionItem {
  readonly column: ColumnRef;
  readonly alias?: string;
}

export interface OrderItem {
  readonly column: ColumnRef;
  readonly descending: boolean;
}

export interface SelectQuery {
  /** `star` for `SELECT *`. */
  readonly projection: 'star' | readonly ProjectionItem[];
  readonly from: TableSource;
  readonly where: readonly Predicate[];
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset: number;
}
