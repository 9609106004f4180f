import type { SqlValue } from '../world.js';
import type { SqlLiteral } from './select-query.js';

type Scalar = string | number | bigint | boolean;

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === 'number' || typeof value === 'bigint';
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && Number.isInteger(b)) return compareNumbers(a, BigInt(b));
  if (typeof b === 'bigint' && Number.isInteger(a)) return compareNumbers(BigInt(a), b);
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Timestamps compare as text once `2024-04-24T14:26:23Z` is written the way Dremio prints them. */
function normaliseTimestampText(text: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.replace('T', ' ').replace(/Z$/, '') : text;
}

function asNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * SQL comparison of a column value with a literal: negative, zero or positive, or `undefined` when the
 * result is unknown (a NULL on either side, a list, or types that cannot be compared).
 */
export function compareSqlValues(value: SqlValue, literal: SqlLiteral): number | undefined {
  if (value === null || literal === null || typeof value === 'object') return undefined;
  const a = value as Scalar;
  if (isNumeric(a) && isNumeric(literal)) return compareNumbers(a, literal);
  if (typeof a === 'string' && typeof literal === 'string') {
    const x = normaliseTimestampText(a);
    const y = normaliseTimestampText(literal);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isNumeric(a) && typeof literal === 'string') {
    const n = asNumber(literal);
    return n === undefined ? undefined : compareNumbers(a, n);
  }
  if (typeof a === 'string' && isNumeric(literal)) {
    const n = asNumber(a);
    return n === undefined ? undefined : compareNumbers(n, literal);
  }
  if (typeof a === 'boolean' && typeof literal === 'boolean') return Number(a) - Number(literal);
  return undefined;
}

function structText(value: SqlValue): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Ordering for ORDER BY: NULLs sort high (last ascending, first descending), as in Dremio. */
export function compareForSort(a: SqlValue, b: SqlValue): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  if (typeof a === 'object' || typeof b === 'object') return structText(a).localeCompare(structText(b));
  return compareSqlValues(a, b as SqlLiteral) ?? String(a).localeCompare(String(b));
}

/** SQL LIKE with `%` and `_` wildcards; everything else matches literally. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
