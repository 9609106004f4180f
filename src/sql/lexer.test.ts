import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TokenKind } from './lexer.js';
import { tokenize } from './lexer.js';

function significant(sql: string): Array<[TokenKind, string]> {
  return tokenize(sql)
    .filter((t) => t.kind !== 'whitespace')
    .map((t) => [t.kind, t.value]);
}

describe('tokenize', () => {
  const cases: Array<{ name: string; sql: string; expected: Array<[TokenKind, string]> }> = [
    {
      name: 'keywords and identifiers are upper-cased in value',
      sql: 'select a From t',
      expected: [
        ['keyword', 'SELECT'],
        ['identifier', 'A'],
        ['keyword', 'FROM'],
        ['identifier', 'T'],
      ],
    },
    {
      name: 'string with doubled quote escape',
      sql: "'it''s'",
      expected: [['string', "it's"]],
    },
    {
      name: 'quoted identifier with doubled quote escape keeps case',
      sql: '"My ""Table"""',
      expected: [['quoted-identifier', 'My "Table"']],
    },
    {
      name: 'numbers with decimals and exponents',
      sql: '1 1.5 .5 1e10 1.2E-3 7.',
      expected: [
        ['number', '1'],
        ['number', '1.5'],
        ['number', '.5'],
        ['number', '1e10'],
        ['number', '1.2E-3'],
        ['number', '7.'],
      ],
    },
    {
      name: 'multi-char operators',
      sql: 'a<>b!=c>=d<=e||f::g',
      expected: [
        ['identifier', 'A'],
        ['operator', '<>'],
        ['identifier', 'B'],
        ['operator', '!='],
        ['identifier', 'C'],
        ['operator', '>='],
        ['identifier', 'D'],
        ['operator', '<='],
        ['identifier', 'E'],
        ['operator', '||'],
        ['identifier', 'F'],
        ['operator', '::'],
        ['identifier', 'G'],
      ],
    },
    {
      name: 'punctuation and parameters',
      sql: 'f(?, $1, :name);',
      expected: [
        ['identifier', 'F'],
        ['punctuation', '('],
        ['parameter', '?'],
        ['punctuation', ','],
        ['parameter', '$1'],
        ['punctuation', ','],
        ['parameter', ':name'],
        ['punctuation', ')'],
        ['punctuation', ';'],
      ],
    },
    {
      name: 'line and block comments',
      sql: 'a -- note\n/* block */ b',
      expected: [
        ['identifier', 'A'],
        ['comment', '-- note'],
        ['comment', '/* block */'],
        ['identifier', 'B'],
      ],
    },
    {
      name: 'unterminated block comment runs to the end',
      sql: 'a /* open',
      expected: [
        ['identifier', 'A'],
        ['comment', '/* open'],
      ],
    },
    {
      name: 'unterminated string runs to the end',
      sql: "x = 'abc",
      expected: [
        ['identifier', 'X'],
        ['operator', '='],
        ['string', 'abc'],
      ],
    },
    {
      name: 'typed literal keywords stay separate tokens',
      sql: "DATE '2024-01-01'",
      expected: [
        ['keyword', 'DATE'],
        ['string', '2024-01-01'],
      ],
    },
    {
      name: 'dotted path',
      sql: 's3."my bucket".t',
      expected: [
        ['identifier', 'S3'],
        ['punctuation', '.'],
        ['quoted-identifier', 'my bucket'],
        ['punctuation', '.'],
        ['identifier', 'T'],
      ],
    },
    {
      name: 'binary string prefix',
      sql: "X'0A'",
      expected: [['string', '0A']],
    },
    {
      name: 'unknown characters',
      sql: '#\\',
      expected: [
        ['unknown', '#'],
        ['unknown', '\\'],
      ],
    },
    {
      name: 'unicode identifier',
      sql: 'über_größe',
      expected: [['identifier', 'ÜBER_GRÖSSE']],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(significant(c.sql)).toEqual(c.expected);
    });
  }

  it('records offsets that slice back to the token text', () => {
    const sql = "select 'x' from t";
    for (const t of tokenize(sql)) expect(sql.slice(t.start, t.end)).toBe(t.text);
  });

  it('never throws and its tokens concatenate back to the input (property)', () => {
    const sqlish = fc.stringMatching(/^[ -~\n\t"'`\-/*().,;?$:a-zA-Z0-9éß😀]{0,80}$/u);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), sqlish), (sql) => {
        const tokens = tokenize(sql);
        expect(tokens.map((t) => t.text).join('')).toBe(sql);
        for (const t of tokens) expect(t.end).toBeGreaterThan(t.start);
      }),
      { numRuns: 500 },
    );
  });
});
