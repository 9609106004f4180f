import type { SqlGroupBy, SqlTimeUnit } from '../domain/sql-facts.js';
import { SQL_TIME_UNITS } from '../domain/sql-facts.js';
import { asArray, asString, field, variant } from './ast-access.js';
import { columnSubject, functionName, unwrapNested } from './ast-expr.js';
import type { Scope } from './ast-scope.js';
import { resolveColumn } from './ast-scope.js';

/** Functions that truncate a timestamp to a day: Dremio's `TO_DATE(ts)` and `DATE(ts)`. */
const TO_DAY_FUNCTIONS = new Set(['TO_DATE', 'DATE']);
/** Date-part functions: grouping by them needs nothing finer than that unit. */
const PART_FUNCTIONS: Readonly<Record<string, SqlTimeUnit>> = {
  YEAR: 'year',
  QUARTER: 'quarter',
  MONTH: 'month',
  WEEK: 'week',
  DAY: 'day',
  DAYOFMONTH: 'day',
  HOUR: 'hour',
  MINUTE: 'minute',
};

function toTimeUnit(text: string | undefined): SqlTimeUnit | null {
  const lower = (text ?? '').toLowerCase().replace(/s$/, '');
  return (SQL_TIME_UNITS as readonly string[]).includes(lower) ? (lower as SqlTimeUnit) : null;
}

/** The first argument's string value, as in `DATE_TRUNC('DAY', ts)`. */
function firstStringArg(body: unknown): string | undefined {
  const args = asArray(field(field(field(body, 'args'), 'List'), 'args'));
  const expr = field(field(args[0], 'Unnamed'), 'Expr');
  return asString(field(field(field(expr, 'Value'), 'value'), 'SingleQuotedString'));
}

/** `"Day"`, `{"Week": null}` or Floor's `{"DateTimeField": "Day"}` → the unit. */
function fieldUnit(node: unknown): SqlTimeUnit | null {
  const v = variant(node);
  if (v === undefined) return null;
  return v.tag === 'DateTimeField' ? fieldUnit(v.body) : toTimeUnit(v.tag);
}

function isDateType(dataType: unknown): boolean {
  return dataType === 'Date' || variant(dataType)?.tag === 'Date';
}

/** The time unit a group-by expression truncates to, or null when it is not a time truncation. */
function truncationUnit(node: unknown): SqlTimeUnit | null {
  const v = variant(unwrapNested(node));
  if (v === undefined) return null;
  // `CAST(ts AS DATE)` truncates to days; any other cast keeps the unit of what it casts.
  if (v.tag === 'Cast')
    return isDateType(field(v.body, 'data_type')) ? 'day' : truncationUnit(field(v.body, 'expr'));
  if (v.tag === 'Extract' || v.tag === 'Floor' || v.tag === 'Ceil') {
    return fieldUnit(field(v.body, 'field'));
  }
  if (v.tag !== 'Function') return null;
  const name = functionName(v.body);
  if (name === 'DATE_TRUNC') return toTimeUnit(firstStringArg(v.body));
  if (TO_DAY_FUNCTIONS.has(name)) return 'day';
  return PART_FUNCTIONS[name] ?? null;
}

/** The select list, for resolving `GROUP BY 1` and `GROUP BY alias` to the expression they name. */
export interface SelectList {
  readonly exprs: readonly unknown[];
  /** Upper-cased alias → aliased expression. */
  readonly aliases: ReadonlyMap<string, unknown>;
}

/** The select-list expression an ordinal or alias refers to, or the expression itself. */
export function resolveSelectReference(expr: unknown, list: SelectList): unknown {
  const digits = asArray(field(field(field(expr, 'Value'), 'value'), 'Number'))[0];
  const ordinal = typeof digits === 'string' ? Number(digits) : Number.NaN;
  if (Number.isInteger(ordinal) && ordinal >= 1) return list.exprs[ordinal - 1] ?? expr;
  const name = asString(field(field(expr, 'Identifier'), 'value'));
  return name === undefined ? expr : (list.aliases.get(name.toUpperCase()) ?? expr);
}

/** One GROUP BY expression as a fact; ordinals and aliases are resolved against the select list. */
export function groupByFact(
  expr: unknown,
  select: { readonly list: SelectList; readonly scope: Scope },
): SqlGroupBy {
  const target = resolveSelectReference(expr, select.list);
  const subject = columnSubject(target);
  const timeUnit = subject === undefined ? null : truncationUnit(target);
  return {
    column: subject === undefined ? null : resolveColumn(select.scope, subject.parts),
    wrappedBy: subject?.wrappedBy ?? null,
    timeUnit,
    dayGranularity: timeUnit === 'day',
  };
}
