import { afterEach, describe, expect, it } from 'vitest';
import { checkAnswerSql } from '../../src/agent/validation-gate.js';
import { findingId } from '../../src/analysis/finding-id.js';
import { estimateImpact } from '../../src/app/impact-estimate.js';
import type { AppDeps } from '../../src/app/service.js';
import { validateSql } from '../../src/app/sql-validation.js';
import type { Change } from '../../src/domain/change.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { measureChange } from '../../src/measure/index.js';
import { FLAVOR_SPECS } from '../../src/simulator/flavor.js';
import { pathParts } from '../../src/simulator/world/dataset-path.js';
import { rngFor } from '../../src/simulator/world/prng.js';
import { TEMPLATES } from '../../src/simulator/world/templates/index.js';
import { initialState } from '../../src/simulator/world/world-state.js';
import { canonicalPath } from '../../src/sql/table-path.js';
import { upsertDataset } from '../../src/store/datasets-repository.js';
import { saveFindings } from '../../src/store/findings-repository.js';
import {
  ensureCluster,
  type MeasuredRun,
  recordChange,
  saveMeasurement,
  saveRecommendations,
  upsertJobs,
} from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { defaultConfig, silent } from './read-fixture.js';

const T = Date.parse('2026-05-01T00:00:00Z');
const DAY = 86_400_000;

function dataset(parts: string[], columns: string[], kind: Dataset['kind'] = 'table'): Dataset {
  return {
    path: canonicalPath(parts),
    pathParts: parts,
    datasetId: null,
    kind,
    format: 'ICEBERG',
    viewSql: null,
    columns: columns.map((name) => ({ name, type: 'VARCHAR' })),
    partitionFields: [],
    files: [],
  };
}

async function catalogStore(t: TestStore): Promise<AppDeps> {
  const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
  await upsertDataset(
    t.store.db,
    cluster.id,
    dataset(['lake', 'sales', 'orders'], ['order_id', 'customer_id', 'amount', 'order_ts']),
  );
  await upsertDataset(
    t.store.db,
    cluster.id,
    dataset(['lake', 'sales', 'customers'], ['customer_id', 'Region']),
  );
  await upsertDataset(
    t.store.db,
    cluster.id,
    dataset(['Samples', 'samples.dremio.com', 'zips.json'], ['city']),
  );
  return { store: t.store, config: defaultConfig(), logger: silent };
}

