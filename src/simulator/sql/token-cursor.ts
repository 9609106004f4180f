import type { Token } from '../../sql/lexer.js';

/** Thrown inside the parser only; `parseSelect` turns it into a typed result and never lets it escape. */
export class SqlSubsetError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'SqlSubsetError';
    this.offset = offset;
  }
}

/** Words that end a name or expression, so they are never taken as identifiers. */
const CLAUSE_WORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'ORDER',
  'BY',
  'GROUP',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'FETCH',
  'AND',
  'OR',
  'NOT',
  'AS',
  'ASC',
  'DESC',
  'IS',
  'IN',
  'LIKE',
  'NULL',
  'JOIN',
  'ON',
  'UNION',
  'TABLE',
  'DISTINCT',
]);

/** Walks the significant tokens (no whitespace, no comments) of one statement. */
export class TokenCursor {
  private readonly tokens: readonly Token[];
  private index = 0;
  private readonly endOffset: number;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
    const last = tokens[tokens.length - 1];
    this.endOffset = last === undefined ? 0 : last.end;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  offset(): number {
    return this.peek()?.start ?? this.endOffset;
  }

  next(what: string): Token {
    const token = this.tokens[this.index];
    if (token === undefined)
      throw new SqlSubsetError(`expected ${what} but the statement ended`, this.endOffset);
    this.index += 1;
    return token;
  }

  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (
      token !== undefined && (token.kind === 'keyword' || token.kind === 'identifier') && token.value === word
    );
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (
      token !== undefined &&
      (token.kind === 'punctuation' || token.kind === 'operator') &&
      token.text === symbol
    );
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.index += 1;
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index += 1;
    return true;
  }

  expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.error(`expected ${word}`);
  }

  expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.error(`expected '${symbol}'`);
  }

  /** True when the next token can be a (possibly quoted) name. */
  isName(ahead = 0): boolean {
    const token = this.peek(ahead);
    if (token === undefined) return false;
    if (token.kind === 'identifier' || token.kind === 'quoted-identifier') return true;
    return token.kind === 'keyword' && !CLAUSE_WORDS.has(token.value);
  }

  name(what: string): { readonly text: string; readonly quoted: boolean } {
    if (!this.isName()) throw this.error(`expected ${what}`);
    const token = this.next(what);
    const quoted = token.kind === 'quoted-identifier';
    return { text: quoted ? token.value : token.text, quoted };
  }

  error(message: string): SqlSubsetError {
    const token = this.peek();
    const found = token === undefined ? 'the end of the statement' : `'${token.text}'`;
    return new SqlSubsetError(`${message}, found ${found}`, this.offset());
  }
}
