import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

describe.each(testBackends())('store errors reach db_errors_total [$name]', (backend) => {
  it('tells onError of each failed query, and not of those that succeed', async () => {
    const location = await backend.emptyLocation();
    let errors = 0;
    const store = await openStore({
      dataDir: location.dataDir,
      ...(location.databaseUrl === undefined ? {} : { databaseUrl: location.databaseUrl }),
      command: 'test',
      onError: () => {
        errors++;
      },
    });
    try {
      await sql`SELECT count(*) FROM jobs`.execute(store.db);
      expect(errors).toBe(0);
      await expect(sql`SELECT * FROM no_such_table`.execute(store.db)).rejects.toThrow(/no_such_table/);
      await expect(store.db.selectFrom('jobs').select('job_id').execute()).resolves.toEqual([]);
      await expect(sql`SELECT 1 / 0`.execute(store.db)).rejects.toThrow(/division by zero/);
      expect(errors).toBe(2);
    } finally {
      await store.close();
      await location.dispose();
    }
  }, 60_000);

  it('tells onError when PostgreSQL cannot be reached', async () => {
    if (backend.name !== 'postgres') return;
    let errors = 0;
    const opening = openStore({
      dataDir: '.',
      databaseUrl: 'postgres://postgres@127.0.0.1:9/nothing',
      onError: () => {
        errors++;
      },
    });
    await expect(opening).rejects.toMatchObject({ code: 'STORE_UNREACHABLE' });
    expect(errors).toBe(1);
  });
});
