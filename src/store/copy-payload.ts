import { pipeline } from 'node:stream/promises';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Db } from './db-handle.js';

/**
 * The data of a `COPY … FROM STDIN`, passed as the statement's only parameter. Kysely hands a
 * connection only SQL and parameters, so each backend's connection recognises this parameter and
 * streams it itself: node-postgres through the COPY sub-protocol (`acceptCopyPayloads`), PGlite
 * through its `/dev/blob` device (`pgliteCopy`). The COPY then runs in the caller's transaction like
 * any other statement.
 */
export class CopyPayload {
  constructor(readonly bytes: Buffer) {}
}

/** Streams `text` (COPY text format) into `table`'s `columns` within `db`'s session. */
export async function copyFromText(
  db: Db,
  table: string,
  columns: readonly string[],
  text: string,
): Promise<void> {
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  await db.executeQuery(CompiledQuery.raw(statement, [new CopyPayload(Buffer.from(text, 'utf8'))]));
}

function copyPayloadOf(parameters: readonly unknown[]): CopyPayload | undefined {
  const only = parameters.length === 1 ? parameters[0] : undefined;
  return only instanceof CopyPayload ? only : undefined;
}

type QueryFn = pg.PoolClient['query'];

/** Lets a pooled node-postgres client run a COPY whose only parameter is a `CopyPayload`. */
export function acceptCopyPayloads(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const payload = typeof text === 'string' && Array.isArray(values) ? copyPayloadOf(values) : undefined;
    if (payload === undefined) return query(text, values, callback);
    return streamCopy(query, text as string, payload);
  }) as QueryFn;
}

async function streamCopy(
  query: (...args: unknown[]) => unknown,
  text: string,
  payload: CopyPayload,
): Promise<{ command: string; rowCount: number; rows: unknown[] }> {
  const stream = query(copyStreams.from(text)) as copyStreams.CopyStreamQuery;
  await pipeline(async function* () {
    yield payload.bytes;
  }, stream);
  return { command: 'COPY', rowCount: stream.rowCount, rows: [] };
}

/** For PGlite's connection: the blob and the statement to run instead, when `compiled` is a COPY. */
export function pgliteCopy(compiled: CompiledQuery): { sql: string; blob: Blob } | undefined {
  const payload = copyPayloadOf(compiled.parameters);
  if (payload === undefined) return undefined;
  return {
    sql: compiled.sql.replace(/FROM STDIN$/, "FROM '/dev/blob'"),
    blob: new Blob([payload.bytes]),
  };
}
