import { asArray, asString, field, variant } from '../../sql/ast-access.js';
import { functionName } from '../../sql/ast-expr.js';
import { tokenize } from '../../sql/lexer.js';
import { parseSql } from '../../sql/sql-parser.js';
import { type Extent, extentOf } from './source-offsets.js';

/**
 * `CAST(ts AS DATE) = '2026-01-05'` (or `TO_DATE(ts)`, `DATE_TRUNC('DAY', ts)`, `EXTRACT(YEAR FROM ts) = 2026`,
 * `YEAR(ts) = 2026`) hides the partition
 * column inside an expression, so the scan cannot prune on it; the same filter as a range on the raw
 * column, `ts >= TIMESTAMP '2026-01-05 00:00:00' AND ts < TIMESTAMP '2026-01-06 00:00:00'`, prunes.
 * Located in the parser's AST, spliced into the original text, and the result re-parsed.
 */
export interface TruncatedRangeOptions {
  /** Partition columns (any case) whose wrapped filters to rewrite. */
  readonly columns: readonly string[];
  /** Qualifiers that name the partitioned table in this query (its alias or name); empty = unqualified only. */
  readonly qualifiers: readonly string[];
  /** Catalog type of each column (upper-case), to write DATE or TIMESTAMP bounds. */
  readonly typeOf: (column: string) => string | undefined;
}

export interface TruncatedRangeRewrite {
  readonly sql: string;
  /** The predicates replaced, as written. */
  readonly replaced: readonly string[];
  readonly columns: readonly string[];
  /** True when every filter replaced kept one day (so a day-partitioned scan reads one partition). */
  readonly oneDay: boolean;
}

interface Match {
  readonly extent: Extent;
  readonly columnText: string;
  readonly column: string;
  /** The first day the filter keeps and the first it no longer keeps (`YYYY-MM-DD`). */
  readonly from: string;
  readonly to: string;
}

type Unit = 'day' | 'year';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The column a truncating wrapper exposes and the unit it truncates to: `CAST(c AS DATE)`, `TO_DATE(c)`,
 * `DATE_TRUNC('DAY', c)` (day); `EXTRACT(YEAR FROM c)`, `YEAR(c)` (year).
 */
function wrappedColumn(node: unknown): { readonly column: unknown; readonly unit: Unit } | undefined {
  const v = variant(node);
  if (v?.tag === 'Cast' && field(v.body, 'data_type') === 'Date')
    return { column: field(v.body, 'expr'), unit: 'day' };
  if (v?.tag === 'Extract' && field(v.body, 'field') === 'Year')
    return { column: field(v.body, 'expr'), unit: 'year' };
  if (v?.tag !== 'Function') return undefined;
  const name = functionName(v.body);
  const args = asArray(field(field(field(v.body, 'args'), 'List'), 'args')).map((a) =>
    field(field(a, 'Unnamed'), 'Expr'),
  );
  if (name === 'TO_DATE' && args.length === 1) return { column: args[0], unit: 'day' };
  if (name === 'YEAR' && args.length === 1) return { column: args[0], unit: 'year' };
  const unit = asString(field(field(field(args[0], 'Value'), 'value'), 'SingleQuotedString'));
  if (name === 'DATE_TRUNC' && args.length === 2 && unit?.toUpperCase() === 'DAY')
    return { column: args[1], unit: 'day' };
  return undefined;
}

/** A year as a number literal: `2026`. */
function yearLiteral(node: unknown): number | undefined {
  const digits = asString(asArray(field(field(field(node, 'Value'), 'value'), 'Number'))[0]);
  return digits !== undefined && /^\d{4}$/.test(digits) ? Number(digits) : undefined;
}

