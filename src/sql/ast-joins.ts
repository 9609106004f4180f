import type { SqlColumnPair, SqlJoin, SqlJoinCondition, SqlJoinKind } from '../domain/sql-facts.js';
import { asArray, field, objectNameParts, variant } from './ast-access.js';
import { columnsOf } from './ast-expr.js';
import { extractPredicates } from './ast-predicates.js';
import type { Relation, Scope } from './ast-scope.js';
import { sameName } from './table-path.js';

const JOIN_KINDS: Readonly<Record<string, SqlJoinKind>> = {
  Join: 'inner',
  Inner: 'inner',
  Left: 'left',
  LeftOuter: 'left',
  Right: 'right',
  RightOuter: 'right',
  FullOuter: 'full',
  CrossJoin: 'cross',
  LeftSemi: 'semi',
  RightSemi: 'semi',
  Semi: 'semi',
  LeftAnti: 'anti',
  RightAnti: 'anti',
  Anti: 'anti',
};

export interface JoinAnalysis {
  readonly join: SqlJoin;
  /** The ON condition, for the caller to collect its columns and filters. */
  readonly on: unknown;
}

function relationName(relation: Relation | null): string | null {
  return relation?.dataset ?? relation?.alias ?? null;
}

function usingPairs(names: unknown, relation: Relation | null): SqlColumnPair[] {
  return asArray(names).map((n) => {
    const parts = objectNameParts(n);
    const name = parts[parts.length - 1] ?? '';
    const qualifier = relation?.alias ?? relation?.lastPart ?? null;
    return {
      left: { name, qualifier: null, table: null },
      right: { name, qualifier, table: relation?.dataset ?? null },
    };
  });
}

/** Kind, condition and column pairs of one explicit join. */
export function analyseJoin(
  spec: { readonly operator: unknown; readonly relation: Relation | null },
  scope: Scope,
): JoinAnalysis {
  const { relation } = spec;
  const op = variant(spec.operator);
  const kind = JOIN_KINDS[op?.tag ?? ''] ?? 'other';
  const constraint = variant(op?.body);
  const base = { kind, table: relationName(relation), implicit: false };
  if (constraint?.tag === 'On') {
    const pairs = extractPredicates(constraint.body, scope).pairs;
    const condition: SqlJoinCondition =
      pairs.length > 0 ? 'equi' : columnsOf(constraint.body).length > 0 ? 'non-equi' : 'missing';
    return { join: { ...base, condition, pairs }, on: constraint.body };
  }
  if (constraint?.tag === 'Using') {
    return {
      join: { ...base, condition: 'equi', pairs: usingPairs(constraint.body, relation) },
      on: undefined,
    };
  }
  if (constraint?.tag === 'Natural')
    return { join: { ...base, condition: 'equi', pairs: [] }, on: undefined };
  return { join: { ...base, condition: 'missing', pairs: [] }, on: undefined };
}

function touches(side: SqlColumnPair['left'], relation: Relation): boolean {
  if (relation.dataset !== null && side.table !== null) return sameName(side.table, relation.dataset);
  const name = relation.alias ?? relation.lastPart;
  return side.qualifier !== null && name !== null && sameName(side.qualifier, name);
}

/** A comma join (`FROM a, b`), equi when WHERE holds a column pair touching the relation. */
export function implicitJoin(relation: Relation | null, wherePairs: readonly SqlColumnPair[]): SqlJoin {
  const pairs =
    relation === null
      ? []
      : wherePairs.filter((p) => touches(p.left, relation) || touches(p.right, relation));
  return {
    kind: 'cross',
    condition: pairs.length > 0 ? 'equi' : 'missing',
    table: relationName(relation),
    pairs,
    implicit: true,
  };
}

export function joinsOf(twj: unknown): readonly unknown[] {
  return asArray(field(twj, 'joins'));
}
