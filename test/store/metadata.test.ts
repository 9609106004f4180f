import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/domain/dataset.js';
import type { Reflection } from '../../src/domain/reflection.js';
import {
  ensureCluster,
  loadDatasets,
  loadReflections,
  upsertDataset,
  upsertReflections,
} from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const day = (d: number) => new Date(Date.UTC(2026, 9, d));

function dataset(files: Dataset['files']): Dataset {
  return {
    path: 'lake.sales.orders',
    pathParts: ['lake', 'sales', 'orders'],
    datasetId: 'ds-1',
    kind: 'table',
    format: 'Iceberg',
    viewSql: null,
    columns: [
      { name: 'order_id', type: 'BIGINT' },
      { name: 'order_ts', type: 'TIMESTAMP' },
    ],
    partitionFields: [{ column: 'order_ts', transform: 'day' }],
    files,
  };
}

const reflection: Reflection = {
  reflectionId: 'r-1',
  name: 'orders_agg',
  type: 'AGGREGATION',
  datasetId: 'ds-1',
  datasetPath: 'lake.sales.orders',
  enabled: true,
  status: 'FAILED',
  refreshStatus: 'SCHEDULED',
  availabilityStatus: 'NONE',
  dimensions: ['region'],
  measures: ['amount (SUM, COUNT)'],
  displayColumns: [],
  partitionColumns: [],
  currentSizeBytes: 5_000_000_000,
  consideredCount: 10,
  matchedCount: 4,
  chosenCount: 0,
  failureCount: 3,
  lastFailureMessage: 'out of memory',
  lastRefreshAt: day(20),
  lastRefreshDurationMs: 60_000,
  createdAt: day(1),
  refreshes: [
    {
      materializationId: 'm-1',
      startedAt: day(19),
      durationMs: 50_000,
      state: 'FAILED',
      sizeBytes: null,
      failureMessage: 'oom',
    },
    {
      materializationId: 'm-2',
      startedAt: day(20),
      durationMs: 60_000,
      state: 'DONE',
      sizeBytes: 5_000_000_000,
      failureMessage: null,
    },
  ],
};

describe.each(testBackends())('dataset and reflection metadata [$name]', (backend) => {
  it('keeps the newest file statistics per partition across observations', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const { id } = await ensureCluster(t.store.db, { name: 'c', kind: 'software' });
    await upsertDataset(
      t.store.db,
      id,
      dataset([{ observedAt: day(1), partition: '', fileCount: 20_000, totalBytes: 40e9, recordCount: 1e9 }]),
    );
    await upsertDataset(
      t.store.db,
      id,
      dataset([{ observedAt: day(2), partition: '', fileCount: 160, totalBytes: 40e9, recordCount: 1e9 }]),
    );
    await upsertDataset(
      t.store.db,
      id,
      dataset([{ observedAt: day(2), partition: '', fileCount: 160, totalBytes: 40e9, recordCount: 1e9 }]),
    );
    const loaded = (await loadDatasets(t.store.db, id)).get('lake.sales.orders');
    expect(loaded?.files).toEqual([
      { observedAt: day(2), partition: '', fileCount: 160, totalBytes: 40e9, recordCount: 1e9 },
    ]);
    expect(loaded?.partitionFields).toEqual([{ column: 'order_ts', transform: 'day' }]);
    expect(loaded?.columns).toHaveLength(2);
  });

  it('stores the file statistics of a table with more partitions than one statement can bind', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const { id } = await ensureCluster(t.store.db, { name: 'c', kind: 'software' });
    // 7 values a row: 10 000 partitions would be 70 000 parameters in one INSERT, over PostgreSQL's 65 535.
    const files = Array.from({ length: 10_000 }, (_, i) => ({
      observedAt: day(3),
      partition: `{customer_id=${i}}`,
      fileCount: 2,
      totalBytes: 2e6,
      recordCount: 1000,
    }));
    await upsertDataset(t.store.db, id, dataset(files));
    expect((await loadDatasets(t.store.db, id)).get('lake.sales.orders')?.files).toHaveLength(10_000);
  });

  it('round-trips reflections with their refresh history', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const { id } = await ensureCluster(t.store.db, { name: 'c', kind: 'software' });
    await upsertReflections(t.store.db, id, [reflection]);
    await upsertReflections(t.store.db, id, [reflection]);
    expect(await loadReflections(t.store.db, id)).toEqual([reflection]);
  });
});
