import { resolve } from 'node:path';
import { openStore, type Store } from '../store/index.js';
import type { CliContext } from './context.js';

/** Opens the configured store for one command and always closes it, so the process exits promptly. */
export async function withStore<T>(
  context: CliContext,
  options: { readonly command: string; readonly migrate?: boolean },
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const config = context.config();
  const store = await openStore({
    databaseUrl: config.database.url,
    dataDir: resolve(context.io.cwd, config.dataDir),
    command: options.command,
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
