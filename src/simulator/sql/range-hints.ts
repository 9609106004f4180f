import type { RangeHint } from '../world.js';
import { compareSqlValues } from './compare-values.js';
import type { Predicate } from './select-query.js';

type Bound = NonNullable<RangeHint['min']>;

function tighter(current: Bound | undefined, candidate: Bound, direction: 'min' | 'max'): Bound {
  if (current === undefined) return candidate;
  const order = compareSqlValues(candidate.value, current.value) ?? 0;
  if (order === 0) return { value: current.value, inclusive: current.inclusive && candidate.inclusive };
  const candidateIsTighter = direction === 'min' ? order > 0 : order < 0;
  return candidateIsTighter ? candidate : current;
}

/**
 * Range hints for the table's leading sort column, so the world can skip rows before the range
 * (e.g. `submitted_epoch_millis > watermark`). Only numeric comparisons become hints; the server still
 * applies every predicate itself.
 */
export function rangeHintsFor(
  predicates: readonly { readonly predicate: Predicate; readonly column: string }[],
  leadingColumn: string | undefined,
): RangeHint[] {
  if (leadingColumn === undefined) return [];
  let min: Bound | undefined;
  let max: Bound | undefined;
  for (const { predicate, column } of predicates) {
    if (column !== leadingColumn || predicate.kind !== 'compare') continue;
    const value = predicate.value;
    if (typeof value !== 'number' && typeof value !== 'bigint') continue;
    const op = predicate.op;
    if (op === '>' || op === '>=' || op === '=') min = tighter(min, { value, inclusive: op !== '>' }, 'min');
    if (op === '<' || op === '<=' || op === '=') max = tighter(max, { value, inclusive: op !== '<' }, 'max');
  }
  if (min === undefined && max === undefined) return [];
  return [{ column: leadingColumn, ...(min ? { min } : {}), ...(max ? { max } : {}) }];
}
