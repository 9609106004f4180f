import { describe, expect, it } from 'vitest';
import {
  ANY_POSITIVE,
  buildContext,
  buildOperator,
  buildProfileSummary,
  buildScan,
  NO_STAKE,
  REAL_PROFILES,
  realProfileContext,
} from '../../../test/support/profile-builder.js';
import type { Dataset } from '../../domain/dataset.js';
import type { ProfileSummary, ScanSummary } from '../../domain/profile-summary.js';
import { type PartitionPruningEvidence, partitionPruningDetector } from './partition-pruning.js';

const MS = 1_000_000;
const { defaults } = partitionPruningDetector;
const ORDERS = 'lakehouse.sales.orders';

function dataset(options: { partitioned?: boolean; fileCount?: number } = {}): ReadonlyMap<string, Dataset> {
  const orders: Dataset = {
    path: ORDERS,
    pathParts: ORDERS.split('.'),
    datasetId: 'ds-orders',
    kind: 'table',
    format: 'Iceberg',
    viewSql: null,
    columns: [{ name: 'order_ts', type: 'TIMESTAMP' }],
    partitionFields: options.partitioned === false ? [] : [{ column: 'order_ts', transform: 'day' }],
    files:
      options.fileCount === undefined
        ? []
        : [
            {
              observedAt: new Date('2026-11-01T00:00:00Z'),
              partition: '',
              fileCount: options.fileCount,
              totalBytes: options.fileCount * 100_000_000,
              recordCount: null,
            },
          ],
  };
  return new Map([[ORDERS, orders]]);
}

/** A 10 s job whose scan of orders read `splits` files in `share` of the operator time. */
function scanProfile(splits: number, options: { share?: number; scan?: Partial<ScanSummary> } = {}) {
  const share = options.share ?? 0.9;
  return buildProfileSummary({
    durationMs: 10_060,
    stateDurationsMs: { ...buildProfileSummary().stateDurationsMs, running: 10_000 },
    operators: [
      buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: (1 - share) * 1000 }),
      buildOperator({
        key: '02-03',
        typeName: 'TABLE_FUNCTION',
        processMs: share * 800,
        waitNanos: { sum: share * 200 * MS, max: 0, median: 0 },
      }),
      buildOperator({ key: '03-02', typeName: 'TABLE_FUNCTION', processMs: 0 }),
    ],
    scans: [
      buildScan({
        key: '02-03',
        table: ORDERS,
        recordsRead: 1_200_000_000,
        bytesRead: 420e9,
        rowGroups: splits,
        processNanos: share * 800 * MS,
        waitNanos: share * 200 * MS,
        ...options.scan,
      }),
      buildScan({
        key: '03-02',
        subtypeName: 'ICEBERG_MANIFEST_LIST_SCAN',
        table: ORDERS,
        splits,
        processNanos: 0,
        recordsRead: 0,
      }),
    ],
    planText:
      '00-00    Screen : rowcount = 48.0\n' +
      `02-03          TableFunction(Table Function Type=[DATA_FILE_SCAN], table=${ORDERS}) : rowcount = 1.2E9\n` +
      `03-02            IcebergManifestList(table=[${ORDERS}], splits=[${splits}], manifestContent=[DATA]) : rowcount = 9.0\n`,
  });
}

function detect(
  profile: ProfileSummary | undefined,
  options: { datasets?: ReadonlyMap<string, Dataset> | null; runsPerDay?: number; queryType?: string } = {},
) {
  const datasets = options.datasets === null ? undefined : (options.datasets ?? dataset({ fileCount: 3650 }));
  const context = buildContext({
    ...(profile ? { profile } : {}),
    ...(datasets ? { datasets } : {}),
    runsPerDay: options.runsPerDay ?? 1000,
    ...(options.queryType ? { job: { queryType: options.queryType } } : {}),
  });
  return partitionPruningDetector.detect(context, defaults);
}

