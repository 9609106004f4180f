import { sql } from 'kysely';
import { loadMigrations, type MigrationStatus, migrationStatus } from './migrator.js';
import type { Store, StoreBackend } from './open-store.js';

export interface StoreStatus {
  readonly backend: StoreBackend;
  readonly location: string;
  readonly migrations: MigrationStatus;
  /** Row counts of the main tables; empty until the schema exists. */
  readonly rowCounts: Readonly<Record<string, bigint>>;
}

const COUNTED_TABLES = [
  'clusters',
  'jobs',
  'profiles',
  'fingerprints',
  'findings',
  'recommendations',
  'reflections',
  'datasets',
  'collection_runs',
] as const;

/** What `db status` reports: backend, location, migrations applied and pending, and table sizes. */
export async function readStoreStatus(store: Store): Promise<StoreStatus> {
  const migrations = await store.withSession((s) => migrationStatus(s, loadMigrations()));
  const rowCounts: Record<string, bigint> = {};
  if (migrations.pending.length === 0) {
    for (const table of COUNTED_TABLES) {
      const result = await sql<{ n: bigint }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(
        store.db,
      );
      rowCounts[table] = result.rows[0]?.n ?? 0n;
    }
  }
  return { backend: store.backend, location: store.location, migrations, rowCounts };
}
