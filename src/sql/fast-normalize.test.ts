import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld, SIMULATOR_DEFAULTS } from '../simulator/index.js';
import { DREMIO_SQL_CORPUS } from './dremio-corpus.js';
import { fastNormalize } from './fast-normalize.js';
import { isWideSpace } from './fast-scan.js';
import { fingerprint, fingerprintSql } from './fingerprint.js';
import { SQL_KEYWORDS } from './keywords.js';
import { normalize } from './normalize.js';

// The fast path replaces normalize() in fingerprint(); these tests prove the two return the same text, so no
// stored fingerprint changes. normalize() stays the reference.

/** The fingerprint as it was stored before the fast path: SHA-256 of normalize(), first 16 hex characters. */
function storedForm(sql: string): string {
  return createHash('sha256').update(normalize(sql), 'utf8').digest('hex').slice(0, 16);
}

const WORDS = [
  ...SQL_KEYWORDS,
  ...['year', 'Quarter', 'months', 'WEEKS', 'day', 'hours', 'minute', 'SECONDS', 'millisecond', 'interval'],
  ...['to', 'date', 'time', 'timestamp', 'in', 'values', 'cast', 'left', 'filter', 'row', 'exists', 'any'],
  ...['true', 'False', 'null', 'end', 'select', 'from', 'where', 'count', 'sum', 'a', 'b1', 'x_y', 'Tbl$2'],
  ...['ſelect', 'straße', 'ıd', 'Ärger', 'é', '_', 'x'],
];
const SYMBOLS = [
  ...['(', ')', ',', '.', ';', '[', ']', '{', '}', '+', '-', '*', '/', '%', '=', '<', '>', '!', '|', '&'],
  ...['^', '~', ':', '@', '<>', '!=', '>=', '<=', '||', '::', '=>', '->', '?', '$1', '$', ':name', '#', '\\'],
];
const LITERALS = [
  ...['1', '42', '1e5', '1E-3', '.5', '3.', '3.14', '-3', '+7', '- -5', '0x1F', '1e', '1.2.3', '007'],
  ...["'a'", "'it''s'", "''", "'unterminated", "X'0A'", "n'ü'", "N''", "x'"],
  ...[
    "DATE '2024-01-01'",
    "TIMESTAMP '2024-01-01 00:00:00'",
    "INTERVAL '7' DAY",
    "INTERVAL '1' DAY(3) TO HOUR(2)",
  ],
  ...['INTERVAL -1 MONTH', "interval '2' years", 'INTERVAL INTERVAL', "TIME '10:00'"],
];
const QUOTED = ['"Sales"', '"a""b"', '`tick`', '"unterminated', '"space"."t x"', '``', '"ü"'];
const GAPS = [
  ...[' ', '', '  ', '\n', '\t', '\r\n', '\f', '\v', '\u00a0', '\u2003', '\u3000', '\ufeff'],
  ...['/* c */', '/* unterminated', '-- line\n', '--\r', '// slash\n', '/**/', ' -- end'],
];

/** The words the rules name, drawn more often so the random test meets each rule often. */
const RULE_WORDS = [
  'IN',
  'VALUES',
  'INTERVAL',
  'TO',
  'DAY',
  'DATE',
  'TRUE',
  'NULL',
  'END',
  'CAST',
  'ROW',
  'x',
];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...RULE_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom('(', ')', ',', '-', "'s'", '1') },
  { weight: 4, arbitrary: fc.constantFrom(...SYMBOLS) },
  { weight: 3, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 1, arbitrary: fc.constantFrom(...QUOTED) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom('1', "'v'", '?', '-2', 'x', 'TRUE', '(1)', '1 + 1'), {
        minLength: 1,
        maxLength: 5,
      })
      .map((xs) => `IN (${xs.join(', ')})`),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom('(1, 2)', "('a', 2)", '(?, ?)', '(1, x)', '(1 IN (1, 2))', '()'), {
        minLength: 1,
        maxLength: 4,
      })
      .map((xs) => `VALUES ${xs.join(', ')}`),
  },
);
const sqlish = fc
  .array(fc.tuple(fragment, fc.constantFrom(...GAPS)), { maxLength: 30 })
  .map((parts) => parts.map(([f, gap]) => f + gap).join(''));
