import { JsonSyntaxError } from './json-syntax-error.js';

const MAX_DEPTH = 5000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * A strict JSON parser written by hand: slower than `JSON.parse`, but it reports the exact offset of a
 * syntax error and keeps integers outside ±(2^53−1) as `bigint`. Objects are built like `JSON.parse`
 * builds them (duplicate keys: last one wins).
 */
export function parseJsonSlow(text: string): unknown {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.parseValue(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail('unexpected content after the JSON value');
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(reason: string, position = this.pos): never {
    throw new JsonSyntaxError({ reason, text: this.text, position });
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.pos++;
    }
  }

  parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(depth);
    if (c === '[') return this.parseArray(depth);
    if (c === '"') return this.parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(
      c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
    );
  }

  private literal(length: number, value: boolean | null): boolean | null {
    this.pos += length;
    return value;
  }

  private parseObject(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after a property name");
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth + 1);
      Object.defineProperty(result, key, { value, writable: true, enumerable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return result;
      if (next !== ',') this.fail("expected ',' or '}' in an object", this.pos - 1);
      this.skipWhitespace();
    }
  }

  private parseArray(depth: number): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return result;
      if (next !== ',') this.fail("expected ',' or ']' in an array", this.pos - 1);
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    const t = this.text;
    const start = ++this.pos;
    let out = '';
    let chunkStart = start;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('unterminated string', start - 1);
      if (c === 34) {
        out += t.slice(chunkStart, this.pos++);
        return out;
      }
      if (c < 32) this.fail('control character inside a string');
      if (c === 92) {
        out += t.slice(chunkStart, this.pos);
        out += this.parseEscape();
        chunkStart = this.pos;
      } else {
        this.pos++;
      }
    }
  }

  private parseEscape(): string {
    const e = this.text[this.pos + 1];
    if (e === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
      this.pos += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const decoded = e === undefined ? undefined : ESCAPES[e];
    if (decoded === undefined) this.fail('invalid escape sequence');
    this.pos += 2;
    return decoded;
  }

  private parseNumber(): number | bigint {
    NUMBER_PATTERN.lastIndex = this.pos;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null) return this.fail('invalid number');
    const token = match[0];
    this.pos += token.length;
    const isInteger = match[1] === undefined && match[2] === undefined;
    if (isInteger && token.length >= 16) {
      const big = BigInt(token);
      if (big > MAX_SAFE || big < -MAX_SAFE) return big;
    }
    return Number(token);
  }
}
