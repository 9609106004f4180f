import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, type KyselyConfig, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StoreError } from '../errors.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { redactUrl } from '../log/redact-text.js';
import { acceptCopyPayloads } from './copy-payload.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { loadMigrations, migrate } from './migrator.js';
import { parseTimestamptz } from './parse-timestamptz.js';
import { PgliteDialect } from './pglite-dialect.js';
import { traceQuery } from './query-span.js';
import type { Database } from './schema.js';
import type { SqlSession } from './sql-session.js';

export type StoreBackend = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly backend: StoreBackend;
  /** Where the data lives: the PGlite directory, or the server URL without its password. */
  readonly location: string;
  /** Runs `fn` on one dedicated session (migrations, advisory locks). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite store in `dataDir` is used. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  /** Named in the lock file so a second process can say who holds the embedded store. */
  readonly command?: string;
  /** Apply pending migrations on open (default true). `db status` opens without migrating. */
  readonly migrate?: boolean;
  /** Told of every failed query and failed connection (metrics); never changes what the caller sees. */
  readonly onError?: () => void;
}

// int8 as bigint so counters above 2^53 survive; json as lossless JSON for the same reason.
const INT8_OID = 20;
const JSON_OIDS = [114, 3802];
const TIMESTAMPTZ_OID = 1184;

/**
 * Opens the store: PostgreSQL when a URL is given, embedded PGlite otherwise, both behind the same
 * Kysely interface and the same migrations.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store =
    options.databaseUrl === undefined
      ? await openPglite(options)
      : await openPostgres(options.databaseUrl, options.onError);
  if (options.migrate !== false) {
    try {
      await store.withSession((session) => migrate(session, loadMigrations()));
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

// PostgreSQL's default 128 MB of shared buffers live in PGlite's WASM memory, in this process, and
// cost their full size in RSS (measured: reopening a store peaks at 309–339 MB with them, 186–200 MB
// with 16 MB). Reads of the table files go through the OS page cache anyway, which is not ours to count.
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB'];
// A fresh data dir is made by initdb, which PGlite runs against a second PostgreSQL instance in this
// process; that instance reads the postgresql.conf initdb writes (128 MB of buffers), not our start
// parameters, and its WASM memory grew from 128 to 188 MB. With 16 MB it stays at 128: `db migrate`
// into an empty DATA_DIR peaked at 796–829 MB, now 755–785 MB. The rest of that one-time peak is
// PGlite's (initdb's own instance, the in-memory data dir it dumps as a tar and copies into ours).
const PGLITE_INITDB_SETTINGS = ['-c', 'shared_buffers=16MB'];

async function openPglite(options: OpenStoreOptions): Promise<Store> {
  const dir = resolve(options.dataDir);
  const lock: DataDirLock = await lockDataDir(dir, options.command ?? 'dremio-optimizer');
  let pglite: PGlite;
  try {
    const dataPath = resolve(dir, 'pglite');
    mkdirSync(dataPath, { recursive: true });
    pglite = await PGlite.create(dataPath, {
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
      initDbStartParams: PGLITE_INITDB_SETTINGS,
      parsers: {
        [pgliteTypes.INT8]: (v: string) => BigInt(v),
        [pgliteTypes.TIMESTAMPTZ]: parseTimestamptz,
        ...Object.fromEntries(JSON_OIDS.map((oid) => [oid, (v: string) => parseLosslessJson(v)])),
      },
    });
  } catch (error) {
    lock.release();
    throw new StoreError(`cannot open the embedded store in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const session: SqlSession = {
    query: async (sql, params) =>
      (await pglite.query<never>(sql, params === undefined ? [] : [...params])).rows,
    exec: async (script) => {
      await pglite.exec(script);
    },
  };
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite), ...storeLog(options.onError) });
  let closed = false;
  return {
    db,
    backend: 'pglite',
    location: dir,
    withSession: (fn) => fn(session),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}

function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8_OID) return (v) => BigInt(v);
  if (oid === TIMESTAMPTZ_OID) return parseTimestamptz;
  if (JSON_OIDS.includes(oid)) return (v) => parseLosslessJson(v);
  return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
}

/** Kysely's log hook, for failed queries only: one place sees every query of the store. */
/** Kysely's query hook: a `db.query` span for each statement, and failed queries counted. */
function storeLog(onError: (() => void) | undefined): Pick<KyselyConfig, 'log'> {
  return {
    log: (event) => {
      traceQuery(event);
      if (event.level === 'error') onError?.();
    },
  };
}

async function openPostgres(url: string, onError?: () => void): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // An idle client the server closes (restart, idle timeout) is dropped by the pool and replaced on the
  // next query; without a listener Node would treat the event as fatal and end the process.
  pool.on('error', () => {});
  pool.on('connect', acceptCopyPayloads);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    onError?.();
    await pool.end();
    throw new StoreError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
      code: 'STORE_UNREACHABLE',
      hint: 'check DATABASE_URL and that the server accepts connections, or unset DATABASE_URL to use the embedded store',
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...storeLog(onError) });
  let closed = false;
  return {
    db,
    backend: 'postgres',
    location: redactUrl(url),
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) =>
            (await client.query(sql, params === undefined ? [] : [...params])).rows,
          exec: async (script) => {
            await client.query(script);
          },
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Kysely's destroy ends the pool.
      await db.destroy();
    },
  };
}
