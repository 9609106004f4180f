import { afterEach, describe, expect, it } from 'vitest';
import { scheduleHealth } from '../../src/app/schedule-health.js';
import { cycleLeaseName, runScheduledCycle } from '../../src/app/scheduled-cycle.js';
import { withLease } from '../../src/app/with-lease.js';
import { acquireLease, openStore, readLease, type Store } from '../../src/store/index.js';
import { silentLogger, simulatorApp } from '../support/sim-app.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const HOUR_MS = 3_600_000;

describe.each(testBackends())('scheduled cycles [$name]', (backend) => {
  /** Two handles on one store: two pools on PostgreSQL (two processes), one on PGlite (one process). */
  async function twoHandles(): Promise<[Store, Store]> {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    if (backend.name === 'pglite') return [t.store, t.store];
    const second = await openStore({ ...t.location, command: 'second' });
    cleanups.push(() => second.close());
    return [t.store, second];
  }

  it('runs one holder at a time under a lease; the other runs once it is released', async () => {
    const [a, b] = await twoHandles();
    const lease = { name: 'pipeline:c1', logger: silentLogger };
    let running = 0;
    let most = 0;
    const work = async (label: string) => {
      running++;
      most = Math.max(most, running);
      running--;
      return label;
    };
    let release!: () => void;
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const first = withLease(a, { ...lease, holder: 'A' }, async () => {
      running++;
      most = Math.max(most, running);
      await gate;
      running--;
      return 'A';
    });
    // A holds the lease (its work waits on the gate): B's does not run.
    while ((await readLease(b.db, lease.name)) === undefined) await new Promise((r) => setImmediate(r));
    expect(await withLease(b, { ...lease, holder: 'B' }, () => work('B'))).toEqual({
      kind: 'held',
      holder: 'A',
    });
    release();
    expect(await first).toEqual({ kind: 'ran', value: 'A' });
    expect(await readLease(a.db, lease.name)).toBeUndefined();
    expect(await withLease(b, { ...lease, holder: 'B' }, () => work('B'))).toEqual({
      kind: 'ran',
      value: 'B',
    });
    expect(most).toBe(1);
  });

  it('renews the lease while a long run holds it', async () => {
    const [a, b] = await twoHandles();
    const name = 'pipeline:c1';
    const outcome = await withLease(
      a,
      { name, holder: 'A', ttlMs: 3_000, logger: silentLogger },
      async () => {
        const first = (await readLease(b.db, name))!;
        // Renewed every third of its life: its expiry moves on while the run goes on, still A's.
        let now = first;
        for (let i = 0; i < 500 && now.expiresAt.getTime() === first.expiresAt.getTime(); i++) {
          await new Promise((r) => setTimeout(r, 20));
          now = (await readLease(b.db, name)) ?? now;
        }
        expect(now.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
        expect(now.holder).toBe('A');
        expect(now.acquiredAt).toEqual(first.acquiredAt);
        return 'done';
      },
    );
    expect(outcome).toEqual({ kind: 'ran', value: 'done' });
  });

  it('runs the pipeline, records the cycle for /health and frees the cluster; skips while another holds it', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const app = await simulatorApp(t.store, { jobs: 300, days: 5 });
    cleanups.push(() => app.dispose());
    const at = new Date('2026-12-01T12:00:00.000Z');

    expect(
      await acquireLease(t.store.db, { name: cycleLeaseName('sim'), holder: 'other', ttlMs: HOUR_MS }),
    ).toBe(true);
    const skipped = await runScheduledCycle(app.deps, { clusterName: 'sim', holder: 'me', at, profiles: 10 });
    expect(skipped).toEqual({ kind: 'skipped', holder: 'other' });
    expect(await scheduleHealth(t.store)).toEqual([]);
    expect(await t.store.db.selectFrom('collection_runs').select('id').execute()).toEqual([]);
    await t.store.db.deleteFrom('leases').execute();

    const ran = await runScheduledCycle(app.deps, { clusterName: 'sim', holder: 'me', at, profiles: 10 });
    expect(ran.kind).toBe('ran');
    if (ran.kind === 'ran') expect(ran.output.collect.status).toBe('succeeded');
    const [entry, ...others] = await scheduleHealth(t.store);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      cluster: 'sim',
      status: 'succeeded',
      lastFailedAt: null,
    });
    expect(Date.parse(entry!.lastSucceededAt!)).toBeGreaterThanOrEqual(Date.parse(entry!.lastStartedAt));
    expect(await readLease(t.store.db, cycleLeaseName('sim'))).toBeUndefined();
  }, 180_000);
});
