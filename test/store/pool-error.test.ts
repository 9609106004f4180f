import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { countJobs, ensureCluster } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe.each(testBackends().filter((b) => b.name === 'postgres'))('store connections [$name]', (backend) => {
  it('survives the server ending an idle connection', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'c', kind: 'software' });
    const admin = new pg.Client({ connectionString: t.location.databaseUrl });
    await admin.connect();
    // Terminate every other session of this database: the pool's idle clients among them.
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await countJobs(t.store.db, cluster.id)).toBe(0);
  });
});
