import { afterEach, describe, expect, it } from 'vitest';
import { checkAnswerSql, sqlCheckSchema } from '../../src/agent/validation-gate.js';
import type { AppDeps } from '../../src/app/service.js';
import { validateSql } from '../../src/app/sql-validation.js';
import { DremioError } from '../../src/errors.js';
import { canonicalPath } from '../../src/sql/table-path.js';
import { upsertDataset } from '../../src/store/datasets-repository.js';
import { ensureCluster } from '../../src/store/index.js';
import { simulatorApp } from '../support/sim-app.js';
import { type TestStore, testBackends } from '../support/store-backends.js';

const ORIGINAL = `SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA."COLUMNS" WHERE TABLE_SCHEMA = 'lakehouse.sales'`;

/** The store's catalog of `lakehouse.sales.orders` as the simulator's INFORMATION_SCHEMA lists it, plus `extra`. */
async function seedOrders(deps: AppDeps, extra: readonly string[]): Promise<void> {
  const cluster = await ensureCluster(deps.store.db, { name: 'sim', kind: 'software' });
  const columns = await deps.dremio!().collectSql<{ COLUMN_NAME: string }>(
    `SELECT COLUMN_NAME FROM INFORMATION_SCHEMA."COLUMNS" WHERE TABLE_SCHEMA = 'lakehouse.sales' AND TABLE_NAME = 'orders'`,
  );
  const parts = ['lakehouse', 'sales', 'orders'];
  await upsertDataset(deps.store.db, cluster.id, {
    path: canonicalPath(parts),
    pathParts: parts,
    datasetId: null,
    kind: 'table',
    format: 'ICEBERG',
    viewSql: null,
    columns: [...columns.rows.map((r) => r.COLUMN_NAME), ...extra].map((name) => ({ name, type: 'VARCHAR' })),
    partitionFields: [],
    files: [],
  });
}

