import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';

interface Vector {
  readonly name: string;
  readonly input: string;
  readonly normalized: string;
}

function cell(raw: string): string {
  const trimmed = raw.trim();
  const code = trimmed.startsWith('`') && trimmed.endsWith('`') ? trimmed.slice(1, -1) : trimmed;
  return code.replaceAll('\\|', '|');
}

/** Reads the vectors table of docs/fingerprint.md, so the documented rules are the tested ones. */
function readDocVectors(): Vector[] {
  const doc = readFileSync(new URL('../../docs/fingerprint.md', import.meta.url), 'utf8');
  const table = doc.split('<!-- vectors:start -->')[1]?.split('<!-- vectors:end -->')[0] ?? '';
  const rows = table
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2);
  return rows.map((row) => {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    const [name = '', input = '', normalized = ''] = cells.map(cell);
    return { name, input: input.replaceAll('\\n', '\n').replaceAll('\\t', '\t'), normalized };
  });
}

describe('normalize: documented vectors', () => {
  const vectors = readDocVectors();

  it('the doc has vectors', () => {
    expect(vectors.length).toBeGreaterThan(20);
  });

  for (const v of vectors) {
    it(v.name, () => {
      expect(normalize(v.input)).toBe(v.normalized);
    });
  }
});

describe('normalize: properties', () => {
  it('is idempotent on arbitrary text', () => {
    const sqlish = fc.stringMatching(/^[ -~\n\t]{0,100}$/);
    fc.assert(
      fc.property(fc.oneof(sqlish, fc.string({ unit: 'binary' })), (sql) => {
        const once = normalize(sql);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent on SQL-like fragment soup', () => {
    const fragment = fc.constantFrom(
      ...['SELECT', 'a', 'b.c', '"Q x"', "'s''t'", '1', '-', '+', '.5', '1e3', '(', ')', ',', 'IN', 'VALUES'],
      ...[
        'DATE',
        'INTERVAL',
        'DAY',
        'TO',
        'HOUR',
        'TRUE',
        'NULL',
        'END',
        '::',
        ':',
        ':x',
        '$1',
        '?',
        '--c\n',
      ],
      ...['/*c*/', ';', '.', '*', '[', ']', '||', '<', '=', "X'0A'", '`b`', '#', 'ß', 'ẖ', 'CAST', '//c\n'],
    );
    const soup = fc
      .array(fc.tuple(fragment, fc.constantFrom('', ' ', '\n')), { maxLength: 25 })
      .map((parts) => parts.map(([word, sep]) => word + sep).join(''));
    fc.assert(
      fc.property(soup, (sql) => {
        const once = normalize(sql);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  const regressions = [
    { name: 'interval before an interval', sql: 'INTERVAL\nINTERVAL.5', normalized: '?' },
    { name: 'colon before a cast operator', sql: 'SELECT: ::', normalized: 'SELECT : ::' },
    { name: 'upper-casing adds a combining mark', sql: 'ẖ', normalized: 'H\u0331' },
  ];
  for (const r of regressions) {
    it(`found by fuzzing: ${r.name}`, () => {
      expect(normalize(r.sql)).toBe(r.normalized);
      expect(normalize(r.normalized)).toBe(r.normalized);
    });
  }

  it('never leaves a comment, newline or literal value in its output', () => {
    const out = normalize("select 'secret-value' /* note */ -- line\n from t where x = 12345");
    expect(out).not.toMatch(/secret|note|line|12345|\n/);
  });
});
