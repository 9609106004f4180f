import type { SqlRow, SqlValue } from '../world.js';
import { compareSqlValues, likeToRegExp } from './compare-values.js';
import type { CompareOp, Predicate } from './select-query.js';

export type RowPredicate = (row: SqlRow) => boolean;

function compareMatches(op: CompareOp, order: number | undefined): boolean {
  if (order === undefined) return false;
  switch (op) {
    case '=':
      return order === 0;
    case '<>':
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function cell(row: SqlRow, column: string): SqlValue {
  return row[column] ?? null;
}

/** Builds one predicate; `column` is the table's own column name the reference resolved to. */
function compileOne(predicate: Predicate, column: string): RowPredicate {
  switch (predicate.kind) {
    case 'compare':
      return (row) => compareMatches(predicate.op, compareSqlValues(cell(row, column), predicate.value));
    case 'is-null':
      return (row) => (cell(row, column) === null) !== predicate.negated;
    case 'in':
      return (row) => {
        const value = cell(row, column);
        if (value === null) return false;
        const found = predicate.values.some((literal) => compareSqlValues(value, literal) === 0);
        return found !== predicate.negated;
      };
    case 'like': {
      const regex = likeToRegExp(predicate.pattern);
      return (row) => {
        const value = cell(row, column);
        if (typeof value !== 'string') return false;
        return regex.test(value) !== predicate.negated;
      };
    }
  }
}

/** AND of all predicates; each entry pairs a predicate with the resolved column name. */
export function compileWhere(
  predicates: readonly { readonly predicate: Predicate; readonly column: string }[],
): RowPredicate {
  const tests = predicates.map(({ predicate, column }) => compileOne(predicate, column));
  if (tests.length === 0) return () => true;
  return (row) => tests.every((test) => test(row));
}
