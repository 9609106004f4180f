import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonSlow } from './json-parser.js';
import { JsonSyntaxError } from './json-syntax-error.js';
import { parseLosslessJson, stringifyLosslessJson } from './lossless-json.js';

const PROFILE1 = new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url);

describe('parseLosslessJson', () => {
  const cases = [
    { name: 'max signed 64-bit', text: '9223372036854775807', expected: 9223372036854775807n },
    { name: 'min signed 64-bit', text: '-9223372036854775808', expected: -9223372036854775808n },
    { name: 'just above 2^53-1', text: '9007199254740992', expected: 9007199254740992n },
    { name: 'exactly 2^53-1 stays a number', text: '9007199254740991', expected: 9007199254740991 },
    { name: 'negative 2^53-1 stays a number', text: '-9007199254740991', expected: -9007199254740991 },
    { name: 'small integer', text: '42', expected: 42 },
    {
      name: 'long float stays a number',
      text: '0.12345678901234567',
      expected: Number('0.12345678901234567'),
    },
    {
      name: 'big float stays a number',
      text: '12345678901234567890.5',
      expected: Number('12345678901234567890.5'),
    },
    {
      name: 'big exponent stays a number',
      text: '12345678901234567890e2',
      expected: Number('12345678901234567890e2'),
    },
    {
      name: 'digits inside a string stay text',
      text: '"12345678901234567890"',
      expected: '12345678901234567890',
    },
  ] as const;
  for (const c of cases) {
    it(`parses ${c.name}`, () => {
      expect(parseLosslessJson(c.text)).toEqual(c.expected);
      expect(parseJsonSlow(c.text)).toEqual(c.expected);
    });
  }

  it('keeps big ids exact inside nested structures', () => {
    const text =
      '{"id":{"part1":-4292091133420589012,"part2":7174571401325465344},' +
      '"list":[1,-9223372036854775808,{"x":"9223372036854775807 \\" 12345678901234567890"}],"f":1.5}';
    const expected = {
      id: { part1: -4292091133420589012n, part2: 7174571401325465344n },
      list: [1, -9223372036854775808n, { x: '9223372036854775807 " 12345678901234567890' }],
      f: 1.5,
    };
    expect(parseLosslessJson(text)).toEqual(expected);
    expect(parseJsonSlow(text)).toEqual(expected);
  });

  it('tracks string boundaries after escaped backslashes', () => {
    const text = '["x\\\\", 12345678901234567890, "\\"12345678901234567890"]';
    expect(parseLosslessJson(text)).toEqual(['x\\', 12345678901234567890n, '"12345678901234567890']);
  });

  it('keeps long digit runs inside strings as text, wherever they stand', () => {
    const text =
      '{"note":"id 12345678901234567890 here","plan":"00-01 Scan(rows=[98765432109876543210])","id":12345678901234567890,"k 99999999999999999999":[-9223372036854775808]}';
    expect(parseLosslessJson(text)).toEqual({
      note: 'id 12345678901234567890 here',
      plan: '00-01 Scan(rows=[98765432109876543210])',
      id: 12345678901234567890n,
      'k 99999999999999999999': [-9223372036854775808n],
    });
  });

  it('reads the real profile id exactly', () => {
    const raw = parseLosslessJson(readFileSync(PROFILE1, 'utf8')) as {
      id: { part1: unknown; part2: unknown };
    };
    expect(raw.id.part1).toBe(2069418626012072247n);
    expect(raw.id.part2).toBe(7174571401325465344n);
  });

  it('gives the same tree as JSON.parse when nothing is big', () => {
    const text = readFileSync(PROFILE1, 'utf8').replace(/"part([12])":\d+/g, '"part$1":1');
    expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
  });

  const malformed = [
    { name: 'missing value', text: '{"a":}', line: 1, column: 6 },
    { name: 'truncated object', text: '{\n  "a": [1, 2', line: 2, column: 13 },
    { name: 'unterminated string', text: '["abc', line: 1, column: 2 },
    { name: 'trailing garbage', text: '{} x', line: 1, column: 4 },
    { name: 'big id then error', text: '{"id":12345678901234567890,}', line: 1, column: 28 },
    { name: 'empty text', text: '', line: 1, column: 1 },
  ] as const;
  for (const c of malformed) {
    it(`reports the position of ${c.name}`, () => {
      let caught: unknown;
      try {
        parseLosslessJson(c.text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(JsonSyntaxError);
      const error = caught as JsonSyntaxError;
      expect(error.code).toBe('INPUT_JSON_MALFORMED');
      expect({ line: error.line, column: error.column }).toEqual({ line: c.line, column: c.column });
      expect(error.message).toContain(`line ${c.line}, column ${c.column}`);
    });
  }

  it('agrees with JSON.parse on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(bigIntsToNumbers(parseLosslessJson(text))).toEqual(JSON.parse(text));
        expect(bigIntsToNumbers(parseJsonSlow(text))).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe('stringifyLosslessJson', () => {
  it('writes bigints as bare numbers', () => {
    const value = { max: 2n ** 63n - 1n, min: -(2n ** 63n), list: [1n, 'x'] };
    expect(stringifyLosslessJson(value)).toBe(
      '{"max":9223372036854775807,"min":-9223372036854775808,"list":[1,"x"]}',
    );
  });

  it('indents like JSON.stringify', () => {
    expect(stringifyLosslessJson({ a: [1] }, 2)).toBe(JSON.stringify({ a: [1] }, null, 2));
  });

  it('leaves strings that look like its marker alone', () => {
    const value = { s: '\u0001bigint0:12', n: 5n };
    expect(parseLosslessJson(stringifyLosslessJson(value))).toEqual({ s: '\u0001bigint0:12', n: 5 });
  });

  it('round-trips a real profile byte for byte', () => {
    const text = readFileSync(PROFILE1, 'utf8');
    expect(stringifyLosslessJson(parseLosslessJson(text))).toBe(
      JSON.stringify(JSON.parse(text)).replace(
        /"part1":[\d.e+]+,"part2":[\d.e+]+/,
        '"part1":2069418626012072247,"part2":7174571401325465344',
      ),
    );
  });

  it('round-trips arbitrary 64-bit integers', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), (values) => {
        const back = parseLosslessJson(stringifyLosslessJson(values)) as unknown[];
        expect(back.map((v) => BigInt(v as bigint | number))).toEqual(values);
      }),
    );
  });
});

function bigIntsToNumbers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}
