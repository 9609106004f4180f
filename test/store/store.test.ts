import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import {
  countJobs,
  ensureCluster,
  getJob,
  loadMigrations,
  migrate,
  openStore,
  readStoreStatus,
  readWatermark,
  upsertJobs,
  upsertProfile,
  writeWatermark,
} from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe.each(testBackends())('store [$name]', (backend) => {
  async function fresh() {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t;
  }

  it('migrates an empty database and reports every migration applied', async () => {
    const location = await backend.emptyLocation();
    cleanups.push(() => location.dispose());
    const store = await openStore({ ...location, migrate: false });
    cleanups.push(() => store.close());
    const before = await readStoreStatus(store);
    expect(before.migrations.applied).toHaveLength(0);
    expect(before.migrations.pending.length).toBe(loadMigrations().length);

    const applied = await store.withSession((s) => migrate(s, loadMigrations()));
    expect(applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    const after = await readStoreStatus(store);
    expect(after.migrations.pending).toHaveLength(0);
    expect(after.rowCounts.jobs).toBe(0n);
  });

  it('treats a second migrate as a no-op', async () => {
    const { store } = await fresh();
    const again = await store.withSession((s) => migrate(s, loadMigrations()));
    expect(again).toHaveLength(0);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const { store } = await fresh();
    const edited = loadMigrations().map((m) => ({ ...m, checksum: 'tampered' }));
    await expect(store.withSession((s) => migrate(s, edited))).rejects.toMatchObject({
      code: 'STORE_MIGRATION_CHANGED',
    });
  });

  it('round-trips bigint counters above 2^53 exactly', async () => {
    const { store } = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const huge = 2n ** 63n - 1n;
    const job = buildJob({
      jobId: 'job-big',
      bytesScanned: huge,
      rowsScanned: 2n ** 53n + 1n,
      raw: { n: huge },
    });
    await upsertJobs(store.db, cluster.id, [job]);
    const row = await getJob(store.db, cluster.id, 'job-big');
    expect(row?.bytes_scanned).toBe(huge);
    expect(row?.rows_scanned).toBe(2n ** 53n + 1n);
    expect((row?.raw as { n: bigint } | undefined)?.n).toBe(huge);
  });

  it('stores every field of a job as given, and text PostgreSQL cannot hold as U+FFFD', async () => {
    const { store } = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const job = buildJob({
      jobId: 'odd',
      sqlText: "SELECT 'a\u0000b', '\ud800' FROM \"t\" -- \\u0000 stays",
      errorMessage: 'quote " backslash \\ tab \t é 😀',
      queriedDatasets: ['a.b', 'c "d"'],
      raw: { note: 'x\u0000y', nested: [1, { ok: true }] },
    });
    await upsertJobs(store.db, cluster.id, [job]);
    const row = await getJob(store.db, cluster.id, 'odd');
    expect(row?.sql_text).toBe("SELECT 'a\ufffdb', '\ufffd' FROM \"t\" -- \\u0000 stays");
    expect(row?.error_message).toBe(job.errorMessage);
    expect(row?.queried_datasets).toEqual(['a.b', 'c "d"']);
    expect(row?.raw).toEqual({ note: 'x\ufffdy', nested: [1, { ok: true }] });
    expect(row?.submitted_at.getTime()).toBe(job.timestamps.submittedAt.getTime());
    expect(row?.duration_ms).toBe(job.durationMs === null ? null : BigInt(job.durationMs));
    expect(row?.reflection_relationships).toEqual(job.reflectionRelationships);
  });

  it('upserts idempotently and merges new facts without losing old ones', async () => {
    const { store } = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const jobs = [buildJob({ jobId: 'a' }), buildJob({ jobId: 'b' })];
    expect(await upsertJobs(store.db, cluster.id, jobs)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await upsertJobs(store.db, cluster.id, jobs)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });

    const partial = buildJob({ jobId: 'a', queueName: null, errorMessage: 'late error', source: 'file' });
    expect(await upsertJobs(store.db, cluster.id, [partial])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const merged = await getJob(store.db, cluster.id, 'a');
    expect(merged?.queue_name).toBe('Low Cost User Queries');
    expect(merged?.error_message).toBe('late error');
    expect(await countJobs(store.db, cluster.id)).toBe(2);
  });

  it('keeps clusters apart', async () => {
    const { store } = await fresh();
    const a = await ensureCluster(store.db, { name: 'a', kind: 'software' });
    const b = await ensureCluster(store.db, { name: 'b', kind: 'cloud' });
    await upsertJobs(store.db, a.id, [buildJob({ jobId: 'same' })]);
    await upsertJobs(store.db, b.id, [buildJob({ jobId: 'same' }), buildJob({ jobId: 'other' })]);
    expect(await countJobs(store.db, a.id)).toBe(1);
    expect(await countJobs(store.db, b.id)).toBe(2);
    const again = await ensureCluster(store.db, { name: 'a', kind: 'unknown', version: '25.1.1' });
    expect(again).toMatchObject({ id: a.id, kind: 'software', version: '25.1.1' });
  });

  it('stores a profile once and reports repeats as unchanged', async () => {
    const { store } = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(store.db, cluster.id, [buildJob({ jobId: 'p' })]);
    const profile = {
      jobId: 'p',
      attempt: 0,
      dremioVersion: '25.1.1',
      sizeBytes: 100,
      summary: { operators: 3 },
      rawGzip: new Uint8Array([1, 2, 3]),
      source: 'live',
      sourceRef: null,
    };
    expect(await upsertProfile(store.db, cluster.id, profile)).toBe('inserted');
    expect(await upsertProfile(store.db, cluster.id, profile)).toBe('unchanged');
    expect(await upsertProfile(store.db, cluster.id, { ...profile, summary: { operators: 4 } })).toBe(
      'updated',
    );
  });

  it('commits a watermark together with the rows it covers, or not at all', async () => {
    const { store } = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await expect(
      store.db.transaction().execute(async (trx) => {
        await upsertJobs(trx, cluster.id, [buildJob({ jobId: 'w1' })]);
        await writeWatermark(trx, { clusterId: cluster.id, stream: 'history', value: { submittedMs: 5 } });
        throw new Error('crash mid-page');
      }),
    ).rejects.toThrow('crash mid-page');
    expect(await countJobs(store.db, cluster.id)).toBe(0);
    expect(await readWatermark(store.db, cluster.id, 'history')).toBeUndefined();
  });

  it('keeps data across a restart', async () => {
    const t = await fresh();
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(t.store.db, cluster.id, [buildJob({ jobId: 'persisted' })]);
    await t.store.close();
    const reopened = await openStore(t.location);
    cleanups.push(() => reopened.close());
    expect(await getJob(reopened.db, cluster.id, 'persisted')).toBeDefined();
  });
});

describe.each(testBackends().filter((b) => b.name === 'postgres'))('store concurrency [$name]', (backend) => {
  it('applies each migration once when two processes migrate together', async () => {
    const location = await backend.emptyLocation();
    cleanups.push(() => location.dispose());
    const [a, b] = await Promise.all([openStore(location), openStore(location)]);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const status = await readStoreStatus(a);
    expect(status.migrations.applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
  });
});

describe('embedded store lock [pglite]', () => {
  it('refuses a second opener of the same directory and names the holder', async () => {
    const location = await testBackends()[0]!.emptyLocation();
    cleanups.push(() => location.dispose());
    const first = await openStore({ dataDir: location.dataDir, command: 'collect' });
    cleanups.push(() => first.close());
    const second = openStore({ dataDir: location.dataDir, command: 'analyze' });
    await expect(second).rejects.toBeInstanceOf(StoreError);
    await expect(second).rejects.toThrow(new RegExp(`in use by process ${process.pid}.*collect`));
  });
});
