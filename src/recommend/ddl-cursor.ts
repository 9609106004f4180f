import { type Token, tokenize } from '../sql/lexer.js';

/** A statement rejected by the validator: what is wrong and at which character. */
export class DdlSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'DdlSyntaxError';
    this.offset = offset;
  }
}

/** Reads significant tokens (no whitespace or comments) one at a time for the recursive-descent checker. */
export class DdlCursor {
  private readonly tokens: readonly Token[];
  private index = 0;
  private readonly length: number;

  constructor(sql: string) {
    this.tokens = tokenize(sql).filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
    this.length = sql.length;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  get offset(): number {
    return this.peek()?.start ?? this.length;
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** True when the next token is the word (keyword or bare identifier), case-insensitive. */
  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && (t.kind === 'keyword' || t.kind === 'identifier') && t.value === word;
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t !== undefined && (t.kind === 'punctuation' || t.kind === 'operator') && t.text === text;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.index++;
    return true;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.index++;
    return true;
  }

  expectWord(...words: readonly string[]): string {
    for (const word of words) if (this.acceptWord(word)) return word;
    throw this.error(`expected ${words.join(' or ')}`);
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw this.error(`expected '${text}'`);
  }

  /** A bare identifier that is not a reserved word, or a non-empty double-quoted one; returns its name. */
  expectIdentifier(what: string): string {
    const t = this.peek();
    if (t?.kind === 'identifier') {
      this.index++;
      return t.text;
    }
    if (
      t?.kind === 'quoted-identifier' &&
      t.text.startsWith('"') &&
      t.text.endsWith('"') &&
      t.text.length > 2
    ) {
      this.index++;
      return t.value;
    }
    if (t?.kind === 'keyword') throw this.error(`expected ${what}, found reserved word ${t.text} (quote it)`);
    throw this.error(`expected ${what}`);
  }

  expectNumber(what: string): number {
    const t = this.peek();
    const value = t?.kind === 'number' ? Number(t.text) : Number.NaN;
    if (!Number.isFinite(value)) throw this.error(`expected ${what} (a number)`);
    this.index++;
    return value;
  }

  error(message: string): DdlSyntaxError {
    const t = this.peek();
    const found = t === undefined ? 'the end of the statement' : `'${t.text}'`;
    return new DdlSyntaxError(`${message} at offset ${this.offset}, found ${found}`, this.offset);
  }
}