function boundsOf(unit: Unit, literal: unknown): { from: string; to: string } | undefined {
  if (unit === 'year') {
    const year = yearLiteral(literal);
    return year === undefined ? undefined : { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  }
  const day = dayLiteral(literal);
  return day === undefined ? undefined : { from: day, to: nextDay(day) };
}

/** `'2026-01-05'` or `DATE '2026-01-05'`: the day it names. */
function dayLiteral(node: unknown): string | undefined {
  const v = variant(node);
  const value =
    v?.tag === 'TypedString' && field(v.body, 'data_type') === 'Date'
      ? field(field(v.body, 'value'), 'value')
      : v?.tag === 'Value'
        ? field(v.body, 'value')
        : undefined;
  const text = asString(field(value, 'SingleQuotedString'));
  return text !== undefined && DAY.test(text) ? text : undefined;
}

function columnParts(node: unknown): string[] | undefined {
  const v = variant(node);
  if (v?.tag === 'Identifier') return [asString(field(v.body, 'value')) ?? ''];
  if (v?.tag === 'CompoundIdentifier') return asArray(v.body).map((p) => asString(field(p, 'value')) ?? '');
  return undefined;
}

/** Back from the column's first character over the wrapper's opening (`CAST(`, `EXTRACT(YEAR FROM`) to where it starts. */
function wrapperStart(sql: string, columnStart: number, node: unknown): number | undefined {
  const v = variant(node);
  if (v?.tag === 'Function') return extentOf(sql, field(v.body, 'name'))?.start;
  const before = tokenize(sql.slice(0, columnStart)).filter(
    (t) => t.kind !== 'whitespace' && t.kind !== 'comment',
  );
  if (v?.tag === 'Extract') {
    const [keyword, open, unit, from] = before.slice(-4);
    const shaped = keyword?.value === 'EXTRACT' && open?.text === '(' && unit?.value === 'YEAR';
    return shaped && from?.value === 'FROM' ? keyword.start : undefined;
  }
  const open = before.at(-1);
  const cast = before.at(-2);
  return open?.text === '(' && cast?.value === 'CAST' ? cast.start : undefined;
}

function matchOf(sql: string, node: unknown, options: TruncatedRangeOptions): Match | undefined {
  const v = variant(node);
  if (v?.tag !== 'BinaryOp' || field(v.body, 'op') !== 'Eq') return undefined;
  const wrapper = field(v.body, 'left');
  const wrapped = wrappedColumn(wrapper);
  const bounds = wrapped === undefined ? undefined : boundsOf(wrapped.unit, field(v.body, 'right'));
  const parts = columnParts(wrapped?.column);
  if (bounds === undefined || parts === undefined) return undefined;
  const name = parts.at(-1)!;
  const column = options.columns.find((c) => c.toLowerCase() === name.toLowerCase());
  const qualifier = parts.slice(0, -1).join('.');
  if (column === undefined) return undefined;
  if (qualifier !== '' && !options.qualifiers.some((q) => q.toLowerCase() === qualifier.toLowerCase()))
    return undefined;
  const columnExtent = extentOf(sql, wrapped?.column);
  const literalEnd = extentOf(sql, field(v.body, 'right'))?.end;
  if (columnExtent === undefined || literalEnd === undefined) return undefined;
  const start = wrapperStart(sql, columnExtent.start, wrapper);
  if (start === undefined) return undefined;
  return {
    extent: { start, end: literalEnd },
    columnText: sql.slice(columnExtent.start, columnExtent.end),
    column,
    ...bounds,
  };
}

/** Conjuncts of the WHERE clause reached through AND and parentheses only (under OR/NOT a range would change meaning). */
function conjuncts(node: unknown): unknown[] {
  const v = variant(node);
  if (v?.tag === 'Nested') return conjuncts(v.body);
  if (v?.tag === 'BinaryOp' && field(v.body, 'op') === 'And')
    return [...conjuncts(field(v.body, 'left')), ...conjuncts(field(v.body, 'right'))];
  return [node];
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
}

function rangeText(match: Match, type: string | undefined): string {
  const c = match.columnText;
  if (type === 'DATE' && nextDay(match.from) === match.to) return `${c} = DATE '${match.from}'`;
  if (type === 'DATE') return `${c} >= DATE '${match.from}' AND ${c} < DATE '${match.to}'`;
  return `${c} >= TIMESTAMP '${match.from} 00:00:00' AND ${c} < TIMESTAMP '${match.to} 00:00:00'`;
}

/**
 * The query with every day- or year-truncated equality on a partition column of the outermost SELECT's WHERE
 * replaced by a range on the raw column; undefined when there is none or the result does not parse.
 */
export function rewriteTruncatedRanges(
  sql: string,
  options: TruncatedRangeOptions,
): TruncatedRangeRewrite | undefined {
  const parsed = parseSql(sql);
  if (!parsed.ok || parsed.statements.length !== 1) return undefined;
  const select = field(field(field(parsed.statements[0], 'Query'), 'body'), 'Select');
  const where = field(select, 'selection');
  const matches = conjuncts(where)
    .map((node) => matchOf(sql, node, options))
    .filter((m): m is Match => m !== undefined)
    .sort((a, b) => b.extent.start - a.extent.start);
  if (matches.length === 0) return undefined;
  let out = sql;
  for (const m of matches)
    out = `${out.slice(0, m.extent.start)}${rangeText(m, options.typeOf(m.column)?.toUpperCase())}${out.slice(m.extent.end)}`;
  const reparsed = parseSql(out);
  if (!reparsed.ok || reparsed.statements.length !== 1) return undefined;
  return {
    sql: out,
    replaced: matches.map((m) => sql.slice(m.extent.start, m.extent.end)).reverse(),
    columns: [...new Set(matches.map((m) => m.column))],
    oneDay: matches.every((m) => nextDay(m.from) === m.to),
  };
}
