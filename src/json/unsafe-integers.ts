const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LONG_RUN = 16;
const NUMBER_CHAR = /[\d.eE+-]/;

/** Where an integer token outside ±(2^53−1) stands in the text: `text.slice(start, end)`. */
export interface TokenSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Integer tokens outside string literals whose magnitude exceeds 2^53−1, in text order.
 *
 * Most long digit runs of a profile sit inside strings (plan text, version strings), often near the end,
 * so telling them apart by tracking quotes from the start would read the whole text once more. The
 * characters around a run decide most of them: in valid JSON a number outside strings follows `:`, `,`,
 * `[` or nothing, and is followed by `,`, `}`, `]` or nothing. Only runs that pass that test pay for
 * the quote tracking. A run wrongly taken as a number (text that is not valid JSON) gets quoted where a
 * quote breaks the text, so the caller's parse fails and it falls back to the exact parser.
 */
export function findUnsafeIntegers(text: string): TokenSpan[] {
  const found: TokenSpan[] = [];
  const quotes = { cursor: 0, inString: false };
  for (const run of longDigitRuns(text)) {
    const start = run.start > 0 && text.charCodeAt(run.start - 1) === 45 /* - */ ? run.start - 1 : run.start;
    const end = run.end;
    if (start > 0 && NUMBER_CHAR.test(text[start - 1] ?? '')) continue;
    if (end < text.length && NUMBER_CHAR.test(text[end] ?? '')) continue;
    if (!canStartValue(text, start) || !canEndValue(text, end)) continue;
    // JSON has no leading zeros: left unquoted, such a run makes the parse fail as it should.
    if (text.charCodeAt(run.start) === 48 /* 0 */) continue;
    advanceQuoteState(text, quotes, start);
    if (quotes.inString) continue;
    const big = BigInt(text.slice(start, end));
    if (big > MAX_SAFE || big < -MAX_SAFE) found.push({ start, end });
  }
  return found;
}

/**
 * Every maximal run of at least 16 ASCII digits, in text order. Such a run covers one of any 16
 * consecutive positions, so looking at every 16th character finds them all: several times faster than
 * the regular expression `\d{16,}`, which looks at every character.
 */
export function* longDigitRuns(text: string): Generator<TokenSpan> {
  let i = LONG_RUN - 1;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i += LONG_RUN;
      continue;
    }
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= LONG_RUN) yield { start, end };
    // `end` is not a digit, so the next run starts after it.
    i = end + LONG_RUN;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// A value outside strings follows ':', ',' or '[' (that '[' itself in such a place), or nothing.
function canStartValue(text: string, position: number): boolean {
  let p = previousNonSpace(text, position);
  while (p >= 0 && text.charCodeAt(p) === 91 /* [ */) p = previousNonSpace(text, p);
  if (p < 0) return true;
  const c = text.charCodeAt(p);
  return c === 58 /* : */ || c === 44 /* , */;
}

// A value outside strings is followed by ',', '}', ']' or nothing (a number before ':' is not JSON).
function canEndValue(text: string, position: number): boolean {
  let p = position;
  while (p < text.length && isSpace(text.charCodeAt(p))) p++;
  if (p === text.length) return true;
  const c = text.charCodeAt(p);
  return c === 44 /* , */ || c === 125 /* } */ || c === 93 /* ] */;
}

function previousNonSpace(text: string, position: number): number {
  let p = position - 1;
  while (p >= 0 && isSpace(text.charCodeAt(p))) p--;
  return p;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

// Tracks whether `position` is inside a string literal, jumping from quote to quote with indexOf.
function advanceQuoteState(
  text: string,
  state: { cursor: number; inString: boolean },
  position: number,
): void {
  for (;;) {
    const quote = text.indexOf('"', state.cursor);
    if (quote === -1 || quote >= position) return;
    if (!state.inString || !isEscaped(text, quote)) state.inString = !state.inString;
    state.cursor = quote + 1;
  }
}

function isEscaped(text: string, position: number): boolean {
  let backslashes = 0;
  for (let i = position - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}
