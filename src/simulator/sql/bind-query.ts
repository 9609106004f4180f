import type { RangeHint, SimTable, SqlColumn } from '../world.js';
import { rangeHintsFor } from './range-hints.js';
import { compileWhere, type RowPredicate } from './row-predicate.js';
import type { ColumnRef, SelectQuery } from './select-query.js';

export interface OutputColumn {
  /** The table's column the value comes from. */
  readonly source: string;
  readonly column: SqlColumn;
}

/** A query checked against its table: every name resolved, the filter compiled. */
export interface BoundQuery {
  readonly table: SimTable;
  readonly output: readonly OutputColumn[];
  readonly predicate: RowPredicate;
  readonly hints: readonly RangeHint[];
  readonly orderBy: readonly { readonly column: string; readonly descending: boolean }[];
  /** True when ORDER BY is absent or a prefix of the table's natural order, all ascending. */
  readonly naturallyOrdered: boolean;
  readonly limit?: number;
  readonly offset: number;
}

export type BindResult =
  | { readonly ok: true; readonly bound: BoundQuery }
  | { readonly ok: false; readonly message: string };

class UnknownColumnError extends Error {}

function lookup(table: SimTable, ref: ColumnRef): SqlColumn {
  const found = ref.quoted
    ? table.columns.find((c) => c.name === ref.name)
    : table.columns.find((c) => c.name.toLowerCase() === ref.name.toLowerCase());
  if (found === undefined) {
    throw new UnknownColumnError(`VALIDATION ERROR: Column '${ref.name}' not found in any table`);
  }
  return found;
}

function isNaturalOrder(table: SimTable, orderBy: BoundQuery['orderBy']): boolean {
  if (orderBy.length > table.naturalOrder.length) return false;
  return orderBy.every((item, i) => !item.descending && table.naturalOrder[i] === item.column);
}

function bindOrThrow(table: SimTable, query: SelectQuery): BoundQuery {
  const output: OutputColumn[] =
    query.projection === 'star'
      ? table.columns.map((column) => ({ source: column.name, column }))
      : query.projection.map((item) => {
          const column = lookup(table, item.column);
          return { source: column.name, column: { name: item.alias ?? column.name, type: column.type } };
        });
  const where = query.where.map((predicate) => ({ predicate, column: lookup(table, predicate.column).name }));
  const orderBy = query.orderBy.map((item) => ({
    column: lookup(table, item.column).name,
    descending: item.descending,
  }));
  return {
    table,
    output,
    predicate: compileWhere(where),
    hints: rangeHintsFor(where, table.naturalOrder[0]),
    orderBy,
    naturallyOrdered: isNaturalOrder(table, orderBy),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    offset: query.offset,
  };
}

/** Resolves every column name against the table (case-insensitive unless quoted). */
export function bindQuery(table: SimTable, query: SelectQuery): BindResult {
  try {
    return { ok: true, bound: bindOrThrow(table, query) };
  } catch (error) {
    if (error instanceof UnknownColumnError) return { ok: false, message: error.message };
    throw error;
  }
}
