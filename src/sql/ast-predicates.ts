import type { SqlColumnPair, SqlPredicate, SqlPredicateKind } from '../domain/sql-facts.js';
import { asArray, asObject, field, variant } from './ast-access.js';
import type { ColumnSubject } from './ast-expr.js';
import { columnSubject, columnsOf } from './ast-expr.js';
import type { Scope } from './ast-scope.js';
import { resolveColumn } from './ast-scope.js';

export interface PredicateFacts {
  readonly predicates: SqlPredicate[];
  /** `a.x = b.y` pairs, which make comma joins and ON clauses equi-joins. */
  readonly pairs: SqlColumnPair[];
}

interface Walk {
  readonly out: PredicateFacts;
  readonly scope: Scope;
  /** Whether an odd number of NOTs encloses the current node. */
  readonly negated: boolean;
}

interface Leaf {
  readonly subject: unknown;
  readonly kind: SqlPredicateKind;
  readonly negated: boolean;
}

const COMPARISONS: Readonly<Record<string, SqlPredicateKind>> = {
  Eq: 'eq',
  NotEq: 'not-eq',
  Lt: 'range',
  LtEq: 'range',
  Gt: 'range',
  GtEq: 'range',
};
const LIKE_TAGS = new Set(['Like', 'ILike', 'SimilarTo', 'RLike']);

function add(walk: Walk, leaf: Leaf): void {
  const s = columnSubject(leaf.subject);
  if (s === undefined) return;
  const column = resolveColumn(walk.scope, s.parts);
  walk.out.predicates.push({ column, comparison: leaf.kind, wrappedBy: s.wrappedBy, negated: leaf.negated });
}

function bareColumn(s: ColumnSubject | undefined): s is ColumnSubject {
  return s !== undefined && s.wrappedBy === null;
}

function comparison(walk: Walk, body: unknown): void {
  const op = String(field(body, 'op'));
  const left = field(body, 'left');
  const right = field(body, 'right');
  const leftHas = columnsOf(left).length > 0;
  const rightHas = columnsOf(right).length > 0;
  const kind = COMPARISONS[op] ?? 'other';
  if (leftHas && rightHas) {
    const l = columnSubject(left);
    const r = columnSubject(right);
    if (op === 'Eq' && bareColumn(l) && bareColumn(r)) {
      walk.out.pairs.push({
        left: resolveColumn(walk.scope, l.parts),
        right: resolveColumn(walk.scope, r.parts),
      });
    }
    return;
  }
  if (leftHas || rightHas) add(walk, { subject: leftHas ? left : right, kind, negated: walk.negated });
}

/** `a IS NOT DISTINCT FROM b`: a null-safe equality, a join pair between two columns. */
function nullSafeEquality(walk: Walk, body: unknown): void {
  const [left, right] = asArray(body);
  comparison(walk, { op: 'Eq', left, right });
}

function leafKind(tag: string): SqlPredicateKind | undefined {
  if (tag === 'InList' || tag === 'InSubquery') return 'in';
  if (tag === 'Between') return 'range';
  if (LIKE_TAGS.has(tag)) return 'like';
  return undefined;
}

function visit(walk: Walk, node: unknown): void {
  const v = variant(node);
  if (v === undefined) return;
  const { tag, body } = v;
  const kind = leafKind(tag);
  if (tag === 'BinaryOp') {
    const op = field(body, 'op');
    if (op !== 'And' && op !== 'Or') comparison(walk, body);
    else {
      visit(walk, field(body, 'left'));
      visit(walk, field(body, 'right'));
    }
  } else if (tag === 'Nested') visit(walk, body);
  else if (tag === 'UnaryOp' && field(body, 'op') === 'Not')
    visit({ ...walk, negated: !walk.negated }, field(body, 'expr'));
  else if (kind !== undefined) {
    const negated = field(body, 'negated') === true ? !walk.negated : walk.negated;
    add(walk, { subject: field(body, 'expr'), kind, negated });
  } else if (tag === 'IsNotDistinctFrom') nullSafeEquality(walk, body);
  else if (tag === 'IsNull' || tag === 'IsNotNull') {
    add(walk, {
      subject: body,
      kind: 'is-null',
      negated: tag === 'IsNotNull' ? !walk.negated : walk.negated,
    });
  } else if (asObject(node) !== undefined) add(walk, { subject: node, kind: 'other', negated: walk.negated });
}

/**
 * Filter predicates in a WHERE or ON condition: each conjunct or disjunct about one column becomes a
 * predicate; `col = col` becomes a column pair instead.
 */
export function extractPredicates(condition: unknown, scope: Scope): PredicateFacts {
  const out: PredicateFacts = { predicates: [], pairs: [] };
  visit({ out, scope, negated: false }, condition);
  return out;
}
