import { asArray, asString, field, identValue, variant } from '../../sql/ast-access.js';
import { functionName } from '../../sql/ast-expr.js';
import { type Token, tokenize } from '../../sql/lexer.js';
import { parseSql } from '../../sql/sql-parser.js';
import { type Extent, extentOf } from './source-offsets.js';

/**
 * `SELECT b.g, COUNT(*), SUM(a.x) FROM A a JOIN B b ON a.k = b.k WHERE <a-only> GROUP BY b.g` joins every
 * row of A, so a key that repeats on both sides multiplies rows (fan-out) and a hot key lands on one
 * fragment (skew). Aggregating A by its join key first gives the same result with one row per key:
 * `FROM (SELECT a.k, COUNT(*) AS row_count, SUM(a.x) AS x_sum FROM A a WHERE … GROUP BY a.k) a`, and
 * the outer aggregates become SUM(a.row_count), SUM(a.x_sum). Only that exact shape is rewritten:
 * qualified columns, one inner equi-join, aggregates over A only, GROUP BY over B only, no HAVING.
 */
export interface PreAggregateRewrite {
  readonly sql: string;
  /** The alias of the side aggregated first and its join key columns. */
  readonly alias: string;
  readonly keys: readonly string[];
}

interface Column {
  readonly qualifier: string;
  readonly name: string;
}

function columnOf(node: unknown): Column | undefined {
  const v = variant(node);
  if (v?.tag !== 'CompoundIdentifier') return undefined;
  const parts = asArray(v.body).map((p) => asString(field(p, 'value')) ?? '');
  return parts.length === 2 ? { qualifier: parts[0]!, name: parts[1]! } : undefined;
}

/** Every column under the node; undefined when one is unqualified (its side would be a guess). */
function columnsUnder(node: unknown): Column[] | undefined {
  const out: Column[] = [];
  let bare = false;
  const visit = (value: unknown): void => {
    const v = variant(value);
    if (v?.tag === 'Identifier') bare = true;
    const column = columnOf(value);
    if (column !== undefined) {
      out.push(column);
      return;
    }
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (typeof value === 'object' && value !== null)
      for (const child of Object.values(value)) visit(child);
  };
  visit(node);
  return bare ? undefined : out;
}

function conjuncts(node: unknown): unknown[] {
  const v = variant(node);
  if (v?.tag === 'BinaryOp' && field(v.body, 'op') === 'And')
    return [...conjuncts(field(v.body, 'left')), ...conjuncts(field(v.body, 'right'))];
  return node === undefined || node === null ? [] : [node];
}

function significant(sql: string): Token[] {
  return tokenize(sql).filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
}

/** The extent widened over closing parens its own text opened (a call's `)`), undefined if unbalanced before. */
function balanced(sql: string, extent: Extent): Extent | undefined {
  let depth = 0;
  for (const t of significant(sql.slice(extent.start, extent.end))) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (depth < 0) return undefined;
  }
  let end = extent.end;
  for (const t of significant(sql.slice(end))) {
    if (depth === 0) break;
    if (t.text !== ')') return undefined;
    depth--;
    end = extent.end + t.end;
  }
  return depth === 0 ? { start: extent.start, end } : undefined;
}

/** A conjunct whose text starts at its first column (`a.x <> 'v'`), so its spans bound it exactly. */
function conjunctExtent(sql: string, node: unknown): Extent | undefined {
  const v = variant(node);
  const left = v?.tag === 'BinaryOp' ? field(v.body, 'left') : undefined;
  if (columnOf(left) === undefined) return undefined;
  const extent = extentOf(sql, node);
  return extent === undefined ? undefined : balanced(sql, extent);
}

interface OuterAggregate {
  readonly extent: Extent;
  readonly inner: string;
  readonly outer: string;
}

const REAGGREGATE: Readonly<Record<string, string>> = { SUM: 'SUM', COUNT: 'SUM', MIN: 'MIN', MAX: 'MAX' };

