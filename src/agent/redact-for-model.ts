import { redact } from '../sql/redact.js';
import { redactQuoted } from '../sql/redact-quoted.js';

/** Keys whose string values are SQL text: redacted by the SQL lexer (literals and comments go). */
const SQL_KEY = /sql|statement|query$/i;

/**
 * A copy of data bound for the model with every literal replaced: SQL text (any key naming SQL) through
 * the SQL redactor, so literals become `'***'` and `?` and comments disappear; quoted values in any other
 * text become `'***'`. Numbers outside text are the product's own measurements and stay.
 */
export function redactForModel(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SQL_KEY.test(key) ? redact(value) : redactQuoted(value);
  if (Array.isArray(value)) return value.map((v) => redactForModel(v, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactForModel(v, k)]));
  return value;
}
