import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openStore } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

// Migrations are written on branches in parallel: a store may have 0009 applied before 0008 is merged.
describe.each(testBackends())('migrations with a gap [$name]', (backend) => {
  it('applies a migration numbered below one already applied once it appears, and each only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'do-migrations-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = pathToFileURL(`${dir}/`);
    writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE first_t (id int);');
    writeFileSync(join(dir, '0003_third.sql'), 'CREATE TABLE third_t (id int);');
    const location = await backend.emptyLocation();
    cleanups.push(() => location.dispose());
    const store = await openStore({ ...location, migrate: false });
    cleanups.push(() => store.close());

    const first = await store.withSession((s) => migrate(s, loadMigrations(url)));
    expect(first.map((m) => m.version)).toEqual([1, 3]);
    writeFileSync(join(dir, '0002_second.sql'), 'CREATE TABLE second_t (id int);');
    const second = await store.withSession((s) => migrate(s, loadMigrations(url)));
    expect(second.map((m) => m.version)).toEqual([2]);
    expect(await store.withSession((s) => migrate(s, loadMigrations(url)))).toEqual([]);
    const rows = await store.withSession((s) =>
      s.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'),
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    // A new embedded store starts from initdb, slow on a loaded machine.
  }, 180_000);
});
