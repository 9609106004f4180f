// An escape preceded by an even run of backslashes is a real escape, not escaped text.
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

/**
 * Makes JSON text storable in PostgreSQL's `json`→`text`/`jsonb` conversions, which reject `\u0000`
 * and unpaired surrogates (JSON.stringify escapes a lone surrogate rather than dropping it): each
 * becomes U+FFFD, as the UTF-8 encoding of a bound text parameter would. Query text copied from logs
 * does carry both, and one such job must not fail its whole batch.
 */
export function textSafeJson(json: string): string {
  if (!json.includes('\\u')) return json;
  return json.replace(UNSTORABLE_ESCAPE, '$1\\ufffd');
}

// A surrogate half without its partner; with NUL, what `textSafeJson` replaces.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the store would keep `value` only with U+FFFD in place of some of its characters. */
export function hasUnstorableText(value: string): boolean {
  return value.includes('\0') || LONE_SURROGATE.test(value);
}