describe.each(testBackends())('sql.validate and the validation gate [$name]', (backend) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('catches a proposed column that does not exist, and the gate does not validate the statement', async () => {
    t = await backend.fresh();
    const deps = await catalogStore(t);
    const sql = 'SELECT o.order_id, o.discount_pct FROM lake.sales.orders o WHERE o.amount > 10';
    const v = await validateSql(deps, { sql });
    validateSql.output.parse(v);
    expect(v.valid).toBe(false);
    expect(v.problems).toEqual([
      expect.objectContaining({ kind: 'unknown-column', column: 'discount_pct', table: 'lake.sales.orders' }),
    ]);
    expect(v.tables).toEqual([{ path: 'lake.sales.orders', found: true, system: false }]);
    expect(v.explain).toMatchObject({ ran: false });

    const [check] = await checkAnswerSql(deps, [{ kind: 'rewrite', statement: sql }], {
      originalSql: 'SELECT o.order_id FROM lake.sales.orders o',
      confirm: true,
    });
    expect(check).toMatchObject({ status: 'invalid', kind: 'rewrite' });
    expect(check!.reason).toContain('discount_pct');
    const [ddl] = await checkAnswerSql(
      deps,
      [
        {
          kind: 'ddl',
          statement:
            'ALTER TABLE lake.sales.orders CREATE AGGREGATE REFLECTION r USING DIMENSIONS (customer_id, region) MEASURES (amount (SUM, COUNT))',
        },
      ],
      { confirm: false },
    );
    expect(ddl).toMatchObject({ status: 'invalid' });
    expect(ddl!.validation.problems).toEqual([
      expect.objectContaining({ kind: 'unknown-column', column: 'region' }),
    ]);
  });

  it('reports an unknown table, a syntax error with its position, and refuses statements that write', async () => {
    t = await backend.fresh();
    const deps = await catalogStore(t);
    const unknown = await validateSql(deps, { sql: 'SELECT a FROM lake.sales.refunds' });
    expect(unknown.problems).toEqual([
      expect.objectContaining({ kind: 'unknown-table', table: 'lake.sales.refunds' }),
    ]);
    expect(unknown.tables).toEqual([{ path: 'lake.sales.refunds', found: false, system: false }]);
    expect(unknown.unchecked).toEqual([expect.stringContaining('a:')]);

    const syntax = await validateSql(deps, { sql: 'SELECT order_id FROM lake.sales.orders WHERE' });
    expect(syntax.valid).toBe(false);
    expect(syntax.problems[0]).toMatchObject({ kind: 'syntax' });
    const positioned = await validateSql(deps, { sql: 'SELEC order_id FROM lake.sales.orders' });
    expect(positioned.problems[0]).toMatchObject({ kind: 'syntax', position: { line: 1, column: 1 } });

    const insert = await validateSql(deps, {
      sql: 'INSERT INTO lake.sales.orders SELECT * FROM lake.sales.orders',
    });
    expect(insert).toMatchObject({ valid: false, statementKind: 'insert' });
    expect(insert.problems).toEqual([expect.objectContaining({ kind: 'not-read-only' })]);
  });

  it('resolves aliases, CTEs, derived tables, quoting and case as Dremio does', async () => {
    t = await backend.fresh();
    const deps = await catalogStore(t);
    const sql = `
      WITH big AS (SELECT customer_id, SUM(amount) AS total FROM LAKE.Sales."ORDERS" GROUP BY customer_id)
      SELECT c.region, b.total, b.anything, d.n
      FROM big b
      JOIN lake.sales.customers c ON c.CUSTOMER_ID = b.customer_id
      JOIN (SELECT order_id AS n FROM lake.sales.orders WHERE order_ts > DATE '2026-01-01') d ON d.n = b.customer_id
      WHERE region IN (SELECT city FROM Samples."samples.dremio.com"."zips.json")
      ORDER BY total`;
    const v = await validateSql(deps, { sql });
    expect(v.problems).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.tables.map((x) => [x.path, x.found])).toEqual([
      ['lake.sales.orders', true],
      ['lake.sales.customers', true],
      ['Samples."samples.dremio.com"."zips.json"', true],
    ]);
    // Columns of the CTE and the derived table are not traced: left unchecked, not flagged.
    expect(v.unchecked).toEqual(
      expect.arrayContaining([expect.stringMatching(/^b\.anything:/), expect.stringMatching(/^d\.n:/)]),
    );
    expect(v.columnsChecked).toBeGreaterThanOrEqual(6);

    // With several tables, an unqualified column must exist in at least one of them.
    const ambiguous = await validateSql(deps, {
      sql: 'SELECT region, amount, rebate FROM lake.sales.orders o JOIN lake.sales.customers c USING (customer_id)',
    });
    expect(ambiguous.problems).toEqual([
      expect.objectContaining({
        kind: 'unknown-column',
        column: 'rebate',
        message: expect.stringContaining('none of'),
      }),
    ]);
    // Time units and Dremio's functions are not columns.
    const functions = await validateSql(deps, {
      sql: `SELECT TIMESTAMPADD(DAY, 1, order_ts), TIMESTAMPDIFF(HOUR, order_ts, CURRENT_TIMESTAMP),
        DATE_TRUNC('DAY', order_ts), EXTRACT(YEAR FROM order_ts), CAST(amount AS DECIMAL(10, 2)),
        COUNT(*) OVER (PARTITION BY customer_id ORDER BY order_ts), order_ts + INTERVAL '1' DAY
        FROM lake.sales.orders`,
    });
    expect(functions.problems).toEqual([]);
    // A qualifier naming no table in scope is left to Dremio (it may be a struct field).
    const struct = await validateSql(deps, { sql: 'SELECT x.y FROM lake.sales.orders' });
    expect(struct).toMatchObject({ valid: true, unchecked: [expect.stringContaining('x.y')] });
    // Select-list aliases may be named by ORDER BY, not by WHERE.
    const alias = await validateSql(deps, {
      sql: 'SELECT amount AS a FROM lake.sales.orders WHERE a > 1 ORDER BY a',
    });
    expect(alias.problems).toEqual([expect.objectContaining({ kind: 'unknown-column', column: 'a' })]);
  });

  it('validates reflection, OPTIMIZE and partition DDL by the names they use, and never explains DDL', async () => {
    t = await backend.fresh();
    const deps = await catalogStore(t);
    const good = [
      'ALTER TABLE lake.sales.orders CREATE AGGREGATE REFLECTION "agg" USING DIMENSIONS (customer_id, order_ts) MEASURES (amount (SUM, COUNT)) PARTITION BY (day(order_ts)) LOCALSORT BY (customer_id)',
      'ALTER TABLE lake.sales.orders CREATE RAW REFLECTION raw USING DISPLAY (order_id, amount)',
      'OPTIMIZE TABLE lake.sales.orders REWRITE DATA USING BIN_PACK (MIN_INPUT_FILES = 5)',
      'ALTER TABLE "lake"."sales"."orders" ADD PARTITION FIELD day(order_ts)',
      'ALTER TABLE lake.sales.orders ADD PARTITION FIELD bucket(16, customer_id)',
      'ALTER TABLE lake.sales.orders CLUSTER BY (customer_id)',
    ];
    for (const sql of good) {
      const v = await validateSql(deps, { sql, explain: true });
      expect({ sql, problems: v.problems }).toEqual({ sql, problems: [] });
      expect(v.explain).toMatchObject({
        ran: false,
        reason: expect.stringContaining('EXPLAIN plans queries only'),
      });
    }
    const bad = await validateSql(deps, {
      sql: 'ALTER TABLE lake.sales.orders ADD PARTITION FIELD month(shipped_ts)',
    });
    expect(bad.problems).toEqual([expect.objectContaining({ kind: 'unknown-column', column: 'shipped_ts' })]);
    const noTable = await validateSql(deps, { sql: 'OPTIMIZE TABLE lake.sales.returns' });
    expect(noTable.problems).toEqual([expect.objectContaining({ kind: 'unknown-table' })]);
    const noUsing = await validateSql(deps, {
      sql: 'ALTER TABLE lake.sales.orders CREATE AGGREGATE REFLECTION r DIMENSIONS (customer_id)',
    });
    expect(noUsing.problems).toEqual([expect.objectContaining({ kind: 'syntax' })]);
    // DDL parses with the grammar recommendations are held to; a problem says where it stopped.
    const cut = await validateSql(deps, {
      sql: 'ALTER TABLE lake.sales.orders\nCREATE RAW REFLECTION r USING DISPLAY (order_id',
    });
    expect(cut.problems).toEqual([
      expect.objectContaining({ kind: 'syntax', position: { line: 2, column: expect.any(Number) } }),
    ]);

    const [check] = await checkAnswerSql(deps, [{ kind: 'maintenance', statement: good[2]! }], {
      confirm: true,
    });
    expect(check).toMatchObject({ status: 'validated' });
    expect(check!.reason).toMatch(/names exist and it parses; not run/);
    expect(check!.reason).toContain('lake.sales.orders exist in the collected catalog');
  });

  it("passes every query of the simulator's workload against its catalog: no false alarm on real SQL", async () => {
    t = await backend.fresh();
    const cluster = await ensureCluster(t.store.db, { name: 'sim', kind: 'software' });
    const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
    const state = initialState(1, Date.parse('2026-11-01T00:00:00Z'), FLAVOR_SPECS['software-25.1']);
    for (const d of [...state.tables.values(), ...state.views.values()])
      await upsertDataset(t.store.db, cluster.id, {
        ...dataset(
          pathParts(d.path),
          d.columns.map((c) => c.name),
          d.kind,
        ),
      });
    const flagged: string[] = [];
    let checked = 0;
    for (const template of TEMPLATES) {
      // Templates with an outcome are built to fail on Dremio (a misspelt table): the check must fail them.
      if (template.outcome !== undefined) continue;
      const sql = template.run(rngFor(1, 2, 3), Date.parse('2026-10-30T00:00:00Z')).sql;
      const v = await validateSql(deps, { sql });
      checked += v.columnsChecked;
      if (!v.valid) flagged.push(`${v.problems.map((p) => p.message).join('; ')} in ${sql}`);
    }
    expect(flagged).toEqual([]);
    expect(checked).toBeGreaterThan(TEMPLATES.length);
  });

  it('estimates the saving of a kind of change from measured history, and says so when there is none', async () => {
    t = await backend.fresh();
    const deps = await catalogStore(t);
    const { db } = t.store;
    const none = await estimateImpact(deps, { kind: 'optimize-table' });
    estimateImpact.output.parse(none);
    expect(none).toMatchObject({ basis: 'none', measurements: 0, medianSavingPercent: null, examples: [] });
    expect(none.reason).toContain('no measured change');

    const cluster = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const runs = (from: number, n: number, ms: number): MeasuredRun[] =>
      Array.from({ length: n }, (_, i) => ({
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
    for (const [i, afterMs] of [1000, 2000, 3000].entries()) {
      const at = T + i * 10 * DAY;
      const change: Change = {
        kind: 'table-rewritten',
        subject: 'lake.sales.orders',
        datasetPath: 'lake.sales.orders',
        effectiveFrom: new Date(at),
        effectiveTo: new Date(at),
        origin: 'product',
        statement: 'OPTIMIZE TABLE lake.sales.orders',
        jobId: null,
        recommendationId: `rec-${i}`,
        details: {},
      };
      const stored = await recordChange(db, { clusterId: cluster.id, change, detectedAt: new Date(at) });
      await saveMeasurement(db, {
        clusterId: cluster.id,
        measurement: measureChange({
          change: stored,
          recommendation: { id: `rec-${i}`, kind: 'optimize-table', estimatedSavingsMsPerDay: 1000 },
          before: runs(at - 7 * DAY, 40, 4000),
          after: runs(at, 72, afterMs),
          duringChange: 0,
          controlBefore: [],
          controlAfter: [],
          beforeWindow: { start: new Date(at - 7 * DAY), end: new Date(at) },
          afterWindow: { start: new Date(at), end: new Date(at + 3 * DAY) },
          dataEnd: new Date(at + 3 * DAY),
        }),
        measuredAt: new Date(at + 3 * DAY),
      });
    }
    // A shape that runs 10 times a day at a 20 s median.
    const last = T + 40 * DAY;
    await upsertJobs(
      db,
      cluster.id,
      Array.from({ length: 70 }, (_, i) => {
        const base = buildJob({ jobId: `j${i}` });
        return buildJob({
          jobId: `j${i}`,
          fingerprint: 'fp-hot',
          sqlText: 'SELECT * FROM lake.sales.orders',
          state: 'COMPLETED',
          durationMs: 20_000,
          timestamps: { ...base.timestamps, submittedAt: new Date(last - i * (DAY / 10)) },
        });
      }),
    );

    const est = await estimateImpact(deps, { kind: 'optimize-table', fingerprint: 'fp-hot' });
    estimateImpact.output.parse(est);
    expect(est).toMatchObject({ basis: 'measured', measurements: 3, runsPerDay: 10, p50Ms: 20_000 });
    // 4 s before, 1 / 2 / 3 s after: about 75 %, 50 % and 25 % less time per run.
    expect(est.medianSavingPercent!).toBeGreaterThan(40);
    expect(est.medianSavingPercent!).toBeLessThan(60);
    expect(est.p25!).toBeLessThan(est.medianSavingPercent!);
    expect(est.p75!).toBeGreaterThan(est.medianSavingPercent!);
    expect(est.examples[0]).toBe('rec-0');
    expect(est.secondsPerRun).toBeCloseTo((20 * est.medianSavingPercent!) / 100, 1);
    expect(est.hoursPerYear).toBeCloseTo((10 * est.secondsPerRun! * 365) / 3600, 1);
    // By detector: only the change that answered a select-star finding counts.
    const finding = {
      id: findingId('select-star', { kind: 'fingerprint', fingerprint: 'fp-hot', sampleSql: null }),
      detector: 'select-star',
      severity: 'high',
      confidence: 0.9,
      title: 'SELECT * on fp-hot',
      subject: { kind: 'fingerprint', fingerprint: 'fp-hot', sampleSql: null },
      jobIds: [],
      evidence: { thresholds: [] },
      impactMsPerDay: 1000,
    } satisfies Finding;
    await saveFindings(db, {
      clusterId: cluster.id,
      findings: [finding],
      seenAt: new Date(last),
      evaluatedDetectors: ['select-star'],
      windowMs: 30 * DAY,
    });
    const rec = (id: string, findingIds: string[]): Recommendation => ({
      id,
      kind: 'optimize-table',
      title: 'Compact orders',
      sql: 'OPTIMIZE TABLE lake.sales.orders',
      action: 'Compact.',
      target: { kind: 'dataset', path: 'lake.sales.orders' },
      findingIds,
      jobIds: [],
      estimatedSavingsMsPerDay: 1000,
      estimatedCost: { storageBytes: 0, refreshMsPerDay: 0, oneOffMs: 0, basis: 'test' },
      netBenefitMsPerDay: 1000,
      confidence: 0.5,
      method: 'accelerated-runs',
      rationale: 'test',
      risk: { level: 'low', note: 'test' },
      evidence: {},
      status: 'pending',
    });
    await saveRecommendations(db, {
      clusterId: cluster.id,
      recommendations: [rec('rec-0', []), rec('rec-1', [finding.id]), rec('rec-2', [])],
      at: new Date(last),
      actor: 'analyze',
    });
    const byDetector = await estimateImpact(deps, { detector: 'select-star' });
    expect(byDetector).toMatchObject({ basis: 'measured', measurements: 1, examples: ['rec-1'] });
    expect(await estimateImpact(deps, { detector: 'small-files' })).toMatchObject({ basis: 'none' });

    // Another kind has no history: no number is made up for it.
    expect(await estimateImpact(deps, { kind: 'create-aggregate-reflection' })).toMatchObject({
      basis: 'none',
      medianSavingPercent: null,
    });
  });
});
