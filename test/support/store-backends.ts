import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store, type StoreBackend } from '../../src/store/open-store.js';

export interface TestBackend {
  readonly name: StoreBackend;
  /** A fresh, migrated, empty store; call `dispose` when done. */
  fresh(): Promise<TestStore>;
  /** Where a store could live, with nothing created there yet (not even the schema). */
  emptyLocation(): Promise<EmptyLocation>;
}

export interface EmptyLocation {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  dispose(): Promise<void>;
}

export interface TestStore {
  readonly store: Store;
  /** How to open the same data again (a restart): the data directory or the database URL. */
  readonly location: { readonly dataDir: string; readonly databaseUrl?: string };
  dispose(): Promise<void>;
}

let counter = 0;

/**
 * The backends every store test runs on: PGlite always, PostgreSQL when a server was reachable at setup.
 * Use as `describe.each(testBackends())('jobs [$name]', (backend) => …)` so the log names the backend.
 */
export function testBackends(): readonly TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', fresh: freshPglite, emptyLocation: emptyPglite }];
  if (inject('postgresUrl') !== '') {
    backends.push({ name: 'postgres', fresh: freshPostgres, emptyLocation: emptyPostgres });
  }
  return backends;
}

async function freshPglite(): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'do-pglite-'));
  cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
  const store = await openStore({ dataDir, command: 'test' });
  return {
    store,
    location: { dataDir },
    dispose: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function emptyPglite(): Promise<EmptyLocation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'do-pglite-empty-'));
  return { dataDir, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Each PostgreSQL test store is a schema of its own inside the run's throwaway database. */
async function emptyPostgres(): Promise<EmptyLocation> {
  const base = inject('postgresUrl');
  const schema = `t_${process.pid}_${Date.now()}_${counter++}`;
  await withAdmin(base, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dataDir: tmpdir(),
    databaseUrl: url.toString(),
    dispose: () => withAdmin(base, (c) => c.query(`DROP SCHEMA ${schema} CASCADE`)),
  };
}

async function freshPostgres(): Promise<TestStore> {
  const location = await emptyPostgres();
  const store = await openStore({ databaseUrl: location.databaseUrl, dataDir: location.dataDir });
  return {
    store,
    location,
    dispose: async () => {
      await store.close();
      await location.dispose();
    },
  };
}

async function withAdmin(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
