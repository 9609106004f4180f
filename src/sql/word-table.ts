import { CALLABLE_KEYWORDS } from './canonical-spacing.js';
import { SQL_KEYWORDS } from './keywords.js';

/**
 * Interns the upper-cased text of unquoted words for the one-pass normaliser, so a word seen before costs a
 * hash probe instead of a `slice` and a `toUpperCase` (two strings per word was most of the old lexer's
 * garbage). Each entry carries the facts the folding and spacing rules ask of a word, as bit flags. Ids are
 * canonical by upper-cased text: two words get the same id exactly when their `toUpperCase()` is equal.
 */

export const W_KEYWORD = 1;
export const W_VALUE_ENDING = 2;
export const W_BOOLEAN = 4;
export const W_INTERVAL = 8;
export const W_TO = 16;
export const W_UNIT = 32;
export const W_TYPED = 64;
export const W_IN = 128;
export const W_VALUES = 256;
export const W_CALLABLE = 512;
/** Every character of the upper-cased text fits in Latin-1, so the writer can copy it as bytes. */
export const W_NARROW = 1024;

// These mirror the sets of literal-folding.ts, list-collapse.ts and canonical-spacing.ts; the agreement
// tests (fast-normalize.test.ts) fail when one side changes without the other.
const UNITS = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'];
const FLAGS_BY_WORD = new Map<string, number>();
function addFlag(words: readonly string[], flag: number): void {
  for (const w of words) FLAGS_BY_WORD.set(w, (FLAGS_BY_WORD.get(w) ?? 0) | flag);
}
addFlag(['END', 'NULL', 'TRUE', 'FALSE'], W_VALUE_ENDING);
addFlag(['TRUE', 'FALSE'], W_BOOLEAN);
addFlag(['INTERVAL'], W_INTERVAL);
addFlag(['TO'], W_TO);
addFlag(
  UNITS.flatMap((u) => [u, `${u}S`]),
  W_UNIT,
);
addFlag(['DATE', 'TIME', 'TIMESTAMP'], W_TYPED);
addFlag(['IN'], W_IN);
addFlag(['VALUES'], W_VALUES);
// The same words the reference spacing treats as calls: one list, so the two cannot drift apart.
addFlag([...CALLABLE_KEYWORDS], W_CALLABLE);

function flagsOf(upper: string): number {
  let narrow = W_NARROW;
  for (let k = 0; k < upper.length; k++) if (upper.charCodeAt(k) > 255) narrow = 0;
  return (SQL_KEYWORDS.has(upper) ? W_KEYWORD : 0) | (FLAGS_BY_WORD.get(upper) ?? 0) | narrow;
}

/** Past this many words the table starts over at the next query, so identifiers cannot grow it forever. */
const MAX_WORDS = 1 << 16;
const EMPTY = -1;

let slots = new Int32Array(1 << 12).fill(EMPTY);
let slotHashes = new Int32Array(1 << 12);
const texts: string[] = [];
const flags: number[] = [];

export function wordText(id: number): string {
  return texts[id]!;
}

export function wordFlags(id: number): number {
  return flags[id]!;
}

/** FNV-1a step; the scanner folds one UTF-16 unit at a time. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}
export const HASH_SEED = 0x811c9dc5 | 0;

/** Starts the table over when it has grown past its cap; called between queries, never during one. */
export function trimWordTable(): void {
  if (texts.length < MAX_WORDS) return;
  texts.length = 0;
  flags.length = 0;
  slots = new Int32Array(1 << 12).fill(EMPTY);
  slotHashes = new Int32Array(1 << 12);
}

function grow(): void {
  const old = slots;
  const oldHashes = slotHashes;
  slots = new Int32Array(old.length * 2).fill(EMPTY);
  slotHashes = new Int32Array(old.length * 2);
  const mask = slots.length - 1;
  for (let k = 0; k < old.length; k++) {
    const id = old[k]!;
    if (id === EMPTY) continue;
    let at = oldHashes[k]! & mask;
    while (slots[at] !== EMPTY) at = (at + 1) & mask;
    slots[at] = id;
    slotHashes[at] = oldHashes[k]!;
  }
}

function insert(at: number, hash: number, upper: string): number {
  const id = texts.length;
  texts.push(upper);
  flags.push(flagsOf(upper));
  slots[at] = id;
  slotHashes[at] = hash;
  if (texts.length * 2 > slots.length) grow();
  return id;
}

function upperAscii(code: number): number {
  return code >= 97 && code <= 122 ? code - 32 : code;
}

/** The id of an all-ASCII word `sql[start, end)`, whose upper-cased units hash to `hash`. */
export function asciiWordId(sql: string, start: number, end: number, hash: number): number {
  const mask = slots.length - 1;
  const length = end - start;
  let at = hash & mask;
  for (;;) {
    const id = slots[at]!;
    if (id === EMPTY) return insert(at, hash, sql.slice(start, end).toUpperCase());
    if (slotHashes[at] === hash) {
      const text = texts[id]!;
      if (text.length === length) {
        let k = 0;
        while (k < length && text.charCodeAt(k) === upperAscii(sql.charCodeAt(start + k))) k++;
        if (k === length) return id;
      }
    }
    at = (at + 1) & mask;
  }
}

/** The id of an already upper-cased word (the rare non-ASCII path). */
export function upperWordId(upper: string): number {
  let hash = HASH_SEED;
  for (let k = 0; k < upper.length; k++) hash = hashStep(hash, upper.charCodeAt(k));
  const mask = slots.length - 1;
  let at = hash & mask;
  for (;;) {
    const id = slots[at]!;
    if (id === EMPTY) return insert(at, hash, upper);
    if (slotHashes[at] === hash && texts[id] === upper) return id;
    at = (at + 1) & mask;
  }
}
