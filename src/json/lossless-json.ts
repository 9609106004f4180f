import { parseJsonSlow } from './json-parser.js';
import { findUnsafeIntegers } from './unsafe-integers.js';

const LONG_DIGIT_RUN = /\d{16}/;

/**
 * `JSON.parse`, except that integers outside ±(2^53−1) become `bigint` instead of being rounded.
 * Malformed text throws a {@link JsonSyntaxError} naming the line, column and offset.
 *
 * @example
 * parseLosslessJson('{"part1":-4292091133420589012}') // { part1: -4292091133420589012n }
 */
export function parseLosslessJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return parseOrLocateError(text, text);
  const tokens = findUnsafeIntegers(text);
  if (tokens.length === 0) return parseOrLocateError(text, text);
  // Quote each unsafe integer with a marker, let the native parser do the work, then turn markers back.
  const marker = uniqueMarker(text, 'bigint');
  const parts: string[] = [];
  let cursor = 0;
  for (const token of tokens) {
    parts.push(text.slice(cursor, token.start), `"${marker}`, text.slice(token.start, token.end), '"');
    cursor = token.end;
  }
  parts.push(text.slice(cursor));
  return restoreBigInts(parseOrLocateError(parts.join(''), text), marker, tokens.length);
}

/**
 * `JSON.stringify`, except that `bigint` values are written as bare JSON numbers (and a top-level
 * `undefined` gives `'null'`).
 *
 * @example
 * stringifyLosslessJson({ id: 2n ** 63n - 1n }) // '{"id":9223372036854775807}'
 */
export function stringifyLosslessJson(value: unknown, space?: number): string {
  for (let attempt = 0; ; attempt++) {
    const marker = `\u0001bigint${attempt}:`;
    let collision = false;
    const text: string | undefined = JSON.stringify(
      value,
      (key, v: unknown) => {
        if (key.startsWith(marker)) collision = true;
        if (typeof v === 'bigint') return `${marker}${v.toString()}`;
        if (typeof v === 'string' && v.startsWith(marker)) collision = true;
        return v;
      },
      space,
    );
    if (collision) continue;
    // JSON.stringify returns undefined for a top-level undefined or function; callers want text.
    if (text === undefined) return 'null';
    const escaped = JSON.stringify(marker).slice(1, -1);
    return text.replaceAll(new RegExp(`"${escapeRegExp(escaped)}(-?\\d+)"`, 'g'), '$1');
  }
}

function parseOrLocateError(text: string, original: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Node 20's messages carry no offset; the slow parser finds it (and throws JsonSyntaxError).
    return parseJsonSlow(original);
  }
}

function uniqueMarker(text: string, base: string): string {
  // The marker starts with U+0000, which JSON text can only spell `\u0000`: without one, any suffix is
  // safe, and this search is far cheaper than looking for the suffix.
  let n = 0;
  if (text.includes('\\u0000')) while (text.includes(`${base}${n}:`)) n++;
  return `\\u0000${base}${n}:`;
}

// Turns the `count` marker strings back into bigints. Walks in text order and stops at the last one: in a
// profile the big integers are the job id at the top, so the rest of the tree is never visited.
function restoreBigInts(root: unknown, jsonMarker: string, count: number): unknown {
  const marker = JSON.parse(`"${jsonMarker}"`) as string;
  const isMarked = (v: unknown): v is string => typeof v === 'string' && v.startsWith(marker);
  if (isMarked(root)) return BigInt(root.slice(marker.length));
  let left = count;
  // Pending containers, last to visit first; a container's children go on in reverse so the first
  // child is visited next.
  const stack: unknown[] = [root];
  while (stack.length > 0 && left > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const v = node[i];
        if (typeof v === 'object' && v !== null) stack.push(v);
        else if (isMarked(v)) {
          node[i] = BigInt(v.slice(marker.length));
          left--;
        }
      }
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const v = record[key];
        if (typeof v === 'object' && v !== null) stack.push(v);
        else if (isMarked(v)) {
          const value = BigInt(v.slice(marker.length));
          Object.defineProperty(record, key, { value, writable: true, enumerable: true });
          left--;
        }
      }
    }
  }
  return root;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
