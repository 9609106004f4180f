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

const COMPARISONS: Readonly<Record<string, SqlPredicateKind>> = {
  Eq: 'eq',
  NotEq: 'not-eq',
  Lt: 'range',
  LtEq: 'range',
  Gt: 'range',
  GtEq: 'range',
};
const LIKE_TAGS = new Set(['Like', 'ILike', 'SimilarTo', 'RLike']);

function add(out: PredicateFacts, scope: Scope, subject: unknown, kind: SqlPredicateKind, negated: boolean) {
  const s = columnSubject(subject);
  if (s === undefined) return;
  out.predicates.push({
    column: resolveColumn(scope, s.parts),
    comparison: kind,
    wrappedBy: s.wrappedBy,
    negated,
  });
}

function bareColumn(s: ColumnSubject | undefined): s is ColumnSubject {
  return s !== undefined && s.wrappedBy === null;
}

function comparison(out: PredicateFacts, scope: Scope, body: unknown, negated: boolean): void {
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
      out.pairs.push({ left: resolveColumn(scope, l.parts), right: resolveColumn(scope, r.parts) });
    }
    return;
  }
  if (leftHas) add(out, scope, left, kind, negated);
  else if (rightHas) add(out, scope, right, kind, negated);
}

/** `a IS NOT DISTINCT FROM b`: a null-safe equality, a join pair between two columns. */
function nullSafeEquality(out: PredicateFacts, scope: Scope, body: unknown): void {
  const [left, right] = asArray(body);
  comparison(out, scope, { op: 'Eq', left, right }, false);
}

function visit(out: PredicateFacts, scope: Scope, node: unknown, negated: boolean): void {
  const v = variant(node);
  if (v === undefined) return;
  const { tag, body } = v;
  const bodyNegated = field(body, 'negated') === true ? !negated : negated;
  if (tag === 'BinaryOp') {
    const op = field(body, 'op');
    if (op === 'And' || op === 'Or') {
      visit(out, scope, field(body, 'left'), negated);
      visit(out, scope, field(body, 'right'), negated);
    } else comparison(out, scope, body, negated);
  } else if (tag === 'Nested') visit(out, scope, body, negated);
  else if (tag === 'UnaryOp' && field(body, 'op') === 'Not') visit(out, scope, field(body, 'expr'), !negated);
  else if (tag === 'InList' || tag === 'InSubquery') add(out, scope, field(body, 'expr'), 'in', bodyNegated);
  else if (tag === 'Between') add(out, scope, field(body, 'expr'), 'range', bodyNegated);
  else if (LIKE_TAGS.has(tag)) add(out, scope, field(body, 'expr'), 'like', bodyNegated);
  else if (tag === 'IsNotDistinctFrom') nullSafeEquality(out, scope, body);
  else if (tag === 'IsNull' || tag === 'IsNotNull')
    add(out, scope, body, 'is-null', tag === 'IsNotNull' ? !negated : negated);
  else if (asObject(node) !== undefined) add(out, scope, node, 'other', negated);
}

/**
 * Filter predicates in a WHERE or ON condition: each conjunct or disjunct about one column becomes a
 * predicate; `col = col` becomes a column pair instead.
 */
export function extractPredicates(condition: unknown, scope: Scope): PredicateFacts {
  const out: PredicateFacts = { predicates: [], pairs: [] };
  visit(out, scope, condition, false);
  return out;
}
