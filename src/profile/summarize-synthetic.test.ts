import { describe, expect, it } from 'vitest';
import { summarizeProfile } from './summarize.js';

// Public real profiles show no joins, spill, reflections or table-function scans, so this 25.2-shaped
// profile (empty operatorTypeMetricsMap, as anonymised profiles have) exercises those paths.
const PLAN = [
  '00-00    Screen : rowType = RecordType(INTEGER a): rowcount = 50.0, cumulative cost = {1}, id = 9',
  '00-01      UnionExchange : rowType = RecordType(INTEGER a): rowcount = 50.0, cumulative cost = {1}, id = 8',
  '01-01        HashJoin(condition=[=($0, $1)], joinType=[inner]) : rowType = RecordType(INTEGER a): rowcount = 50.0, cumulative cost = {1}, id = 7',
  '01-02          TableFunction(columns=[`a`], Table Function Type=[DATA_FILE_SCAN], table=[s3.sales]) : rowType = RecordType(INTEGER a): rowcount = 1000.0, cumulative cost = {1}, id = 6',
  '01-03          BroadcastExchange : rowType = RecordType(INTEGER b): rowcount = 20.0, cumulative cost = {1}, id = 5',
  '02-01            TableFunction(columns=[`b`], Table Function Type=[DATA_FILE_SCAN], table=[__accelerator."r1"."m1"]) : rowType = RecordType(INTEGER b): rowcount = 20.0, cumulative cost = {1}, id = 4',
  '03-01            IcebergManifestList(table=[s3.sales], ManifestList Filter Expression =[ref(name="day") == 3]) : rowType = RecordType(INTEGER b): rowcount = 1.0, cumulative cost = {1}, id = 3',
].join('\n');

const op = (fields: Record<string, unknown>) => ({ setupNanos: 1000, waitNanos: 0, ...fields });
const input = (records: number) => ({ records, batches: 1, size: records * 10 });

function joinMinor(minor: number, probe: number, processNanos: number) {
  return {
    minorFragmentId: minor,
    startTime: 1_000 + minor,
    endTime: 5_000,
    blockedOnUpstreamDuration: 100,
    maxMemoryUsed: 4096 * (minor + 1),
    operatorProfile: [
      op({ operatorId: 0, operatorType: 0, inputProfile: [input(probe / 2)], processNanos: 10 }),
      op({
        operatorId: 1,
        operatorType: 4,
        inputProfile: [input(probe), input(20)],
        outputRecords: probe / 2,
        processNanos,
        metric: [
          { metricId: 32, longValue: 1000 },
          { metricId: 39, longValue: 500 },
        ],
      }),
      op({
        operatorId: 2,
        operatorType: 53,
        operatorSubtype: 3,
        inputProfile: [input(3)],
        outputRecords: probe,
        processNanos: 5,
        metric: [
          { metricId: 76, longValue: 5 },
          { metricId: 34, longValue: 7 },
          { metricId: 16, longValue: 123456 },
        ],
      }),
      op({ operatorId: 3, operatorType: 11, inputProfile: [input(20)], processNanos: 1 }),
    ],
  };
}

const RAW = {
  id: { part1: -1n, part2: 1n },
  start: 1_000,
  end: 6_000,
  state: 4,
  error: 'Query was cancelled because it exceeded the memory limits',
  user: 'alice',
  dremioVersion: '25.2.0-202410241428100111-a963b970',
  plan: PLAN,
  operatorTypeMetricsMap: {},
  fragmentProfile: [
    {
      majorFragmentId: 1,
      minorFragmentProfile: [joinMinor(0, 900, 9_000_000), joinMinor(1, 100, 1_000_000)],
    },
    {
      majorFragmentId: 2,
      minorFragmentProfile: [
        {
          operatorProfile: [
            op({ operatorId: 0, operatorType: 1, inputProfile: [input(20)], processNanos: 1 }),
            op({
              operatorId: 1,
              operatorType: 53,
              operatorSubtype: 3,
              inputProfile: [input(20)],
              processNanos: 1,
            }),
          ],
        },
      ],
    },
    {
      majorFragmentId: 0,
      minorFragmentProfile: [
        {
          operatorProfile: [
            op({ operatorId: 0, operatorType: 13, inputProfile: [input(500)], processNanos: 3 }),
            op({ operatorId: 1, operatorType: 11, inputProfile: [input(500)], processNanos: 2 }),
          ],
        },
      ],
    },
  ],
  accelerationProfile: {
    accelerated: true,
    numSubstitutions: 2,
    layoutProfiles: [
      {
        layoutId: 'r1',
        materializationId: 'm1',
        name: 'raw sales',
        type: 1,
        numSubstitutions: 1,
        numUsed: 1,
      },
      { layoutId: 'r2', name: 'agg sales', type: 2, numSubstitutions: 1 },
      { layoutId: 'r3', name: 'ext', type: 3 },
    ],
  },
  planPhases: [
    {
      phaseName: 'Logical Planning',
      durationMillis: 4,
      plan: '  FilesystemScanDrel(table=[s3.sales], partitionFilters=[=($0, 3)], splits=[2])',
    },
  ],
  datasetProfile: [
    { datasetPath: 's3.sales', type: 1 },
    { datasetPath: 'space.v_sales', type: 2, sql: 'SELECT * FROM s3.sales' },
  ],
};

