/**
 * PostgreSQL's COPY text format (one row a line, fields split by tabs, `\N` for NULL), for bulk loads
 * with `COPY … FROM STDIN`. Values are written as the statement path would store them: a NUL, which
 * text cannot hold, becomes U+FFFD (as `textSafeJson` does for JSON parameters), and unpaired
 * surrogates become U+FFFD when the line is encoded as UTF-8.
 */

export const COPY_NULL = '\\N';

const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\ufffd',
};

/** One field's text: backslash, tab, newline and carriage return escaped, NUL replaced. */
export function copyText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string);
}

/**
 * JSON text as one field. JSON.stringify escapes every control character, so of the characters COPY
 * treats specially only the backslash can occur (its NUL escapes are `textSafeJson`'s concern).
 */
export function copyJsonText(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** A nullable text field. */
export function copyField(value: string | null | undefined): string {
  return value === null || value === undefined ? COPY_NULL : copyText(value);
}

const ARRAY_SPECIAL_ALL = /["\\]/g;

/**
 * A `text[]` literal (`{"a","b"}`), every element quoted so commas, braces, spaces and the word NULL
 * stay text; the literal is then escaped as one COPY field.
 */
export function copyTextArray(values: readonly (string | null)[] | null | undefined): string {
  if (values === null || values === undefined) return COPY_NULL;
  const elements = values.map((v) =>
    v === null ? 'NULL' : `"${v.replace(ARRAY_SPECIAL_ALL, (c) => `\\${c}`)}"`,
  );
  return copyText(`{${elements.join(',')}}`);
}
