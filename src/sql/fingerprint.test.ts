import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintSql } from './fingerprint.js';

/** A template is a list of parts: SQL words/symbols, or a literal slot of some kind. */
type Slot = { readonly slot: 'num' | 'str' | 'list' | 'date' | 'interval' | 'int' | 'bool' };
type Part = string | Slot;

const N: Slot = { slot: 'num' };
const S: Slot = { slot: 'str' };
const L: Slot = { slot: 'list' };
const D: Slot = { slot: 'date' };
const I: Slot = { slot: 'interval' };
const K: Slot = { slot: 'int' };
const B: Slot = { slot: 'bool' };

const TEMPLATES: ReadonlyArray<{ readonly name: string; readonly parts: readonly Part[] }> = [
  { name: 'point filter', parts: ['SELECT', 'a', ',', 'b', 'FROM', 't', 'WHERE', 'x', '=', N, 'LIMIT', K] },
  { name: 'in list', parts: ['SELECT', '*', 'FROM', 's', '.', 't', 'WHERE', 'c', 'IN', '(', L, ')'] },
  { name: 'string filter', parts: ['SELECT', 'a', 'FROM', 't', 'WHERE', 'name', '=', S, 'AND', 'f', '=', B] },
  {
    name: 'date range',
    parts: ['SELECT', 'COUNT', '(', '*', ')', 'FROM', 't', 'WHERE', 'd', '>=', D, 'AND', 'd', '<', D],
  },
  {
    name: 'interval',
    parts: ['SELECT', 'a', 'FROM', 't', 'WHERE', 'ts', '>', 'CURRENT_DATE', '-', I, 'ORDER', 'BY', 'a'],
  },
  {
    name: 'join',
    parts: ['SELECT', 'x', '.', 'a', 'FROM', 'x', 'JOIN', 'y', 'ON', 'x', '.', 'id', '=', 'y', '.', 'id'],
  },
  {
    name: 'group by',
    parts: ['SELECT', 'g', ',', 'SUM', '(', 'v', ')', 'FROM', 't', 'WHERE', 'v', '>', N, 'GROUP', 'BY', 'g'],
  },
];

const literal: Record<Slot['slot'], fc.Arbitrary<string>> = {
  num: fc.oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(Math.abs(x))),
  ),
  str: fc.string().map((s) => `'${s.replaceAll("'", "''")}'`),
  list: fc
    .array(fc.oneof(fc.nat().map(String), fc.constant("'v'")), { minLength: 1, maxLength: 6 })
    .map((xs) => xs.join(', ')),
  date: fc.date({ noInvalidDate: true }).map((d) => `DATE '${d.toISOString().slice(0, 10)}'`),
  interval: fc
    .tuple(fc.nat(400), fc.constantFrom('DAY', 'HOUR', 'MONTH'))
    .map(([n, u]) => `INTERVAL '${n}' ${u}`),
  int: fc.nat().map(String),
  bool: fc.constantFrom('TRUE', 'FALSE', 'true'),
};

const separator = fc.constantFrom(' ', '  ', '\n', '\t ', ' /* c */ ', ' -- note\n', '\r\n  ');
const caseChange = fc.constantFrom<(w: string) => string>(
  (w) => w,
  (w) => w.toLowerCase(),
  (w) => w.toUpperCase(),
  (w) => w.replace(/^./, (c) => c.toLowerCase()),
);

/** Renders a template with random literals, separators and word case. */
function variant(parts: readonly Part[]): fc.Arbitrary<string> {
  const pieces = parts.map((p) =>
    typeof p === 'string' ? caseChange.map((change) => change(p)) : literal[p.slot],
  );
  return fc
    .tuple(fc.tuple(...pieces), fc.array(separator, { minLength: parts.length, maxLength: parts.length }))
    .map(([words, seps]) => words.map((w, i) => `${seps[i]}${w}`).join(''));
}

describe('fingerprint', () => {
  it('is 16 hex characters and returns the normalised text', () => {
    const result = fingerprintSql('select 1');
    expect(result.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(result.normalized).toBe('SELECT ?');
    expect(fingerprint('select 1')).toBe(result.fingerprint);
  });

  for (const t of TEMPLATES) {
    it(`is invariant under literals, whitespace, comments and case: ${t.name}`, () => {
      fc.assert(
        fc.property(variant(t.parts), variant(t.parts), (a, b) => {
          expect(fingerprint(a)).toBe(fingerprint(b));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('differs between templates', () => {
    const first = TEMPLATES.map((t) => fc.sample(variant(t.parts), { numRuns: 1, seed: 7 })[0]!);
    expect(new Set(first.map(fingerprint)).size).toBe(TEMPLATES.length);
  });

  const different: ReadonlyArray<{ readonly name: string; readonly a: string; readonly b: string }> = [
    { name: 'table', a: 'select a from t1', b: 'select a from t2' },
    { name: 'column', a: 'select a from t', b: 'select b from t' },
    { name: 'path depth', a: 'select a from s.t', b: 'select a from s.x.t' },
    {
      name: 'join kind',
      a: 'select * from a join b on a.i = b.i',
      b: 'select * from a left join b on a.i = b.i',
    },
    {
      name: 'join column',
      a: 'select * from a join b on a.i = b.i',
      b: 'select * from a join b on a.i = b.j',
    },
    { name: 'predicate operator', a: 'select * from t where x = 1', b: 'select * from t where x > 1' },
    { name: 'predicate column', a: 'select * from t where x = 1', b: 'select * from t where y = 1' },
    { name: 'extra predicate', a: 'select * from t where x = 1', b: 'select * from t where x = 1 and y = 2' },
    { name: 'quoted case', a: 'select "Sales" from t', b: 'select "sales" from t' },
    { name: 'limit present', a: 'select a from t', b: 'select a from t limit 5' },
    { name: 'function wrap', a: 'select * from t where ts = 1', b: 'select * from t where year(ts) = 1' },
  ];
  for (const c of different) {
    it(`changes with the ${c.name}`, () => {
      expect(fingerprint(c.a)).not.toBe(fingerprint(c.b));
    });
  }
});
