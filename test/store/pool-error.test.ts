import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { countJobs, ensureCluster, openStore } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe.each(testBackends().filter((b) => b.name === 'postgres'))('store connections [$name]', (backend) => {
  it('survives the server ending an idle connection', async () => {
    const location = await backend.emptyLocation();
    cleanups.push(() => location.dispose());
    // The run's other test files share this database: name this store's sessions so only they end.
    const name = `pool-error-${process.pid}-${Date.now()}`;
    const url = new URL(location.databaseUrl!);
    url.searchParams.set('application_name', name);
    const store = await openStore({ databaseUrl: url.toString(), dataDir: location.dataDir });
    cleanups.push(() => store.close());
    const cluster = await ensureCluster(store.db, { name: 'c', kind: 'software' });
    const admin = new pg.Client({ connectionString: location.databaseUrl });
    await admin.connect();
    const ended = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [name],
    );
    await admin.end();
    expect(ended.rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await countJobs(store.db, cluster.id)).toBe(0);
  });
});