/** `COUNT(*)`, or SUM/COUNT/MIN/MAX of one column of the aggregated side, with its inner and outer forms. */
function aggregateOf(sql: string, node: unknown, alias: string): OuterAggregate | undefined {
  const v = variant(node);
  if (v?.tag !== 'Function') return undefined;
  const name = functionName(v.body);
  const list = field(field(v.body, 'args'), 'List');
  if (field(list, 'duplicate_treatment') === 'Distinct' || REAGGREGATE[name] === undefined) return undefined;
  const args = asArray(field(list, 'args'));
  const nameStart = extentOf(sql, field(v.body, 'name'))?.start;
  if (nameStart === undefined || args.length !== 1) return undefined;
  const open = significant(sql.slice(nameStart)).findIndex((t) => t.text === ')');
  const close = significant(sql.slice(nameStart))[open];
  if (close === undefined) return undefined;
  const extent = { start: nameStart, end: nameStart + close.end };
  const arg = field(field(args[0], 'Unnamed'), 'Expr');
  const star = args[0] === 'Wildcard' || field(args[0], 'Unnamed') === 'Wildcard';
  if (star && name === 'COUNT')
    return { extent, inner: 'COUNT(*) AS row_count', outer: `SUM(${alias}.row_count)` };
  const column = columnOf(arg);
  if (column === undefined || column.qualifier.toLowerCase() !== alias.toLowerCase()) return undefined;
  const out = `${column.name}_${name.toLowerCase()}`;
  return {
    extent,
    inner: `${name}(${alias}.${column.name}) AS ${out}`,
    outer: `${REAGGREGATE[name]}(${alias}.${out})`,
  };
}

interface Side {
  readonly alias: string;
  /** The relation as written, `lakehouse.sales.orders o`. */
  readonly extent: Extent;
  readonly table: string;
}

