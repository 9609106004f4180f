import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadSnapshot } from '../../src/analysis/detector.js';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { buildClientFetchChanges } from '../../src/recommend/builders/client-fetch.js';
import { buildNestedLoopFixes } from '../../src/recommend/builders/nested-loop-join-fix.js';
import { buildPartitionPredicateRewrites } from '../../src/recommend/builders/partition-predicate.js';
import { buildSkewChanges } from '../../src/recommend/builders/skew-key.js';
import { findDataset } from '../../src/recommend/dataset-columns.js';
import type { BuildContext, RecommendSettings } from '../../src/recommend/draft.js';
import { recommend } from '../../src/recommend/recommend.js';
import { validateRecommendationSql } from '../../src/recommend/validate-sql.js';
import type { SimWorld } from '../../src/simulator/world.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import { buildWorldSnapshot } from '../support/world-snapshot.js';

/**
 * The query-rewrite builders on the simulator's 25.1 world (real detector findings, real profile
 * shapes): each finding of join-fanout, nested-loop-join, skew, client-blocking and select-star gets
 * a recommendation; every rewrite parses, runs COMPLETED in the simulator and returns as many rows as
 * the query it replaces. Synthetic findings cover the shapes the world does not produce.
 */
const SETTINGS: RecommendSettings = {
  optimizeTargetFileMb: 256,
  workloadManagement: undefined,
  cluster: { kind: null, version: null, edition: null },
  budget: {},
};
const OWN = ['join-fanout', 'nested-loop-join', 'skew', 'client-blocking', 'select-star'] as const;

let world: SimWorld;
let snapshot: WorkloadSnapshot;
let findings: readonly Finding[];
let recs: readonly Recommendation[];
const AT = Date.parse('2026-11-01T06:00:00Z');

beforeAll(async () => {
  ({ world, snapshot } = await buildWorldSnapshot({ flavor: 'software-25.1', seed: 1, jobs: 800, days: 4 }));
  const detectors = Object.values(DETECTORS);
  findings = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot,
  }).findings;
  recs = recommend(findings, snapshot);
}, 120_000);

function submit(sql: string, minute: number) {
  return world.submitSql(sql, { user: 'dremio', at: AT + minute * 60_000 });
}

/**
 * The rewrite runs COMPLETED, and returns the original's row count where the simulator can tell: its
 * row counts are drawn per run, so only an original that returns the same count twice is comparable.
 */
function expectSameResult(original: string, rewrite: string, minute: number) {
  const first = submit(original, minute).result?.rowCount;
  const second = submit(original, minute + 1).result?.rowCount;
  const after = submit(rewrite, minute + 2);
  expect(after.job.finalState).toBe('COMPLETED');
  if (first === second) expect(after.result?.rowCount).toBe(first);
}

function sampleOf(finding: Finding): string {
  if (finding.subject.kind !== 'fingerprint' || finding.subject.sampleSql === null) throw new Error('no SQL');
  return finding.subject.sampleSql;
}

function fingerprintFinding(
  detector: Finding['detector'],
  sql: string,
  evidence: Record<string, unknown>,
): Finding {
  return {
    id: `${detector}-synthetic`,
    detector,
    severity: 'high',
    confidence: 0.9,
    title: 'synthetic',
    subject: { kind: 'fingerprint', fingerprint: `fp-${detector}`, sampleSql: sql },
    jobIds: ['j1', 'j2'],
    evidence: { thresholds: [], ...evidence },
    impactMsPerDay: 120_000,
  };
}

function contextWith(finding: Finding, sql: string): BuildContext {
  const fingerprints = new Map(snapshot.fingerprints);
  if (finding.subject.kind === 'fingerprint')
    fingerprints.set(finding.subject.fingerprint, {
      fingerprint: finding.subject.fingerprint,
      sampleSql: sql,
      facts: extractSqlFacts(sql),
      jobs: [],
      runsPerDay: 1,
      cacheHits: 0,
    });
  return { snapshot: { ...snapshot, fingerprints }, findings: [finding], settings: SETTINGS };
}

describe('every finding of the rewrite detectors gets a recommendation', () => {
  it.each(OWN)('%s', (detector) => {
    const own = findings.filter((f) => f.detector === detector);
    expect(own.length).toBeGreaterThan(0);
    for (const finding of own) {
      const rec = recs.find((r) => r.findingIds.includes(finding.id));
      expect(rec, `${detector} ${finding.title}`).toBeDefined();
      expect(rec!.status).toBe('pending');
      expect(rec!.netBenefitMsPerDay).toBeGreaterThan(0);
      expect(Object.keys(rec!.evidence).length).toBeGreaterThan(0);
      expect(validateRecommendationSql(rec!.kind, rec!.sql)).toEqual({ ok: true });
    }
  });
});

