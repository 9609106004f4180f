import { beforeAll, describe, expect, it } from 'vitest';
import { buildJob } from '../../test/support/job-builder.js';
import { buildReflection, buildRefresh } from '../../test/support/reflection-builder.js';
import type { FingerprintGroup, JobContext, WorkloadSnapshot } from '../analysis/detector.js';
import type { Dataset } from '../domain/dataset.js';
import type { Finding } from '../domain/finding.js';
import type { Recommendation } from '../domain/recommendation.js';
import type { Reflection } from '../domain/reflection.js';
import { extractSqlFacts } from '../sql/facts.js';
import { initSqlParser } from '../sql/sql-parser.js';
import { recommend, recommendWithReflectionSet } from './recommend.js';
import { recommendationId } from './recommendation-id.js';
import { checkStatementTarget } from './statement-target.js';
import { validateRecommendationSql } from './validate-sql.js';

const DAY_MS = 86_400_000;
const ORDERS: Dataset = {
  path: 'lake.sales.orders',
  pathParts: ['lake', 'sales', 'orders'],
  datasetId: 'd1',
  kind: 'table',
  format: 'Iceberg',
  viewSql: null,
  columns: ['order_ts', 'region', 'channel', 'amount', 'quantity', 'value'].map((name) => ({
    name,
    type: name === 'order_ts' ? 'TIMESTAMP' : 'VARCHAR',
  })),
  partitionFields: [],
  files: [{ observedAt: new Date(0), partition: '', fileCount: 10, totalBytes: 1e9, recordCount: 1e6 }],
};

const SQL_A =
  'SELECT CAST(order_ts AS DATE) AS d, region, SUM(amount) AS s FROM lake.sales.orders ' +
  "WHERE order_ts >= TIMESTAMP '2026-10-01 00:00:00' GROUP BY CAST(order_ts AS DATE), region";
const SQL_B = 'SELECT channel, AVG(quantity), MAX("value") FROM lake.sales.orders GROUP BY channel';

function group(options: {
  fingerprint: string;
  sql: string;
  durationsMs: readonly number[];
  acceleratedMs?: readonly number[];
}): FingerprintGroup {
  const facts = extractSqlFacts(options.sql);
  const make = (ms: number, i: number, accelerated: boolean): JobContext => ({
    job: buildJob({
      jobId: `${options.fingerprint}-${accelerated ? 'acc' : 'run'}-${i}`,
      fingerprint: options.fingerprint,
      sqlText: options.sql,
      durationMs: ms,
      accelerated,
      // Each run reads the whole table, as a GROUP BY without a partition filter does.
      bytesScanned: 1_000_000_000n,
      phases: { ...buildJob({ jobId: 'x' }).phases, runningMs: ms },
    }),
    profile: undefined,
    facts,
    runsPerDay: 1,
  });
  const jobs = [
    ...options.durationsMs.map((ms, i) => make(ms, i, false)),
    ...(options.acceleratedMs ?? []).map((ms, i) => make(ms, i, true)),
  ];
  return {
    fingerprint: options.fingerprint,
    sampleSql: options.sql,
    facts,
    jobs,
    runsPerDay: jobs.length / 2,
    cacheHits: 0,
  };
}

const WINDOW_END = new Date('2026-11-01T00:00:00Z');

/**
 * A reflection on the dataset refreshed once in the window in 200 ms: a new one there is costed at
 * 200 ms × 0.5 refreshes a day = 100 ms a day, so these statement tests are about reflections worth making.
 */
function cheapRefreshOn(datasetPath: string): Reflection {
  const startedAt = new Date(WINDOW_END.getTime() - DAY_MS);
  return buildReflection({
    reflectionId: `r-${datasetPath}`,
    datasetPath,
    refreshes: [buildRefresh({ startedAt, durationMs: 200 })],
  });
}

function snapshotOf(groups: readonly FingerprintGroup[], refreshedPaths = [ORDERS.path]): WorkloadSnapshot {
  const to = WINDOW_END;
  return {
    window: { from: new Date(to.getTime() - 2 * DAY_MS), to, days: 2 },
    jobs: groups.flatMap((g) => g.jobs),
    fingerprints: new Map(groups.map((g) => [g.fingerprint, g])),
    datasets: new Map([[ORDERS.path, ORDERS]]),
    reflections: refreshedPaths.map(cheapRefreshOn),
  };
}

