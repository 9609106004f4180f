import type { SqlTableRef } from '../domain/sql-facts.js';
import { isKeyword } from './keywords.js';

const PLAIN_PART = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function quotePart(part: string): string {
  return PLAIN_PART.test(part) && !isKeyword(part) ? part : `"${part.replaceAll('"', '""')}"`;
}

/**
 * The canonical dotted name of a dataset path: parts joined by `.`, double-quoted only when they are not
 * plain identifiers or are keywords, as Dremio itself prints paths.
 *
 * @example
 * canonicalPath(['Samples', 'samples.dremio.com', 'zips.json']); // 'Samples."samples.dremio.com"."zips.json"'
 */
export function canonicalPath(path: readonly string[]): string {
  return path.map(quotePart).join('.');
}

export function tableRef(path: readonly string[], alias: string | null): SqlTableRef {
  return { path: [...path], name: canonicalPath(path), alias };
}

/** Case-insensitive, because Dremio resolves names that way. */
export function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** Splits a dotted path as the catalog prints it (`a.b."c.d"`) into its parts. */
export function splitDottedPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '"') {
      if (quoted && path[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}