describe('summarizeProfile on a synthetic 25.2 join profile', () => {
  const summary = summarizeProfile(RAW, { attempt: 1 });

  it('names state, error, attempt and the job id from negative parts', () => {
    expect(summary).toMatchObject({ state: 'FAILED', attempt: 1, user: 'alice', durationMs: 5000 });
    expect(summary.error?.message).toMatch(/memory limits/);
    // The id's lowest byte is the attempt (1); the job is named by attempt 0.
    expect(summary.jobId).toBe('ffffffff-ffff-ffff-0000-000000000000');
    expect(summary.warnings).toContain(
      'operatorTypeMetricsMap is empty; metric names come from the per-version tables.',
    );
  });

  it('summarises the hash join per side, with fan-out and plan estimate', () => {
    expect(summary.joins).toEqual([
      {
        key: '01-01',
        kind: 'hash',
        joinType: 'inner',
        condition: '=($0, $1)',
        extraCondition: undefined,
        probeRecords: 1000,
        // Broadcast to both minor fragments: 20 build rows, not 2 × 20.
        buildRecords: 20,
        buildBroadcast: true,
        comparedPairs: 900 * 20 + 100 * 20,
        outputRecords: 500,
        fanOut: 0.5,
        processNanos: 10_000_000,
        estimatedRows: 50,
      },
    ]);
  });

  it('computes spill the way Dremio does, from 25.2 metric ids', () => {
    expect(summary.spill).toEqual({
      spilled: true,
      hashAggBytes: 0,
      sortBytes: 0,
      hashJoinBytes: 3000,
      totalBytes: 3000,
      operatorKeys: ['01-01'],
    });
  });

  it('reads table-function scans with their subtype, files and pruning evidence', () => {
    const sales = summary.scans.find((s) => s.key === '01-02');
    expect(sales).toMatchObject({
      subtypeName: 'DATA_FILE_SCAN',
      table: 's3.sales',
      dataFiles: 10,
      rowGroupsPruned: 14,
      bytesRead: 246912,
      recordsRead: 1000,
      hasManifestFilter: true,
      hasPartitionFilter: true,
      readsReflection: false,
    });
    expect(summary.scans.find((s) => s.key === '02-01')).toMatchObject({
      readsReflection: true,
      recordsRead: 20,
    });
  });

  it('measures skew across minor fragments', () => {
    const fragment = summary.fragments.find((f) => f.majorFragmentId === 1);
    expect(fragment?.minorFragmentCount).toBe(2);
    expect(fragment?.processNanos.max).toBe(9_000_000 + 10 + 5 + 1);
    expect(fragment?.skew.processMaxOverMedian).toBeCloseTo(9_000_016 / 5_000_016, 6);
    expect(fragment?.blockedOnUpstreamMs).toBe(200);
    expect(fragment?.peakMemoryBytes).toBe(8192);
    const join = summary.operators.find((o) => o.key === '01-01');
    expect(join?.processNanos).toEqual({ sum: 10_000_000, max: 9_000_000, median: 5_000_000 });
    expect(summary.fragments.map((f) => f.majorFragmentId)).toEqual([0, 1, 2]);
  });

  it('lists reflections as considered, matched and chosen, and datasets with view SQL', () => {
    expect(
      summary.acceleration.reflections.map((r) => [r.reflectionId, r.type, r.matched, r.chosen]),
    ).toEqual([
      ['r1', 'RAW', true, true],
      ['r2', 'AGG', true, false],
      ['r3', 'EXTERNAL', false, false],
    ]);
    expect(summary.datasets).toEqual([
      { path: 's3.sales', kind: 'physical', sql: undefined },
      { path: 'space.v_sales', kind: 'virtual', sql: 'SELECT * FROM s3.sales' },
    ]);
  });
});

describe('summarizeProfile plan sources', () => {
  it('falls back to the Final Physical Transformation plan when `plan` is missing', () => {
    const { plan, planPhases, ...withoutPlan } = RAW;
    const summary = summarizeProfile({
      ...withoutPlan,
      planPhases: [...planPhases, { phaseName: 'Final Physical Transformation', plan }],
    });
    expect(summary.operators.find((o) => o.key === '01-01')?.estimatedRows).toBe(50);
    expect(summary.warnings.join(' ')).not.toMatch(/no plan text/);
  });

  it('says so when there is no plan at all', () => {
    const { plan: _plan, ...withoutPlan } = RAW;
    const summary = summarizeProfile(withoutPlan);
    expect(summary.operators.find((o) => o.key === '01-01')?.estimatedRows).toBeUndefined();
    expect(summary.warnings).toContain('The profile has no plan text; row estimates are unknown.');
    expect(summary.scans.find((s) => s.key === '01-02')?.hasPartitionFilter).toBe(false);
  });
});
