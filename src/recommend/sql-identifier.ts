import { isKeyword } from '../sql/keywords.js';

/**
 * Calcite reserved words that the lexer does not mark as keywords but Dremio rejects unquoted; column
 * names such as `value`, `year` or `timestamp` are common in real tables.
 */
const EXTRA_RESERVED: ReadonlySet<string> = new Set([
  'VALUE',
  'YEAR',
  'MONTH',
  'HOUR',
  'MINUTE',
  'SECOND',
  'TIME',
  'TIMESTAMP',
  'USER',
  'COUNT',
  'SUM',
  'MIN',
  'MAX',
  'AVG',
  'POSITION',
  'LANGUAGE',
  'RANGE',
  'ROWS',
  'ROW',
  'SIZE',
  'START',
  'REFLECTION',
  'REFLECTIONS',
  'DISPLAY',
  'DIMENSIONS',
  'MEASURES',
  'PARTITION',
  'FIELD',
]);

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether the name must be double-quoted to be read back as the same identifier. */
export function needsQuotes(name: string): boolean {
  return !PLAIN.test(name) || isKeyword(name) || EXTRA_RESERVED.has(name.toUpperCase());
}

/** One identifier as DDL writes it: bare when safe, otherwise double-quoted with `"` doubled. */
export function quoteIdentifier(name: string): string {
  return needsQuotes(name) ? `"${name.replaceAll('"', '""')}"` : name;
}

/** A dataset path from its parts: `lakehouse.sales."order lines"`. */
export function quotePath(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

export { splitDottedPath } from '../sql/table-path.js';
