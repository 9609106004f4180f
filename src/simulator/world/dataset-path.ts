/**
 * The simulator keys every dataset by its path as Dremio prints it in SQL: parts joined by dots, a
 * part quoted when it is not a plain identifier (`Samples."samples.dremio.com"."zips.json"`). Code that
 * needs the parts reads them back with the quotes, never by splitting on every dot.
 */
import { canonicalPath, splitDottedPath } from '../../sql/table-path.js';

export function pathParts(path: string): string[] {
  return splitDottedPath(path);
}

/** The key of the dataset with these parts. */
export function pathOf(parts: readonly string[]): string {
  return canonicalPath(parts);
}

/** As job history prints a dataset: parts joined by dots, unquoted (fidelity-gaps #10). */
export function historyName(path: string): string {
  return pathParts(path).join('.');
}

/** Whether two lists of parts name the same dataset; Dremio compares names case-insensitively. */
export function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part.toLowerCase() === b[i]!.toLowerCase());
}
