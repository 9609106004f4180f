import { asArray, field, identValue, objectNameParts, variant } from '../../sql/ast-access.js';
import { tokenize } from '../../sql/lexer.js';
import { parseSql } from '../../sql/sql-parser.js';
import { quoteIdentifier } from '../sql-identifier.js';
import { extentOf } from './source-offsets.js';

/**
 * Adds an equality to a join whose ON condition has none (`ON r.ts BETWEEN m.s AND m.e`), so the
 * planner can hash instead of comparing every pair: `ON r.k = m.k AND (r.ts BETWEEN m.s AND m.e)`.
 * The join is found in the AST; the ON clause's end is where the next clause starts at the same depth.
 */
export interface JoinSide {
  /** Catalog path parts of the relation. */
  readonly path: readonly string[];
  /** What its columns are qualified with in the query: its alias, else its name as written. */
  readonly qualifier: string;
}

export interface JoinEqualityTarget {
  /** The index of the explicit join under the outermost SELECT's first FROM item. */
  readonly joinIndex: number;
  readonly left: JoinSide;
  readonly right: JoinSide;
}

const CLAUSE_STARTS = new Set([
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'QUALIFY',
  'WINDOW',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'NATURAL',
  'OFFSET',
  'FETCH',
]);

function sideOf(relation: unknown): JoinSide | undefined {
  const table = field(relation, 'Table');
  const path = objectNameParts(field(table, 'name'));
  if (path.length === 0) return undefined;
  const alias = identValue(field(field(table, 'alias'), 'name'));
  return { path, qualifier: alias ?? path.at(-1)! };
}

/** Each non-equi ON join of the outermost SELECT with the relation it joins to (the first FROM item). */
export function nonEquiJoins(sql: string): JoinEqualityTarget[] {
  const parsed = parseSql(sql);
  if (!parsed.ok || parsed.statements.length !== 1) return [];
  const select = field(field(field(parsed.statements[0], 'Query'), 'body'), 'Select');
  const first = asArray(field(select, 'from'))[0];
  const left = sideOf(field(first, 'relation'));
  if (left === undefined) return [];
  return asArray(field(first, 'joins')).flatMap((join, joinIndex) => {
    const on = onExpression(join);
    const right = sideOf(field(join, 'relation'));
    if (on === undefined || right === undefined || hasEquality(on)) return [];
    return [{ joinIndex, left, right }];
  });
}

function onExpression(join: unknown): unknown {
  const operator = variant(field(join, 'join_operator'));
  return field(operator?.body, 'On');
}

function hasEquality(node: unknown): boolean {
  const v = variant(node);
  if (v?.tag === 'Nested') return hasEquality(v.body);
  if (v?.tag !== 'BinaryOp') return false;
  const op = field(v.body, 'op');
  if (op === 'And') return hasEquality(field(v.body, 'left')) || hasEquality(field(v.body, 'right'));
  const isColumn = (n: unknown) => ['Identifier', 'CompoundIdentifier'].includes(variant(n)?.tag ?? '');
  return op === 'Eq' && isColumn(field(v.body, 'left')) && isColumn(field(v.body, 'right'));
}

/** Where the ON clause that starts at `from` ends: the next clause keyword or closing paren at its depth. */
function onClauseEnd(sql: string, from: number): number {
  let depth = 0;
  for (const t of tokenize(sql.slice(from))) {
    if (t.text === '(') depth++;
    if (t.text === ')' && --depth < 0) return from + t.start;
    if (depth === 0 && t.kind === 'keyword' && CLAUSE_STARTS.has(t.value)) return from + t.start;
    if (depth === 0 && t.text === ';') return from + t.start;
  }
  return sql.length;
}

/** The query with `left.column = right.column AND (…)` as the join's ON; undefined when it cannot be placed. */
export function addJoinEquality(sql: string, target: JoinEqualityTarget, column: string): string | undefined {
  const parsed = parseSql(sql);
  if (!parsed.ok) return undefined;
  const select = field(field(field(parsed.statements[0], 'Query'), 'body'), 'Select');
  const join = asArray(field(asArray(field(select, 'from'))[0], 'joins'))[target.joinIndex];
  const onStart = extentOf(sql, onExpression(join))?.start;
  if (onStart === undefined) return undefined;
  const on = tokenize(sql.slice(0, onStart))
    .filter((t) => t.kind === 'keyword' && t.value === 'ON')
    .at(-1);
  if (on === undefined) return undefined;
  let bodyStart = on.end;
  while (/\s/.test(sql[bodyStart] ?? '')) bodyStart++;
  let end = onClauseEnd(sql, bodyStart);
  while (end > bodyStart && /\s/.test(sql[end - 1] ?? '')) end--;
  const q = (side: JoinSide) => `${quoteIdentifier(side.qualifier)}.${quoteIdentifier(column)}`;
  const out =
    `${sql.slice(0, bodyStart)}${q(target.left)} = ${q(target.right)} AND (` +
    `${sql.slice(bodyStart, end)})${sql.slice(end)}`;
  const reparsed = parseSql(out);
  return reparsed.ok && reparsed.statements.length === 1 ? out : undefined;
}
