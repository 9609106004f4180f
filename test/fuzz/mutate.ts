import fc from 'fast-check';
import { parseLosslessJson, stringifyLosslessJson } from '../../src/json/lossless-json.js';

/**
 * Mutations of real input files, as a clumsy export or an attacker would make them: numbers out of every
 * range (1e400, beyond bigint, negative, -0), numbers turned into strings or `null`, fields deleted or
 * duplicated, text truncated, NUL characters injected, values nested thousands deep.
 */
export type Mutation =
  | { readonly kind: 'number'; readonly at: number; readonly literal: string }
  | { readonly kind: 'string'; readonly at: number; readonly literal: string }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'nul'; readonly at: number; readonly raw: boolean }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'nest'; readonly at: number; readonly depth: number };

/** Literals that replace a number in the text: each has broken a parser or a formatter somewhere. */
export const HOSTILE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e20',
  '-1e20',
  '-1',
  '-0',
  '0',
  '1.7976931348623157e308',
  '99999999999999999999999999999',
  '-9223372036854775809',
  '9223372036854775808',
  '4.9e-324',
  '0.5',
  '"NaN"',
  '"Infinity"',
  '"-Infinity"',
  '"1e400"',
  '"12abc"',
  '""',
  'null',
  'true',
  '[]',
  '{}',
  '"\\u0000"',
] as const;

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('number'),
      at: fc.nat(),
      literal: fc.constantFrom(...HOSTILE_NUMBERS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('string'),
      at: fc.nat(),
      // Numbers only: a text field that says "NaN" is echoed as the text it is, which is no bug.
      literal: fc.constantFrom(...HOSTILE_NUMBERS.filter((l) => !/NaN|Infinity/.test(l))),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete'), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate'), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nul'), at: fc.nat(), raw: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate'), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('nest'), at: fc.nat(), depth: fc.constantFrom(50, 5_000) }),
  },
) as fc.Arbitrary<Mutation>;

const NUMBER = /(?<=[:[,]\s*)-?\d+(\.\d+)?([eE][+-]?\d+)?(?=\s*[,\]}])/g;
const STRING_VALUE = /"[^"\\]*"\s*:\s*("(?:[^"\\]|\\.)*")/g;
const MEMBER = /"[^"\\]*"\s*:\s*("(?:[^"\\]|\\.)*"|-?[\d.eE+-]+|true|false|null)\s*,/g;

function nth<T>(items: readonly T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[at % items.length];
}

/** Applies one mutation to JSON text; the result need not be valid JSON (truncation, nesting). */
export function mutateText(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'number': {
      const hit = nth([...text.matchAll(NUMBER)], m.at);
      if (hit === undefined) return text;
      return text.slice(0, hit.index) + m.literal + text.slice(hit.index + hit[0].length);
    }
    case 'string': {
      // A text field (queue name, user, state) given a number such as 1e400 or a bigint instead.
      const hit = nth([...text.matchAll(STRING_VALUE)], m.at);
      if (hit === undefined) return text;
      const start = hit.index + hit[0].length - hit[1]!.length;
      return text.slice(0, start) + m.literal + text.slice(hit.index + hit[0].length);
    }
    case 'delete': {
      const hit = nth([...text.matchAll(MEMBER)], m.at);
      return hit === undefined ? text : text.slice(0, hit.index) + text.slice(hit.index + hit[0].length);
    }
    case 'duplicate': {
      // The same member twice: JSON parsers keep the last, which may disagree with the first.
      const hit = nth([...text.matchAll(MEMBER)], m.at);
      return hit === undefined ? text : text.slice(0, hit.index) + hit[0] + text.slice(hit.index);
    }
    case 'nul': {
      const quotes = [...text.matchAll(/"(?=[^"\\]{1,40}")/g)];
      const hit = nth(quotes, m.at);
      if (hit === undefined) return text;
      const at = hit.index + 1;
      return text.slice(0, at) + (m.raw ? '\u0000' : '\\u0000') + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % Math.max(1, text.length));
    case 'nest': {
      const hit = nth([...text.matchAll(NUMBER)], m.at);
      if (hit === undefined) return text;
      const wrapped = `${'['.repeat(m.depth)}${hit[0]}${']'.repeat(m.depth)}`;
      return text.slice(0, hit.index) + wrapped + text.slice(hit.index + hit[0].length);
    }
  }
}

/** Re-serialises a document compactly so every member sits on one line for the text mutations. */
export function compact(text: string): string {
  return stringifyLosslessJson(parseLosslessJson(text));
}

export const mutationsArb = (max: number) => fc.array(mutationArb, { minLength: 1, maxLength: max });

export function applyAll(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(mutateText, text);
}
