import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain/change.js';
import { measureChange, showMeasurement } from '../../src/measure/index.js';
import {
  ensureCluster,
  listMeasurements,
  type MeasuredRun,
  recordChange,
  saveMeasurement,
} from '../../src/store/index.js';
import { type TestStore, testBackends } from '../support/store-backends.js';

const T = Date.parse('2026-05-01T00:00:00Z');
const DAY = 86_400_000;

function runs(from: number, n: number, ms: number): MeasuredRun[] {
  return Array.from({ length: n }, (_, i) => ({
    fingerprint: 'fp',
    submittedAt: new Date(from + i * 3_600_000),
    state: 'COMPLETED',
    execMs: ms * (1 + ((i * 7) % 11) / 50),
    cpuMs: 10,
    bytesScanned: 100,
    rowsScanned: 10,
    memoryBytes: 1000,
    accelerated: false,
    ownQuery: false,
  }));
}

const change: Change = {
  kind: 'table-rewritten',
  subject: 'lake.web.events',
  datasetPath: 'lake.web.events',
  effectiveFrom: new Date(T),
  effectiveTo: new Date(T),
  origin: 'product',
  statement: 'OPTIMIZE TABLE lake.web.events',
  jobId: 'j-opt',
  recommendationId: 'rec-opt',
  details: { fileCountBefore: 24000 },
};

describe.each(testBackends())('measurements in the store [$name]', (backend) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('keeps one measurement per change, replaced when measured again, found by its id or its recommendation', async () => {
    t = await backend.fresh();
    const { db } = t.store;
    const cluster = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const stored = await recordChange(db, { clusterId: cluster.id, change, detectedAt: new Date(T) });
    // The collection that later sees the same OPTIMIZE job refines, never duplicates.
    const again = await recordChange(db, {
      clusterId: cluster.id,
      change: { ...change, origin: 'detected', recommendationId: null, details: { snapshotId: '42' } },
      detectedAt: new Date(T + DAY),
    });
    expect(again.id).toBe(stored.id);
    expect(again).toMatchObject({ origin: 'product', recommendationId: 'rec-opt' });
    expect(again.details).toEqual({ fileCountBefore: 24000, snapshotId: '42' });

    const window = (days: number) => ({
      change: stored,
      recommendation: null,
      before: runs(T - 7 * DAY, 40, 4000),
      after: runs(T, Math.round(days * 24), 1000),
      duringChange: 0,
      controlBefore: [],
      controlAfter: [],
      beforeWindow: { start: new Date(T - 7 * DAY), end: new Date(T) },
      afterWindow: { start: new Date(T), end: new Date(T + days * DAY) },
      dataEnd: new Date(T + days * DAY),
    });
    const first = await saveMeasurement(db, {
      clusterId: cluster.id,
      measurement: measureChange(window(0.2)),
      measuredAt: new Date(T + DAY),
    });
    expect(first.verdict).toBe('inconclusive');
    const second = await saveMeasurement(db, {
      clusterId: cluster.id,
      measurement: measureChange(window(3)),
      measuredAt: new Date(T + 3 * DAY),
    });
    expect(second.id).toBe(first.id);
    expect(second.verdict).toBe('verified');
    const all = await listMeasurements(db, { clusterId: cluster.id });
    expect(all).toHaveLength(1);
    expect(all[0]!.after.start).toEqual(new Date(T));
    expect(all[0]!.changeId).toBe(stored.id);
    expect((await showMeasurement(t.store, { id: String(first.id) })).verdict).toBe('verified');
    expect((await showMeasurement(t.store, { id: 'rec-opt' })).id).toBe(first.id);
    await expect(showMeasurement(t.store, { id: 'nope' })).rejects.toThrow(/no measurement nope/);
  });
});