function missing(g: FingerprintGroup, impactMsPerDay = 1000): Finding {
  return {
    id: `f-${g.fingerprint}`,
    detector: 'reflection-missing',
    severity: 'high',
    confidence: 0.8,
    title: 't',
    subject: { kind: 'fingerprint', fingerprint: g.fingerprint, sampleSql: g.sampleSql },
    jobIds: g.jobs.filter((j) => j.job.accelerated !== true).map((j) => j.job.jobId),
    evidence: { thresholds: [] },
    impactMsPerDay,
  };
}

beforeAll(async () => {
  await initSqlParser();
});

describe('recommend', () => {
  it('merges two fingerprints on one dataset into one aggregate reflection with every column they need', () => {
    // Five runs a day of a and two of b: a daily refresh (one table scan, ≈ 4–5 s) costs less than they save.
    const a = group({
      fingerprint: 'a',
      sql: SQL_A,
      durationsMs: [4000, 6000, 4000, 6000, 4000, 6000, 4000, 6000, 4000, 6000],
    });
    const b = group({ fingerprint: 'b', sql: SQL_B, durationsMs: [3000, 3000, 3000, 3000] });
    const recs = recommend([missing(a), missing(b)], snapshotOf([a, b]));
    expect(recs).toHaveLength(1);
    const rec = recs[0]!;
    expect(rec.kind).toBe('create-aggregate-reflection');
    expect(rec.sql).toBe(
      'ALTER TABLE lake.sales.orders CREATE AGGREGATE REFLECTION orders_agg_opt USING ' +
        'DIMENSIONS (order_ts BY DAY, region, channel) ' +
        'MEASURES (amount (SUM, COUNT), quantity (SUM, COUNT), "value" (MAX))',
    );
    expect(validateRecommendationSql(rec.kind, rec.sql)).toEqual({ ok: true });
    expect(rec.findingIds).toEqual(['f-a', 'f-b']);
    expect(rec.jobIds).toHaveLength(14);
    expect(rec.id).toBe(
      recommendationId('create-aggregate-reflection', { kind: 'dataset', path: 'lake.sales.orders' }),
    );
    expect(rec.status).toBe('pending');
  });

  it('estimates from accelerated against non-accelerated runs when the history has both', () => {
    const a = group({
      fingerprint: 'a',
      sql: SQL_A,
      durationsMs: [4000, 6000, 4000, 6000],
      acceleratedMs: [500, 700, 900],
    });
    // No refresh history on the dataset: a refresh is costed as a full scan.
    const [rec] = recommend([missing(a)], snapshotOf([a], []));
    expect(rec!.method).toBe('accelerated-runs');
    // 2 × ((4000 − 700) + (6000 − 700)) over 2 days.
    expect(rec!.estimatedSavingsMsPerDay).toBe(8600);
    // One refresh a day (none observed) ≈ one scan of the table: the median run, 4000 ms.
    expect(rec!.estimatedCost.refreshMsPerDay).toBe(4000);
    expect(rec!.netBenefitMsPerDay).toBe(4600);
  });

  it('falls back to the operator time share (assumed without profiles) and says so', () => {
    const a = group({
      fingerprint: 'a',
      sql: SQL_A,
      durationsMs: [4000, 6000, 4000, 6000, 4000, 6000],
      acceleratedMs: [500],
    });
    const [rec] = recommend([missing(a)], snapshotOf([a]));
    expect(rec!.method).toBe('operator-time-share');
    // 50% of 30 s of runs over 2 days.
    expect(rec!.estimatedSavingsMsPerDay).toBe(7500);
    expect(rec!.rationale).toMatch(/0 of 6 from their profiles, the rest assumed 50%/);
  });

  it('keeps a recorded status', () => {
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000, 4000, 4000, 4000, 4000, 4000] });
    const id = recommendationId('create-aggregate-reflection', {
      kind: 'dataset',
      path: 'lake.sales.orders',
    });
    const [rec] = recommend([missing(a)], snapshotOf([a]), { statuses: new Map([[id, 'accepted']]) });
    expect(rec!.status).toBe('accepted');
  });

  it('keeps a dataset whose names hold dots, quotes and spaces as parts, from the query to the statement', () => {
    const zips = 'SELECT state, SUM(pop) AS pop FROM Samples."samples.dremio.com"."zips.json" GROUP BY state';
    const odd = 'SELECT "order id", COUNT(*) FROM lake."o""brien"."order lines" GROUP BY "order id"';
    const a = group({ fingerprint: 'a', sql: zips, durationsMs: [4000, 6000] });
    const b = group({ fingerprint: 'b', sql: odd, durationsMs: [4000, 6000] });
    const paths = ['Samples."samples.dremio.com"."zips.json"', 'lake."o""brien"."order lines"'];
    const recs = recommend([missing(a), missing(b)], { ...snapshotOf([a, b], paths), datasets: new Map() });
    expect(recs.map((r) => r.sql).sort()).toEqual([
      'ALTER DATASET Samples."samples.dremio.com"."zips.json" CREATE AGGREGATE REFLECTION zips_json_agg_opt ' +
        'USING DIMENSIONS (state) MEASURES (pop (SUM, COUNT))',
      'ALTER DATASET lake."o""brien"."order lines" CREATE AGGREGATE REFLECTION order_lines_agg_opt ' +
        'USING DIMENSIONS ("order id")',
    ]);
    expect(new Set(recs.map((r) => JSON.stringify(r.target)))).toEqual(
      new Set([
        JSON.stringify({ kind: 'dataset', path: 'Samples."samples.dremio.com"."zips.json"' }),
        JSON.stringify({ kind: 'dataset', path: 'lake."o""brien"."order lines"' }),
      ]),
    );
    for (const r of recs) expect(checkStatementTarget(r)).toEqual({ ok: true });
  });

  it('takes the catalog parts of a dotted dataset over the dotted name history prints', () => {
    const zips: Dataset = {
      ...ORDERS,
      path: 'Samples.samples.dremio.com.zips.json',
      pathParts: ['Samples', 'samples.dremio.com', 'zips.json'],
      columns: [
        { name: 'state', type: 'VARCHAR' },
        { name: 'pop', type: 'BIGINT' },
      ],
    };
    const sql = 'SELECT state, SUM(pop) FROM samples."samples.dremio.com"."zips.json" GROUP BY state';
    const a = group({ fingerprint: 'a', sql, durationsMs: [4000, 6000] });
    const [rec] = recommend([missing(a)], {
      ...snapshotOf([a], [zips.path]),
      datasets: new Map([[zips.path, zips]]),
    });
    expect(rec!.sql).toMatch(/^ALTER TABLE Samples\."samples\.dremio\.com"\."zips\.json" CREATE AGGREGATE/);
    expect(checkStatementTarget(rec!)).toEqual({ ok: true });
  });

  it('uses the speedup measured on earlier changes of the same kind instead of the estimate', () => {
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000, 6000, 4000, 6000, 4000, 6000] });
    const measuredHistory = new Map([['create-aggregate-reflection' as const, { speedup: 4, changes: 3 }]]);
    const [rec] = recommend([missing(a)], snapshotOf([a]), { measuredHistory });
    expect(rec!.method).toBe('measured-change');
    // 30 000 ms of running × (1 − 1/4) over 2 days.
    expect(rec!.estimatedSavingsMsPerDay).toBe(11_250);
    expect(rec!.rationale).toMatch(
      /3 earlier create-aggregate-reflection changes on this cluster measured a median speedup of ×4\.00/,
    );
  });

  it('lists no change that costs more than it saves', () => {
    // One 4 s run in 2 days saves 50% × 4000 / 2 = 1000 ms a day; a daily refresh scans the table: 4000 ms.
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000] });
    expect(recommend([missing(a)], snapshotOf([a], []))).toEqual([]);
  });

  it('recommends nothing for detectors without a builder, or without findings', () => {
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000] });
    expect(recommend([{ ...missing(a), detector: 'skew' }], snapshotOf([a]))).toEqual([]);
    expect(recommend([], snapshotOf([a]))).toEqual([]);
  });
});

