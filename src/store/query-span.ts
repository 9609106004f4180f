import type { LogEvent } from 'kysely';
import { recordFinishedSpan } from '../observe/span.js';

// The statement's kind and first table name a bounded summary; the SQL text itself is not recorded.
const TABLE = /\b(?:from|into|update|join)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i;

/**
 * Kysely's query hook: each statement becomes a `db.query` span under the span that ran it (Kysely
 * calls the hook in the caller's async context). With tracing off or outside a traced command it
 * returns at once.
 */
export function traceQuery(event: LogEvent): void {
  const endMs = Date.now();
  recordFinishedSpan(
    'db.query',
    () => {
      const sql = event.query.sql;
      const operation = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'UNKNOWN';
      const table = TABLE.exec(sql)?.[1];
      return {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.query.summary': table === undefined ? operation : `${operation} ${table}`,
      };
    },
    {
      startMs: endMs - event.queryDurationMillis,
      endMs,
      ...(event.level === 'error' ? { error: event.error } : {}),
    },
  );
}
