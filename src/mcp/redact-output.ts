import { redact } from '../sql/redact.js';
import { redactQuoted } from '../sql/redact-quoted.js';

/**
 * The fields whose values are query text from the workload: job SQL, a finding's sample SQL, a view's
 * definition, a profile's query, a recommendation's or a change's statement (rewrites and DDL embed
 * the literals of the query they came from). Everything SQL-bearing the services answer is named so.
 */
export function isSqlField(key: string): boolean {
  return (
    key === 'sql' ||
    key === 'statement' ||
    key === 'queryText' ||
    /Sql(Text)?$/.test(key) ||
    key === 'sqlText'
  );
}

/**
 * A service answer with the literals of every SQL field replaced (`'***'`, `?`, comments dropped), and
 * every quoted value in any other text (a finding's evidence, a plan excerpt) replaced by `'***'`, for a
 * caller not allowed to see query text. A job's `sqlRedacted` becomes true where its text was redacted
 * here. Returns a new value; the input is not changed.
 */
export function redactSqlFields(value: unknown): unknown {
  if (typeof value === 'string') return redactQuoted(value);
  if (Array.isArray(value)) return value.map(redactSqlFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  let redactedJobSql = false;
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string' && isSqlField(key)) {
      out[key] = redact(field);
      if (key === 'sqlText') redactedJobSql = true;
    } else {
      out[key] = redactSqlFields(field);
    }
  }
  if (redactedJobSql && typeof out.sqlRedacted === 'boolean') out.sqlRedacted = true;
  return out;
}

/**
 * An error message for a caller not allowed to see query text. Service messages that quote a statement
 * put it after the first line (`refusing to run without confirm:\n<statement>`); that part is redacted.
 */
export function redactErrorMessage(message: string): string {
  const cut = message.indexOf('\n');
  return cut < 0 ? message : `${message.slice(0, cut)}\n${redact(message.slice(cut + 1))}`;
}