function sideOf(sql: string, relation: unknown): Side | undefined {
  const table = field(relation, 'Table');
  const alias = identValue(field(field(table, 'alias'), 'name'));
  const name = extentOf(sql, field(table, 'name'));
  const whole = extentOf(sql, table);
  if (alias === undefined || name === undefined || whole === undefined) return undefined;
  return { alias, extent: whole, table: sql.slice(name.start, name.end) };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Join keys of `side` in an ON made only of `x.c = y.c` equalities between the two sides. */
function joinKeys(on: unknown, side: string, other: string): string[] | undefined {
  const keys: string[] = [];
  for (const c of conjuncts(on)) {
    const v = variant(c);
    if (v?.tag !== 'BinaryOp' || field(v.body, 'op') !== 'Eq') return undefined;
    const l = columnOf(field(v.body, 'left'));
    const r = columnOf(field(v.body, 'right'));
    if (l === undefined || r === undefined) return undefined;
    const mine =
      same(l.qualifier, side) && same(r.qualifier, other) ? l : same(r.qualifier, side) ? r : undefined;
    if (mine === undefined || !same((mine === l ? r : l).qualifier, other)) return undefined;
    keys.push(mine.name);
  }
  return keys.length > 0 ? keys : undefined;
}

function splices(sql: string, edits: readonly { extent: Extent; text: string }[]): string {
  let out = sql;
  for (const e of [...edits].sort((a, b) => b.extent.start - a.extent.start))
    out = `${out.slice(0, e.extent.start)}${e.text}${out.slice(e.extent.end)}`;
  return out;
}

interface Parts {
  readonly select: unknown;
  readonly on: unknown;
  readonly sides: readonly [Side, Side];
}

function partsOf(sql: string): Parts | undefined {
  const parsed = parseSql(sql);
  if (!parsed.ok || parsed.statements.length !== 1) return undefined;
  const query = field(parsed.statements[0], 'Query');
  const select = field(field(query, 'body'), 'Select');
  const from = asArray(field(select, 'from'));
  const joins = asArray(field(from[0], 'joins'));
  if (field(query, 'with') != null || from.length !== 1 || joins.length !== 1) return undefined;
  if (field(select, 'having') != null || field(select, 'distinct') != null) return undefined;
  const operator = variant(field(joins[0], 'join_operator'));
  if (operator?.tag !== 'Join' && operator?.tag !== 'Inner') return undefined;
  const left = sideOf(sql, field(from[0], 'relation'));
  const right = sideOf(sql, field(joins[0], 'relation'));
  if (left === undefined || right === undefined) return undefined;
  return { select, on: field(operator.body, 'On'), sides: [left, right] };
}

/** The query with side `alias` aggregated by its join key before the join; undefined for any other shape. */
export function preAggregateJoin(sql: string, alias: string): PreAggregateRewrite | undefined {
  const parts = partsOf(sql);
  if (parts === undefined) return undefined;
  const a = parts.sides.find((s) => same(s.alias, alias));
  const b = parts.sides.find((s) => !same(s.alias, alias));
  if (a === undefined || b === undefined) return undefined;
  const keys = joinKeys(parts.on, a.alias, b.alias);
  if (keys === undefined) return undefined;
  const onlyB = (node: unknown) => columnsUnder(node)?.every((c) => same(c.qualifier, b.alias)) === true;
  const onlyA = (node: unknown) => {
    const cols = columnsUnder(node);
    return cols !== undefined && cols.length > 0 && cols.every((c) => same(c.qualifier, a.alias));
  };
  const groupBy = asArray(asArray(field(field(parts.select, 'group_by'), 'Expressions'))[0]);
  if (groupBy.length === 0 || !groupBy.every(onlyB)) return undefined;
  const aggregates: OuterAggregate[] = [];
  for (const item of asArray(field(parts.select, 'projection'))) {
    const v = variant(item);
    const expr =
      v?.tag === 'UnnamedExpr' ? v.body : v?.tag === 'ExprWithAlias' ? field(v.body, 'expr') : undefined;
    if (expr === undefined) return undefined;
    if (onlyB(expr) && variant(expr)?.tag !== 'Function') continue;
    const aggregate = aggregateOf(sql, expr, a.alias);
    if (aggregate === undefined) return undefined;
    aggregates.push(aggregate);
  }
  if (aggregates.length === 0) return undefined;
  const where = field(parts.select, 'selection');
  const inner: string[] = [];
  const outer: string[] = [];
  for (const c of conjuncts(where)) {
    const extent = conjunctExtent(sql, c);
    if (extent === undefined) return undefined;
    if (onlyA(c)) inner.push(sql.slice(extent.start, extent.end));
    else if (onlyB(c)) outer.push(sql.slice(extent.start, extent.end));
    else return undefined;
  }
  const keyList = keys.map((k) => `${a.alias}.${k}`).join(', ');
  const subquery =
    `(SELECT ${keyList}, ${aggregates.map((g) => g.inner).join(', ')} FROM ${a.table} ${a.alias}` +
    `${inner.length > 0 ? ` WHERE ${inner.join(' AND ')}` : ''} GROUP BY ${keyList}) ${a.alias}`;
  const edits = [
    ...aggregates.map((g) => ({ extent: g.extent, text: g.outer })),
    { extent: a.extent, text: subquery },
  ];
  if (where != null) {
    const whereExtent = whereClauseExtent(sql, where);
    if (whereExtent === undefined) return undefined;
    edits.push({ extent: whereExtent, text: outer.length > 0 ? ` WHERE ${outer.join(' AND ')}` : '' });
  }
  const rewritten = splices(sql, edits);
  const reparsed = parseSql(rewritten);
  return reparsed.ok && reparsed.statements.length === 1
    ? { sql: rewritten, alias: a.alias, keys }
    : undefined;
}

/** From the whitespace before WHERE to the end of its condition. */
function whereClauseExtent(sql: string, where: unknown): Extent | undefined {
  const body = extentOf(sql, where);
  if (body === undefined) return undefined;
  const keyword = significant(sql.slice(0, body.start))
    .filter((t) => t.value === 'WHERE')
    .at(-1);
  const end = balanced(sql, body)?.end;
  if (keyword === undefined || end === undefined) return undefined;
  let start = keyword.start;
  while (start > 0 && /\s/.test(sql[start - 1]!)) start--;
  return { start, end };
}

/** Whichever side of the query's one join can be aggregated first (at most one fits the shape). */
export function preAggregateEitherSide(sql: string): PreAggregateRewrite | undefined {
  const parts = partsOf(sql);
  if (parts === undefined) return undefined;
  for (const side of parts.sides) {
    const rewrite = preAggregateJoin(sql, side.alias);
    if (rewrite !== undefined) return rewrite;
  }
  return undefined;
}