describe('the workload reflection set', () => {
  const RAW_SQL = "SELECT region, amount FROM lake.sales.orders WHERE region = 'EU'";

  it('leaves out, under a storage budget, the reflection that does not fit, with its numbers', () => {
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000, 6000] });
    const r = group({ fingerprint: 'r', sql: RAW_SQL, durationsMs: [8000, 8000] });
    const snapshot = snapshotOf([a, r]);
    const all = recommendWithReflectionSet([missing(a), missing(r)], snapshot);
    expect(all.recommendations.map((x) => x.kind).sort()).toEqual([
      'create-aggregate-reflection',
      'create-raw-reflection',
    ]);
    // Aggregate: 2% of 1 GB = 20 MB. Raw: 2 of the 6 columns of 1 GB = 333 MB. 100 MB holds only the first.
    const tight = recommendWithReflectionSet([missing(a), missing(r)], snapshot, {
      budget: { storageBytes: 100_000_000 },
    });
    expect(tight.recommendations.map((x) => [x.kind, x.estimatedCost.storageBytes])).toEqual([
      ['create-aggregate-reflection', 20_000_000],
    ]);
    // Without profiles half of each run is taken as the scan: 2 × 8000 / 2 / 2 days = 4000 ms a day;
    // one refresh of 200 ms every other day (the dataset's history) = 100 ms a day.
    expect(tight.reflectionsLeftOut).toEqual([
      {
        datasetPath: 'lake.sales.orders',
        type: 'raw',
        fingerprints: ['r'],
        reason: 'budget',
        savingsMsPerDay: 4000,
        refreshMsPerDay: 100,
        storageBytes: 333_333_333,
        existingReflection: null,
      },
    ]);
  });

  it('proposes an aggregate reflection for an aggregate query that prunes badly, below the reflection-missing floor', () => {
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000, 6000] });
    const reflections = (recs: readonly Recommendation[]) =>
      recs.filter((x) => x.kind.endsWith('-reflection'));
    const recs = recommend([{ ...missing(a), detector: 'partition-pruning' }], snapshotOf([a]));
    expect(reflections(recs).map((x) => [x.kind, x.evidence.matchingReflection])).toEqual([
      ['create-aggregate-reflection', 'orders_agg_opt'],
    ]);
    // A pattern filter would make a free-text column a dimension: no reflection for that shape.
    const like = group({
      fingerprint: 'l',
      sql: "SELECT region, COUNT(*) FROM lake.sales.orders WHERE channel LIKE '%bot%' GROUP BY region",
      durationsMs: [4000, 6000],
    });
    expect(
      reflections(recommend([{ ...missing(like), detector: 'partition-pruning' }], snapshotOf([like]))),
    ).toEqual([]);
  });

  it('says which existing reflection serves a shape, and which one a new reflection extends', () => {
    const served = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [], acceleratedMs: [500, 600] });
    const existing = buildReflection({
      reflectionId: 'r-agg',
      name: 'orders_by_region',
      type: 'AGGREGATION',
      datasetPath: 'lake.sales.orders',
      dimensions: ['region'],
      measures: ['amount (SUM, COUNT)'],
    });
    const withExisting = (g: FingerprintGroup) => ({
      ...snapshotOf([g]),
      reflections: [...snapshotOf([g]).reflections, existing],
    });
    const result = recommendWithReflectionSet(
      [{ ...missing(served), detector: 'spill' }],
      withExisting(served),
    );
    expect(result.recommendations).toEqual([]);
    expect(result.reflectionsLeftOut.map((l) => [l.reason, l.existingReflection])).toEqual([
      ['existing', 'orders_by_region'],
    ]);
    const a = group({ fingerprint: 'a', sql: SQL_A, durationsMs: [4000, 6000] });
    const [rec] = recommend([missing(a)], withExisting(a));
    // SQL_A needs order_ts (by day), region and SUM(amount): the existing one plus order_ts.
    expect(rec!.evidence).toMatchObject({ extendsReflection: 'orders_by_region', addedColumns: 1 });
    expect(rec!.action).toMatch(/drop orders_by_region once the new one is available/);
  });
});
