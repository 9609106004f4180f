import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireLease,
  openStore,
  readLease,
  releaseLease,
  renewLease,
  type Store,
} from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const HOUR_MS = 3_600_000;

describe.each(testBackends())('leases [$name]', (backend) => {
  /**
   * Two handles on one store: on PostgreSQL a second pool (as a second process has), on PGlite the same
   * handle (an embedded store has one process; two schedules in it are two holders).
   */
  async function twoHandles(): Promise<[Store, Store]> {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    if (backend.name === 'pglite') return [t.store, t.store];
    const second = await openStore({ ...t.location, command: 'second' });
    cleanups.push(() => second.close());
    return [t.store, second];
  }

  it('lets one holder at a time have a lease, until it releases it', async () => {
    const [a, b] = await twoHandles();
    const lease = { name: 'pipeline:c1', ttlMs: HOUR_MS };
    expect(await acquireLease(a.db, { ...lease, holder: 'A' })).toBe(true);
    expect(await acquireLease(b.db, { ...lease, holder: 'B' })).toBe(false);
    expect((await readLease(b.db, lease.name))?.holder).toBe('A');
    // Its holder asking again keeps it; another's release does not free it; another lease is free.
    expect(await acquireLease(a.db, { ...lease, holder: 'A' })).toBe(true);
    await releaseLease(b.db, { name: lease.name, holder: 'B' });
    expect(await acquireLease(b.db, { ...lease, holder: 'B' })).toBe(false);
    expect(await acquireLease(b.db, { name: 'pipeline:c2', holder: 'B', ttlMs: HOUR_MS })).toBe(true);
    expect(await renewLease(b.db, { ...lease, holder: 'B' })).toBe(false);
    expect(await renewLease(a.db, { ...lease, holder: 'A' })).toBe(true);

    await releaseLease(a.db, { name: lease.name, holder: 'A' });
    expect(await readLease(b.db, lease.name)).toBeUndefined();
    expect(await acquireLease(b.db, { ...lease, holder: 'B' })).toBe(true);
  });

  it('gives an expired lease to the next asker, and its former holder can no longer renew it', async () => {
    const [a, b] = await twoHandles();
    const name = 'pipeline:c1';
    expect(await acquireLease(a.db, { name, holder: 'A', ttlMs: 1 })).toBe(true);
    // A stalls (stops renewing): once the database clock passes its expiry, B takes over.
    let taken = false;
    for (let attempt = 0; attempt < 500 && !taken; attempt++) {
      taken = await acquireLease(b.db, { name, holder: 'B', ttlMs: HOUR_MS });
      if (!taken) await sleep(10);
    }
    expect(taken).toBe(true);
    expect(await renewLease(a.db, { name, holder: 'A', ttlMs: HOUR_MS })).toBe(false);
    expect(await acquireLease(a.db, { name, holder: 'A', ttlMs: HOUR_MS })).toBe(false);
    expect((await readLease(a.db, name))?.holder).toBe('B');
  });

  it('gives a free lease to exactly one of many askers at once', async () => {
    const [a, b] = await twoHandles();
    const askers = Array.from({ length: 8 }, (_, i) =>
      acquireLease((i % 2 === 0 ? a : b).db, { name: 'pipeline:c1', holder: `H${i}`, ttlMs: HOUR_MS }),
    );
    const won = await Promise.all(askers);
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = (await readLease(a.db, 'pipeline:c1'))?.holder;
    expect(holder).toBe(`H${won.indexOf(true)}`);
  });
});
