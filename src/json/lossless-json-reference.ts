import { parseJsonSlow } from './json-parser.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LONG_DIGIT_RUN = /\d{16}/;
const LONG_INTEGER = /-?\d{16,}/g;
const NUMBER_CHAR = /[\d.eE+-]/;

/**
 * The first lossless parser, kept unchanged as the reference the faster {@link parseLosslessJson} is
 * tested and benchmarked against (it scans every quote of the text and walks the whole parsed tree).
 * `JSON.parse`, except that integers outside ±(2^53−1) become `bigint` instead of being rounded.
 * Malformed text throws a {@link JsonSyntaxError} naming the line, column and offset.
 *
 * @example
 * parseLosslessJson('{"part1":-4292091133420589012}') // { part1: -4292091133420589012n }
 */
export function parseLosslessJsonReference(text: string): unknown {
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
  return restoreBigInts(parseOrLocateError(parts.join(''), text), marker);
}

/** Integer tokens outside string literals whose magnitude exceeds 2^53−1. */
function findUnsafeIntegers(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const quotes = { cursor: 0, inString: false };
  LONG_INTEGER.lastIndex = 0;
  for (let match = LONG_INTEGER.exec(text); match !== null; match = LONG_INTEGER.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    advanceQuoteState(text, quotes, start);
    if (quotes.inString) continue;
    if (start > 0 && NUMBER_CHAR.test(text[start - 1] ?? '')) continue;
    if (end < text.length && NUMBER_CHAR.test(text[end] ?? '')) continue;
    const big = BigInt(match[0]);
    if (big > MAX_SAFE || big < -MAX_SAFE) found.push({ start, end });
  }
  return found;
}

// Tracks whether `position` is inside a string literal, jumping from quote to quote with indexOf.
function advanceQuoteState(
  text: string,
  state: { cursor: number; inString: boolean },
  position: number,
): void {
  for (;;) {
    const quote = text.indexOf('"', state.cursor);
    if (quote === -1 || quote >= position) return;
    if (!state.inString || !isEscaped(text, quote)) state.inString = !state.inString;
    state.cursor = quote + 1;
  }
}

function isEscaped(text: string, position: number): boolean {
  let backslashes = 0;
  for (let i = position - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
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
  let n = 0;
  while (text.includes(`${base}${n}:`)) n++;
  return `\\u0000${base}${n}:`;
}

function restoreBigInts(root: unknown, jsonMarker: string): unknown {
  const marker = JSON.parse(`"${jsonMarker}"`) as string;
  const convert = (v: unknown): unknown =>
    typeof v === 'string' && v.startsWith(marker) ? BigInt(v.slice(marker.length)) : v;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'object' && v !== null) stack.push(v);
        else node[i] = convert(v);
      }
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const v = record[key];
        if (typeof v === 'object' && v !== null) stack.push(v);
        else if (typeof v === 'string' && v.startsWith(marker)) {
          Object.defineProperty(record, key, { value: convert(v), writable: true, enumerable: true });
        }
      }
    }
  }
  return convert(root);
}
