import { canonicalPath, splitDottedPath } from '../sql/table-path.js';
import type { Fields } from './field-values.js';

/**
 * A job's dataset list (`queried_datasets`, `scanned_datasets`) in every shape Dremio writes it, as
 * canonical dotted paths: `[a.b.c, d.e]` text (Software before 26.1), arrays of strings (26.1+), and
 * Cloud's arrays of `{name, type}` objects whose name is a fully quoted path (fidelity-gaps #1), also
 * when such an array arrives serialised as text. Anything unreadable is dropped, never the whole list.
 */
export function datasetList(fields: Fields, key: string): readonly string[] {
  const v = fields[key];
  if (Array.isArray(v)) return names(v);
  if (typeof v !== 'string') return [];
  const text = v.trim();
  const parsed = /^\[\s*[{"]/.test(text) ? parseJsonArray(text) : undefined;
  if (parsed !== undefined) return names(parsed);
  const inner = text.replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner === '' ? [] : nonEmpty(splitOutsideQuotes(inner));
}

function names(items: readonly unknown[]): readonly string[] {
  return nonEmpty(items.map(datasetName));
}

/** Cloud's object names quote every part (`"src"."file.csv"`); they are stored as Dremio prints paths. */
function datasetName(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (typeof item === 'object' && item !== null && 'name' in item) {
    const name = (item as { readonly name: unknown }).name;
    return typeof name === 'string' && name.trim() !== ''
      ? canonicalPath(splitDottedPath(name.trim()))
      : undefined;
  }
  return undefined;
}

function parseJsonArray(text: string): readonly unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(items: readonly (string | undefined)[]): readonly string[] {
  return items.map((n) => n?.trim() ?? '').filter((n) => n !== '');
}

/** `a."b, c".d, e.f` → two paths: a comma inside a quoted part belongs to the name. */
function splitOutsideQuotes(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items;
}