describe('rewrites run in the simulator', () => {
  it('select-star lists the columns the same users read elsewhere, runs COMPLETED with the same rows', () => {
    const finding = findings.find((f) => f.detector === 'select-star')!;
    const rec = recs.find((r) => r.findingIds.includes(finding.id))!;
    expect(rec.kind).toBe('rewrite-query');
    expect(rec.sql).not.toContain('*');
    const used = String(rec.evidence.usedColumns).split(', ');
    expect(used.length).toBe(rec.evidence.columnsUsedByConsumer);
    // The saving is the scan share of the columns no longer read: (36 − used) / 36 of the scan per day.
    const width = Number(rec.evidence.columnsRead);
    expect(width).toBe(36);
    // recommend() rounds the estimate to the millisecond.
    expect(
      Math.abs(rec.estimatedSavingsMsPerDay - (finding.impactMsPerDay * (36 - used.length)) / 36),
    ).toBeLessThan(1);
    expectSameResult(sampleOf(finding), rec.sql!, 0);
  });

  it('a day-truncated filter on the partition column becomes a range on the raw column', () => {
    const sql =
      'SELECT r.device_id, r.reading_ts, r.value, m.reason\nFROM lakehouse.iot.sensor_readings r\n' +
      'JOIN lakehouse.iot.maintenance_windows m ON r.site = m.site AND r.reading_ts BETWEEN m.window_start AND m.window_end\n' +
      "WHERE CAST(r.reading_ts AS DATE) = '2026-10-30'";
    const finding = fingerprintFinding('partition-pruning', sql, {
      table: 'lakehouse.iot.sensor_readings',
      splits: 18_000,
      totalFiles: 18_000,
      scanMs: 40_000,
    });
    const [draft] = buildPartitionPredicateRewrites(contextWith(finding, sql));
    expect(draft?.sql).toBe(
      'SELECT r.device_id, r.reading_ts, r.value, m.reason\nFROM lakehouse.iot.sensor_readings r\n' +
        'JOIN lakehouse.iot.maintenance_windows m ON r.site = m.site AND r.reading_ts BETWEEN m.window_start AND m.window_end\n' +
        "WHERE r.reading_ts >= TIMESTAMP '2026-10-30 00:00:00' AND r.reading_ts < TIMESTAMP '2026-10-31 00:00:00'",
    );
    const dataset = findDataset(snapshot.datasets, 'lakehouse.iot.sensor_readings')!;
    const partitions = dataset.files.filter((f) => f.partition !== '').length;
    expect(draft!.evidence.partitionCount).toBe(partitions);
    // 120 000 ms a day of unpruned scan; a one-day range still reads 1 of the partitions.
    expect(draft!.payoff.savingsMsPerDay).toBeCloseTo(120_000 * (1 - 1 / partitions), 6);
    expect(validateRecommendationSql('rewrite-query', draft!.sql)).toEqual({ ok: true });
    expectSameResult(sql, draft!.sql!, 10);
  });

  it('a filter on a column outside the partition spec, or under OR, is left to the other builder', () => {
    const sql =
      "SELECT device_id FROM lakehouse.iot.sensor_readings WHERE CAST(reading_ts AS DATE) = '2026-10-30' OR site = 'A'";
    const finding = fingerprintFinding('partition-pruning', sql, { table: 'lakehouse.iot.sensor_readings' });
    expect(buildPartitionPredicateRewrites(contextWith(finding, sql))).toEqual([]);
  });

  it('a nested loop on a range only gets the key both tables share, and the rewrite runs', () => {
    const sql =
      'SELECT c.segment, COUNT(*) AS orders\nFROM lakehouse.sales.orders o\n' +
      'JOIN lakehouse.sales.customers c ON o.order_date >= c.signup_date\nGROUP BY c.segment';
    const finding = fingerprintFinding('nested-loop-join', sql, {
      operatorKey: '01-01',
      comparedPairs: 1.1e11,
      probeRecords: 5e8,
      buildRecords: 220,
      outputRecords: 1e10,
      timeShare: 0.9,
    });
    const [draft] = buildNestedLoopFixes(contextWith(finding, sql));
    expect(draft?.kind).toBe('rewrite-query');
    expect(draft?.sql).toBe(
      'SELECT c.segment, COUNT(*) AS orders\nFROM lakehouse.sales.orders o\n' +
        'JOIN lakehouse.sales.customers c ON o.customer_id = c.customer_id AND (o.order_date >= c.signup_date)\nGROUP BY c.segment',
    );
    // A hash join on the key removes 90% of the join's 120 000 ms a day.
    expect(draft!.payoff.savingsMsPerDay).toBe(108_000);
    expect(draft!.evidence).toMatchObject({
      operatorKey: '01-01',
      comparedPairs: 1.1e11,
      addedEquality: 'customer_id',
    });
    expect(submit(draft!.sql!, 20).job.finalState).toBe('COMPLETED');
  });
});