describe.each(testBackends())('the validation gate against the simulator over HTTP [$name]', (backend) => {
  let t: TestStore | undefined;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    await t?.dispose();
    t = undefined;
    stop = undefined;
  });

  it('runs EXPLAIN PLAN FOR on Dremio: passes for a valid query, fails like Dremio for a column it does not have', async () => {
    t = await backend.fresh();
    const app = await simulatorApp(t.store, { jobs: 50, days: 1 });
    stop = app.dispose;
    // The collected catalog is stale: it still lists a column Dremio no longer has.
    await seedOrders(app.deps, ['legacy_flag']);

    const ok = await validateSql(app.deps, {
      sql: `SELECT order_id, amount FROM lakehouse.sales.orders WHERE region = 'EU'`,
      explain: true,
    });
    expect(ok).toMatchObject({ valid: true, explain: { ran: true, ok: true } });

    const stale = await validateSql(app.deps, {
      sql: 'SELECT order_id, legacy_flag FROM lakehouse.sales.orders',
      explain: true,
    });
    expect(stale.valid).toBe(false);
    expect(stale.explain).toMatchObject({ ran: true, ok: false });
    expect(stale.problems).toEqual([
      expect.objectContaining({
        kind: 'explain-failed',
        message: expect.stringContaining(`VALIDATION ERROR: Column 'legacy_flag' not found in any table`),
      }),
    ]);

    // The simulator's EXPLAIN answers one row with the plan text, and rejects what Dremio rejects.
    const client = app.deps.dremio();
    const plan = await client.collectSql('EXPLAIN PLAN FOR SELECT order_id FROM lakehouse.sales.orders');
    expect(plan.columns.map((c) => c.name)).toEqual(['text', 'json']);
    expect(String(plan.rows[0]!.text)).toContain('table=[lakehouse.sales.orders]');
    // A CTE name is the query's own relation, not a catalog object.
    const cte = await client.collectSql(
      'EXPLAIN PLAN FOR WITH recent AS (SELECT order_id FROM lakehouse.sales.orders) SELECT order_id FROM recent',
    );
    expect(String(cte.rows[0]!.text)).toContain('table=[lakehouse.sales.orders]');
    // With several tables, an unqualified column none of them has fails as in Calcite.
    await expect(
      client.collectSql(
        'EXPLAIN PLAN FOR SELECT region, nope FROM lakehouse.sales.orders o JOIN lakehouse.sales.customers c ON o.customer_id = c.customer_id',
      ),
    ).rejects.toThrow(/VALIDATION ERROR: Column 'nope' not found in any table/);
    await expect(client.collectSql('EXPLAIN PLAN FOR SELECT a FROM lakehouse.sales.nothing')).rejects.toThrow(
      /VALIDATION ERROR: Object 'nothing' not found within 'lakehouse.sales'/,
    );
    await expect(
      client.collectSql('EXPLAIN PLAN FOR SELEC order_id FROM lakehouse.sales.orders'),
    ).rejects.toThrow(/PARSE ERROR/);
    await expect(
      client.collectSql(`EXPLAIN PLAN FOR SELECT nope FROM INFORMATION_SCHEMA."COLUMNS"`),
    ).rejects.toBeInstanceOf(DremioError);

    // DDL is never explained; without a Dremio, EXPLAIN does not run and says why.
    const ddl = await validateSql(app.deps, {
      sql: 'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD day(order_ts)',
      explain: true,
    });
    expect(ddl).toMatchObject({ valid: true, explain: { ran: false } });
    const offline: AppDeps = { store: app.deps.store, config: app.deps.config, logger: app.deps.logger };
    expect(
      await validateSql(offline, { sql: 'SELECT order_id FROM lakehouse.sales.orders', explain: true }),
    ).toMatchObject({ valid: true, explain: { ran: false, reason: expect.stringContaining('no Dremio') } });
  });

  it('validates a rewrite only when it returned the same rows as the original on Dremio, with --confirm', async () => {
    t = await backend.fresh();
    const app = await simulatorApp(t.store, { jobs: 50, days: 1 });
    stop = app.dispose;
    await ensureCluster(app.deps.store.db, { name: 'sim', kind: 'software' });
    const same = `${ORIGINAL} ORDER BY COLUMN_NAME DESC`;
    const narrower = `${ORIGINAL} AND COLUMN_NAME = 'amount'`;

    const checks = await checkAnswerSql(
      app.deps,
      [
        { kind: 'rewrite', statement: same },
        { kind: 'rewrite', statement: narrower },
      ],
      { originalSql: ORIGINAL, confirm: true },
    );
    for (const c of checks) sqlCheckSchema.parse(c);
    // Same rows in another order: the hash does not depend on order.
    expect(checks[0]).toMatchObject({
      status: 'validated',
      equivalence: { ran: true, sameRows: true, sameHash: true },
    });
    expect(checks[0]!.equivalence!.originalRows).toBeGreaterThan(5);
    expect(checks[0]!.reason).toContain('returned the same');
    expect(checks[1]).toMatchObject({
      status: 'unverified',
      equivalence: { ran: true, sameRows: false, sameHash: false },
    });
    expect(checks[1]!.reason).toContain('row counts differ');

    const [unconfirmed] = await checkAnswerSql(app.deps, [{ kind: 'rewrite', statement: same }], {
      originalSql: ORIGINAL,
      confirm: false,
    });
    expect(unconfirmed).toMatchObject({ status: 'unverified', equivalence: { ran: false } });
    expect(unconfirmed!.reason).toContain('not run: pass --confirm to compare results on Dremio');

    const [limited] = await checkAnswerSql(app.deps, [{ kind: 'rewrite', statement: same }], {
      originalSql: ORIGINAL,
      confirm: true,
      rowLimit: 3,
    });
    expect(limited).toMatchObject({ status: 'unverified', equivalence: { ran: true, sameHash: false } });
    expect(limited!.reason).toContain('more than 3 rows');

    const [noOriginal] = await checkAnswerSql(app.deps, [{ kind: 'rewrite', statement: same }], {
      confirm: true,
    });
    expect(noOriginal).toMatchObject({ status: 'unverified' });
    expect(noOriginal!.reason).toContain('original query is not known');
  });
});
