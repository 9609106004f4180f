import { StoreError } from '../src/errors.js';
import { openStore, type Store } from '../src/store/index.js';

/** True when the error says the PostgreSQL server could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'STORE_UNREACHABLE';
}

/**
 * Creates a database of its own on the server (`serverUrl` has no database path), opens and migrates
 * the store there, and drops the database afterwards whatever happens.
 */
export async function withThrowawayDatabase<T>(options: {
  readonly serverUrl: string;
  readonly name: string;
  readonly workDir: string;
  readonly fn: (store: Store, url: string) => Promise<T>;
}): Promise<T> {
  const admin = await openStore({
    databaseUrl: `${options.serverUrl}/postgres`,
    dataDir: options.workDir,
    migrate: false,
  });
  const name = options.name.replace(/[^a-z0-9_]/g, '_');
  const url = `${options.serverUrl}/${name}`;
  try {
    // Separate statements: CREATE DATABASE cannot run inside the implicit transaction of a multi-statement query.
    await admin.withSession(async (s) => {
      await s.exec(`DROP DATABASE IF EXISTS ${name}`);
      await s.exec(`CREATE DATABASE ${name}`);
    });
    const store = await openStore({ databaseUrl: url, dataDir: options.workDir });
    try {
      return await options.fn(store, url);
    } finally {
      await store.close();
    }
  } finally {
    await admin.withSession((s) => s.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await admin.close();
  }
}