describe('aggregating one side by the join key first', () => {
  it('skew: the orders side is aggregated by customer_id, and the rewrite runs with the same rows', () => {
    const finding = findings.find((f) => f.detector === 'skew')!;
    const [draft] = buildSkewChanges(contextWith(finding, sampleOf(finding)));
    expect(draft!.kind).toBe('rewrite-query');
    const since = /TIMESTAMP '[^']+'/.exec(sampleOf(finding))![0];
    expect(draft!.sql).toBe(
      'SELECT c.segment, SUM(o.row_count) AS orders, SUM(o.amount_sum) AS revenue\n' +
        `FROM (SELECT o.customer_id, COUNT(*) AS row_count, SUM(o.amount) AS amount_sum FROM lakehouse.sales.orders o WHERE o.order_ts >= ${since} GROUP BY o.customer_id) o\n` +
        'JOIN lakehouse.sales.customers c ON c.customer_id = o.customer_id\nGROUP BY c.segment',
    );
    expect(validateRecommendationSql('rewrite-query', draft!.sql)).toEqual({ ok: true });
    expectSameResult(sampleOf(finding), draft!.sql!, 30);
  });

  it('join-fanout: customers are counted per region before meeting the stores', () => {
    const finding = findings.find((f) => f.detector === 'join-fanout')!;
    const rec = recs.find((r) => r.findingIds.includes(finding.id))!;
    expect(rec.kind).toBe('rewrite-query');
    expect(rec.sql).toContain(
      'FROM (SELECT c.region, COUNT(*) AS row_count FROM lakehouse.sales.customers c WHERE c.segment <>',
    );
    expect(rec.sql).toContain('SUM(c.row_count) AS reachable_customers');
    // 80% of the join's time per day, rounded to the millisecond by recommend().
    expect(Math.abs(rec.estimatedSavingsMsPerDay - finding.impactMsPerDay * 0.8)).toBeLessThan(1);
    expect(rec.evidence).toMatchObject({ preAggregatedSide: 'c', joinKeys: 'c.region' });
    expectSameResult(sampleOf(finding), rec.sql!, 40);
  });
});

describe('advice without SQL', () => {
  it('client-blocking names the client and credits half the wait', () => {
    const finding = fingerprintFinding('client-blocking', 'SELECT order_id FROM lakehouse.sales.orders', {
      client: 'Tableau Desktop',
      queryType: 'ODBC',
      rowsReturned: 2_500_000,
      bytesReturned: 900_000_000,
      blockedOnClientMs: 95_000,
      durationMs: 100_000,
      timeShare: 0.95,
    });
    const [draft] = buildClientFetchChanges(
      contextWith(finding, 'SELECT order_id FROM lakehouse.sales.orders'),
    );
    expect(draft).toMatchObject({ kind: 'adjust-client', sql: null });
    expect(draft!.action).toContain('Tableau Desktop took 1.6 min to read 2.5 M rows');
    expect(draft!.action).toContain('LIMIT');
    expect(draft!.payoff).toMatchObject({ savingsMsPerDay: 60_000, method: 'phase-time' });
    expect(draft!.risk.level).toBe('medium');
  });

  it('skew names the join key the uneven hash join distributes on', () => {
    const finding = findings.find((f) => f.detector === 'skew')!;
    const [draft] = buildSkewChanges(contextWith(finding, sampleOf(finding)));
    expect(draft!.evidence.skewKey).toBe('c.customer_id = o.customer_id');
    expect(draft!.evidence.operatorType).toBe('HASH_JOIN');
    expect(draft!.payoff.savingsMsPerDay).toBeCloseTo(finding.impactMsPerDay / 2, 6);
  });
});
