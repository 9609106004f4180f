import { afterEach, describe, expect, it } from 'vitest';
import type { Reflection } from '../../src/domain/reflection.js';
import {
  ensureCluster,
  loadKnownReflections,
  loadReflections,
  markReflectionsDropped,
  upsertReflections,
} from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const day = (d: number) => new Date(Date.UTC(2026, 9, d));

function reflection(id: string, name: string): Reflection {
  return {
    reflectionId: id,
    name,
    type: 'RAW',
    datasetId: 'ds-1',
    datasetPath: 'lake.sales.orders',
    enabled: true,
    status: 'CAN_ACCELERATE',
    refreshStatus: 'SCHEDULED',
    availabilityStatus: 'AVAILABLE',
    dimensions: [],
    measures: [],
    displayColumns: ['a'],
    partitionColumns: [],
    currentSizeBytes: 1,
    consideredCount: 0,
    matchedCount: 0,
    chosenCount: 0,
    failureCount: 0,
    lastFailureMessage: null,
    lastRefreshAt: day(2),
    lastRefreshDurationMs: 1_000,
    createdAt: day(1),
    refreshes: [],
  };
}

describe.each(testBackends())('dropped reflections [$name]', (backend) => {
  it('keeps a dropped reflection with its last sighting, hides it from analysis, and clears the drop when it is seen again', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const { id } = await ensureCluster(t.store.db, { name: 'c', kind: 'software' });
    const kept = reflection('r-1', 'kept');
    const gone = reflection('r-2', 'gone');
    await upsertReflections(t.store.db, id, [kept, gone], { observedAt: day(3) });
    await upsertReflections(t.store.db, id, [kept], { observedAt: day(5) });
    await markReflectionsDropped(t.store.db, { clusterId: id, reflectionIds: ['r-2'], at: day(5) });

    expect((await loadReflections(t.store.db, id)).map((r) => r.reflectionId)).toEqual(['r-1']);
    expect(await loadKnownReflections(t.store.db, id)).toEqual([
      {
        reflectionId: 'r-1',
        name: 'kept',
        datasetPath: 'lake.sales.orders',
        enabled: true,
        lastSeenAt: day(5),
        droppedAt: null,
      },
      {
        reflectionId: 'r-2',
        name: 'gone',
        datasetPath: 'lake.sales.orders',
        enabled: true,
        lastSeenAt: day(3),
        droppedAt: day(5),
      },
    ]);
    // A later drop mark does not move the first one.
    await markReflectionsDropped(t.store.db, { clusterId: id, reflectionIds: ['r-2'], at: day(7) });
    expect((await loadKnownReflections(t.store.db, id))[1]?.droppedAt).toEqual(day(5));

    await upsertReflections(t.store.db, id, [kept, gone], { observedAt: day(8) });
    expect((await loadReflections(t.store.db, id)).map((r) => r.reflectionId)).toEqual(['r-1', 'r-2']);
    expect((await loadKnownReflections(t.store.db, id))[1]).toMatchObject({
      lastSeenAt: day(8),
      droppedAt: null,
    });
  });
});
