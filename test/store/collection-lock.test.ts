import { afterEach, describe, expect, it } from 'vitest';
import { withCollectionLock } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe.each(testBackends())('collection lock [$name]', (backend) => {
  async function fresh() {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t.store;
  }

  // PGlite has one session, in which advisory locks are re-entrant; the data-directory lock keeps a
  // second process off an embedded store altogether.
  it.skipIf(backend.name === 'pglite')(
    'keeps a second collection of one cluster out of the same store',
    async () => {
      const store = await fresh();
      const inner = await withCollectionLock(store, 1n, () =>
        withCollectionLock(store, 1n, async () => 'ran'),
      );
      expect(inner).toBe('locked');
      expect(await withCollectionLock(store, 1n, async () => 'ran')).toBe('ran');
    },
  );

  it('lets two stores in one database (other schemas) collect their cluster 1 at once', async () => {
    const [a, b] = [await fresh(), await fresh()];
    const inner = await withCollectionLock(a, 1n, () => withCollectionLock(b, 1n, async () => 'ran'));
    expect(inner).toBe('ran');
  });
});
