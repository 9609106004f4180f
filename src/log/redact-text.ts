/**
 * Removes secrets from text about to be shown: the known secret values, and the shapes a secret takes
 * when nobody told us its value (an echoed header, a URL with a password, a JSON body).
 */
export const REDACTED = '[redacted]';

/** Names of settings, variables, keys and URL parameters whose values are secret. */
export const SECRET_NAME =
  /(^|[_.-])(password|passwd|token|secret|api_?key|access_?key|private_?key|credentials?)($|[_.-])/i;

const URL_PARAM_SECRET = /^(password|passwd|pwd|sslpassword|token|access_token|api_?key|secret)$/i;

// Each pattern keeps the label and replaces only the secret, so the line still says what was there.
const PATTERNS: readonly [RegExp, string | ((...groups: string[]) => string)][] = [
  // Authorization headers as Dremio and most servers take them: `Bearer x`, `Basic x`, `_dremiox`.
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{4,}/g, `$1$2${REDACTED}`],
  [/\b_dremio[A-Za-z0-9._~+/=-]{4,}/g, `_dremio${REDACTED}`],
  // URL userinfo: scheme://user:password@host (an already masked `****` stays as it is).
  [
    /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):([^\s@/]+)@/gi,
    (_m, head, pw) => `${head}:${pw === '****' ? pw : REDACTED}@`,
  ],
  // key=value, key: value, "key": "value" with a secret-looking key (query strings, YAML, JSON, headers).
  // Not a SQL placeholder (`password = ?` in normalised SQL). Not NAME_PASSWORD=value: the values of variables are known, and `simulate` prints its own
  // throwaway credentials that way for the user to copy.
  [
    /\b((?:password|passwd|pwd|token|secret|api[_-]?key|authorization|access_token)\b["']?\s*[:=]\s*)(["']?)(?!Bearer\s|Basic\s|\*\*\*\*|\[redacted\]|\?|\$\d)([^\s"'&,;}]+)/gi,
    `$1$2${REDACTED}`,
  ],
];

export interface Redactor {
  /** Adds secret values (a password, a token); too-short values are ignored, they would censor words. */
  add(values: readonly string[]): void;
  redact(text: string): string;
}

export function createRedactor(initial: readonly string[] = []): Redactor {
  let forms: string[] = [];
  const values = new Set<string>();
  const add = (more: readonly string[]) => {
    for (const v of more) if (v.length >= 4) values.add(v);
    // Also as they appear inside JSON strings and URLs; longest first so no half is left behind.
    const all = new Set<string>();
    for (const v of values) {
      all.add(v);
      all.add(JSON.stringify(v).slice(1, -1));
      all.add(encodeURIComponent(v));
    }
    forms = [...all].sort((a, b) => b.length - a.length);
  };
  add(initial);
  return {
    add,
    redact(text) {
      let out = text;
      for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
      for (const [pattern, replacement] of PATTERNS)
        out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
      return out;
    },
  };
}

/** A URL fit to show: its password and any secret query parameter replaced by `****`. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '(unparseable URL)';
  }
  if (u.password !== '') u.password = '****';
  for (const key of [...u.searchParams.keys()])
    if (URL_PARAM_SECRET.test(key)) u.searchParams.set(key, '****');
  return u.toString();
}

/** The secret values a URL carries: its password and secret query parameters, raw and decoded. */
export function secretsInUrl(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  const found: string[] = [];
  if (u.password !== '') found.push(u.password, decodeURIComponent(u.password));
  for (const [key, value] of u.searchParams)
    if (URL_PARAM_SECRET.test(key) && value !== '') found.push(value, encodeURIComponent(value));
  return found;
}