/** Any UTF-16 units, lone surrogates included: the scanner must agree on text no SQL would contain. */
const anyUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((codes) => String.fromCharCode(...codes));

function agree(sql: string): void {
  expect(fastNormalize(sql)).toBe(normalize(sql));
}

describe('fastNormalize agrees with normalize', () => {
  it('on generated SQL-like text', () => {
    fc.assert(fc.property(sqlish, agree), { numRuns: 4000 });
  });

  it('on every pair of fragments, glued and spaced', () => {
    const all = [...WORDS, ...SYMBOLS, ...LITERALS, ...QUOTED];
    for (const a of all) for (const b of all) for (const gap of ['', ' ']) agree(a + gap + b);
  });

  it('on arbitrary strings: full Unicode, and raw UTF-16 units with lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), agree), { numRuns: 2000 });
    fc.assert(fc.property(anyUnits, agree), { numRuns: 2000 });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(sqlish, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 4 }),
        (xs) => agree(xs.join('')),
      ),
      { numRuns: 1000 },
    );
  });

  it('on edge cases', () => {
    const cases = [
      '',
      ';',
      ' ; ; ',
      'select 1;;',
      'a::b',
      ':a',
      'a:b',
      '::a',
      'x :name',
      '𝐀bc d',
      'ab𝐀c',
      '\ud835',
      'select "a" (1)',
      'in (1,,2)',
      'IN ((1), 2)',
      'values (1),(1),(2),(1)',
      'values (1), (1',
      'VALUES',
      'INTERVAL 1 DAY ( 5 , 6 ) to HOUR',
      'interval - 1 day',
      'select - - 5, case when a then 1 end - 2, null + -3',
      `select ${'x, '.repeat(5000)}y`,
      `select * from t where id in (${Array.from({ length: 3000 }, (_, k) => k).join(', ')})`,
      `select 'ü${'é'.repeat(5000)}' as "${'ß'.repeat(3000)}", ${'ǆ'.repeat(3000)}`,
      // Upper case triples 'ΐ': the largest growth the output buffer is sized for.
      'ΐ'.repeat(3000),
      Array.from({ length: 3000 }, () => 'ΐ').join('+'),
      Array.from({ length: 3000 }, () => 'ΐ').join(','),
    ];
    for (const sql of cases) agree(sql);
  });

  it('on the Dremio statement corpus', () => {
    for (const c of DREMIO_SQL_CORPUS) agree(c.sql);
  });

  it('on the simulated workload (5000 jobs), raw and as one line', () => {
    const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: 5000 });
    for (let i = 0; i < world.jobCount; i++) {
      const sql = world.job(i).sql;
      agree(sql);
      agree(sql.replace(/\s*\r?\n\s*/g, ' '));
    }
  });

  it('after the word table starts over', () => {
    // More distinct identifiers than the table keeps, so it resets between queries at least once.
    for (let k = 0; k < 70_000; k++) fastNormalize(`select c${k} from t${k}`);
    for (const sql of ['select C1 from T1', 'SELECT interval, in, values FROM x', 'ſelect 1']) agree(sql);
  });
});

describe('fingerprint on the fast path', () => {
  it('keeps the stored form: SHA-256 of the reference text', () => {
    const samples = [...DREMIO_SQL_CORPUS.map((c) => c.sql), 'select 1', `select 'ü' from "ß"`, ''];
    for (const sql of samples) {
      expect(fingerprint(sql)).toBe(storedForm(sql));
      expect(fingerprintSql(sql)).toEqual({ fingerprint: storedForm(sql), normalized: normalize(sql) });
    }
  });

  it('keeps the stored form on generated text', () => {
    fc.assert(
      fc.property(sqlish, (sql) => {
        expect(fingerprint(sql)).toBe(storedForm(sql));
      }),
      { numRuns: 500 },
    );
  });
});

describe('isWideSpace', () => {
  it('is /\\s/u for every UTF-16 unit from 128 up', () => {
    const differ: number[] = [];
    for (let code = 128; code <= 0xffff; code++) {
      if (isWideSpace(code) !== /\s/u.test(String.fromCharCode(code))) differ.push(code);
    }
    expect(differ).toEqual([]);
  });
});
