import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/index.js';
import type { TestBackend } from './store-backends.js';

/** A store a CLI run in this process can open: seeded, closed again, and the environment naming it. */
export interface CliStore {
  readonly env: Record<string, string>;
  readonly cwd: string;
  dispose(): Promise<void>;
}

/**
 * Seeds a fresh store on the backend with `seed`, closes it (the embedded store admits one process), and
 * returns the `DATA_DIR` / `DATABASE_URL` a `runCli` call opens it with, in a working directory of its own.
 */
export async function seededCliStore(
  backend: TestBackend,
  seed: (store: Store) => Promise<void>,
): Promise<CliStore> {
  const location = await backend.emptyLocation();
  const cwd = mkdtempSync(join(tmpdir(), 'do-cli-store-'));
  const store = await openStore({
    dataDir: location.dataDir,
    ...(location.databaseUrl === undefined ? {} : { databaseUrl: location.databaseUrl }),
  });
  try {
    await seed(store);
  } finally {
    await store.close();
  }
  return {
    env: {
      DATA_DIR: location.dataDir,
      ...(location.databaseUrl === undefined ? {} : { DATABASE_URL: location.databaseUrl }),
    },
    cwd,
    dispose: async () => {
      await location.dispose();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
