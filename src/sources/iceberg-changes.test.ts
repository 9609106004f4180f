import { describe, expect, it } from 'vitest';
import { partitionSpecChange, snapshotFromRow, tableRewrites } from './iceberg-changes.js';

const day = (d: number) => new Date(Date.UTC(2026, 10, d));
const summary = (files: number) => [
  { key: 'added-data-files', value: '3' },
  { key: 'total-data-files', value: String(files) },
];
const rows = [
  {
    committed_at: '2026-11-01 00:00:00.000',
    snapshot_id: 1n,
    parent_id: null,
    operation: 'append',
    summary: summary(900),
  },
  {
    committed_at: '2026-11-03 00:00:00.000',
    snapshot_id: 2n,
    parent_id: 1n,
    operation: 'replace',
    summary: summary(40),
  },
  {
    committed_at: '2026-11-04 00:00:00.000',
    snapshot_id: 3n,
    parent_id: 2n,
    operation: 'append',
    summary: summary(43),
  },
  {
    committed_at: '2026-11-05 00:00:00.000',
    snapshot_id: 4n,
    parent_id: 3n,
    operation: 'replace',
    summary: summary(43),
  },
];

describe('tableRewrites', () => {
  const snapshots = rows.map((r) => snapshotFromRow(r)!);

  it('dates a replace snapshot of observed history by its commit, with the file counts', () => {
    expect(tableRewrites({ datasetPath: 'lake.sales.orders', snapshots, historyStart: day(2) })).toEqual([
      {
        kind: 'table-rewritten',
        subject: 'lake.sales.orders',
        datasetPath: 'lake.sales.orders',
        effectiveFrom: day(3),
        effectiveTo: day(3),
        origin: 'detected',
        statement: null,
        jobId: null,
        recommendationId: null,
        details: { snapshotId: '2', fileCountBefore: 900, fileCountAfter: 40 },
      },
    ]);
  });

  it('leaves out rewrites before observed history, and without history nothing is dated', () => {
    expect(tableRewrites({ datasetPath: 'a', snapshots, historyStart: day(4) })).toEqual([]);
    expect(tableRewrites({ datasetPath: 'a', snapshots, historyStart: undefined })).toEqual([]);
  });
});

describe('partitionSpecChange', () => {
  const base = { datasetPath: 'lake.sales.orders', previousObservation: day(1), observedAt: day(2) };
  it('spans the two observations when the spec differs', () => {
    expect(
      partitionSpecChange({ ...base, before: [], after: [{ column: 'order_ts', transform: 'day' }] }),
    ).toMatchObject({ kind: 'partition-spec-changed', effectiveFrom: day(1), effectiveTo: day(2) });
  });
  it('says nothing for the same spec in another order, or without a previous observation', () => {
    const a = { column: 'a', transform: 'identity' };
    const b = { column: 'b', transform: 'day' };
    expect(partitionSpecChange({ ...base, before: [a, b], after: [b, a] })).toBeUndefined();
    expect(partitionSpecChange({ ...base, before: undefined, after: [a] })).toBeUndefined();
  });
});