describe('partition-pruning detector', () => {
  const rungs = [
    { name: 'low: just over 100 files', splits: 101, severity: 'low' },
    { name: 'medium: just over 1000 files', splits: 1001, severity: 'medium' },
    { name: 'high: just over 5000 files', splits: 5001, severity: 'high' },
    { name: 'critical: just over 20000 files', splits: 20_001, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(`rates ${rung.name}`, () => {
      const hit = detect(scanProfile(rung.splits), { datasets: dataset({ fileCount: rung.splits }) });
      expect(hit?.severity).toBe(rung.severity);
      expect(hit?.confidence).toBe(0.9);
      const evidence = hit?.evidence as PartitionPruningEvidence;
      expect(evidence.table).toBe(ORDERS);
      expect(evidence.partitionColumns).toEqual(['order_ts']);
      expect(evidence.splits).toBe(rung.splits);
      expect(evidence.fractionOfFilesRead).toBe(1);
      expect(evidence.scanOperatorKeys).toEqual(['02-03', '03-02']);
      expect(evidence.planExcerpt).toMatch(/^03-02 +IcebergManifestList/);
      expect(hit?.timeAtStakeMs).toBeCloseTo(9000);
    });
  }

  it('stays silent just below the lowest rung', () => {
    expect(detect(scanProfile(99), { datasets: dataset({ fileCount: 99 }) })).toBeUndefined();
  });

  const pruned: readonly { name: string; scan: Partial<ScanSummary> }[] = [
    { name: 'a manifest filter expression', scan: { hasManifestFilter: true } },
    { name: 'partitionFilters', scan: { hasPartitionFilter: true } },
    { name: 'a prune condition', scan: { hasPruneCondition: true } },
    { name: 'pruned row groups', scan: { rowGroupsPruned: 12 } },
    { name: 'runtime-filter partition pruning', scan: { partitionsPrunedByRuntimeFilter: 3 } },
  ];
  for (const p of pruned) {
    it(`stays silent when the scan shows ${p.name}`, () => {
      expect(detect(scanProfile(3650, { scan: p.scan }))).toBeUndefined();
    });
  }

  it('stays silent on an unpartitioned table, and on a scan that read under half the files', () => {
    expect(
      detect(scanProfile(3650), { datasets: dataset({ partitioned: false, fileCount: 3650 }) }),
    ).toBeUndefined();
    expect(detect(scanProfile(1000), { datasets: dataset({ fileCount: 3650 }) })).toBeUndefined();
  });

  it('stays silent on reflection refreshes and on scans that cost nothing', () => {
    expect(detect(scanProfile(3650), { queryType: 'ACCELERATOR_CREATE' })).toBeUndefined();
    expect(detect(scanProfile(3650, { share: 0.02 }))).toBeUndefined();
  });

  it('without catalog metadata reports only very wide scans, with low confidence', () => {
    expect(detect(scanProfile(999), { datasets: null })).toBeUndefined();
    const hit = detect(scanProfile(3650), { datasets: null });
    expect(hit?.confidence).toBe(0.5);
    expect((hit?.evidence as PartitionPruningEvidence | undefined)?.partitionColumns).toBeNull();
  });

  it('damps a full scan in a rare query', () => {
    expect(detect(scanProfile(20_001), { runsPerDay: 0.5 })).toBeUndefined();
    expect(detect(scanProfile(20_001), { runsPerDay: 2 })?.severity).toBe('low');
  });

  it('needs a profile with scans', () => {
    expect(detect(undefined)).toBeUndefined();
    expect(detect(buildProfileSummary())).toBeUndefined();
  });

  it('is silent on the real profiles, and reads their CSV scan', () => {
    for (const file of REAL_PROFILES) {
      expect(partitionPruningDetector.detect(realProfileContext(file), defaults)).toBeUndefined();
    }
    // profile1.json: EasyScan 00-08 of the SF weather CSV, splits=[1], 485 records, 18753 bytes read.
    const hairTrigger = {
      ...defaults,
      splits: ANY_POSITIVE,
      minTimeShare: 0,
      minSplitsWithoutMetadata: 0,
      stake: NO_STAKE,
    };
    const evidence = partitionPruningDetector.detect(realProfileContext('dqd/profile1.json'), hairTrigger)
      ?.evidence as PartitionPruningEvidence;
    expect(evidence.scanOperatorKeys).toEqual(['00-08']);
    expect(evidence.table).toBe('Samples."samples.dremio.com"."SF weather 2018-2019.csv"');
    expect(evidence.splits).toBe(1);
    expect(evidence.recordsRead).toBe(485);
    expect(evidence.bytesRead).toBe(18_753);
    expect(evidence.planExcerpt).toMatch(/^00-08 +EasyScan\(.*splits=\[1\]/);
  });

  it('accepts its defaults and rejects a non-monotonic ladder', () => {
    expect(partitionPruningDetector.schema.safeParse(defaults).success).toBe(true);
    const broken = { ...defaults, splits: { ...defaults.splits, low: 50_000 } };
    expect(partitionPruningDetector.schema.safeParse(broken).success).toBe(false);
  });
});
