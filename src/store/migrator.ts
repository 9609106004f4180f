import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { StoreError } from '../errors.js';
import type { SqlSession } from './sql-session.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly appliedAt: Date;
}

export interface MigrationStatus {
  readonly applied: readonly AppliedMigration[];
  readonly pending: readonly Migration[];
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Arbitrary but fixed: every process migrating this store takes the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_311_505_131;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** The ordered, forward-only migration files shipped with the product. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): readonly Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (match === null) throw new StoreError(`migration file name ${file} is not NNNN_name.sql`);
      const sql = readFileSync(new URL(file, dir), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that processes
 * starting together apply each migration exactly once. Returns what it applied.
 */
export async function migrate(
  session: SqlSession,
  migrations: readonly Migration[],
): Promise<readonly Migration[]> {
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const applied = await readApplied(session);
    verifyChecksums(applied, migrations);
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const m of pending) await applyOne(session, m);
    return pending;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

export async function migrationStatus(
  session: SqlSession,
  migrations: readonly Migration[],
): Promise<MigrationStatus> {
  const exists = await session.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (exists[0]?.present !== true) return { applied: [], pending: migrations };
  const rows = await session.query<{ version: number; name: string; applied_at: Date }>(
    'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
  );
  const done = new Set(rows.map((r) => r.version));
  return {
    applied: rows.map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at })),
    pending: migrations.filter((m) => !done.has(m.version)),
  };
}

async function readApplied(session: SqlSession): Promise<Map<number, string>> {
  const rows = await session.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  return new Map(rows.map((r) => [r.version, r.checksum]));
}

function verifyChecksums(applied: ReadonlyMap<number, string>, migrations: readonly Migration[]): void {
  for (const m of migrations) {
    const checksum = applied.get(m.version);
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new StoreError(`migration ${m.version}_${m.name} changed after it was applied`, {
        code: 'STORE_MIGRATION_CHANGED',
        hint: 'migrations are forward-only: restore the original file and add a new migration instead',
      });
    }
  }
}

async function applyOne(session: SqlSession, m: Migration): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(m.sql);
    await session.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      m.checksum,
    ]);
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new StoreError(`migration ${m.version}_${m.name} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
