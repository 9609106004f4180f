import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioClient } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import { applyRecommendation } from '../../src/recommend/recommend-service.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import { type ManualSimClock, manualClock, startSimulator } from '../../src/simulator/index.js';
import { collect } from '../../src/sources/collect-service.js';
import {
  findCluster,
  listChanges,
  listFingerprintRuns,
  listRunErrors,
  loadKnownReflections,
  loadReflections,
  type Store,
  saveRecommendations,
} from '../../src/store/index.js';
import { call, login } from '../simulator/support/sim-client.js';
import { collectSettings } from '../support/collect-settings.js';
import { type TestBackend, testBackends } from '../support/store-backends.js';
import { SNAPSHOT_END } from '../support/world-snapshot.js';

/**
 * Changes made by hand are found by the next collection: DDL a user runs over Dremio's SQL API (not
 * marked as ours) shows in job history and dates the change exactly, the reflection listing shows the
 * reflection and its first refresh, and a collection run again records nothing new. The product's own
 * apply records its change at once, and the collection that later sees it refines it, never doubles it.
 */
const silent = createLogger({ level: 'silent' });
const CREATE =
  'ALTER TABLE lakehouse.web.sessions CREATE AGGREGATE REFLECTION "sessions kpis" USING ' +
  'DIMENSIONS (session_start BY DAY, channel) MEASURES (revenue (SUM, COUNT), pageviews (SUM, COUNT))';
const DROP = 'ALTER TABLE lakehouse.sales.customers DROP REFLECTION customers_contact_raw';
const OPTIMIZE = 'OPTIMIZE TABLE lakehouse.sales.orders';
const APPLIED_SQL =
  'ALTER TABLE lakehouse.finance.ledger_entries CREATE RAW REFLECTION ledger_raw_opt USING DISPLAY (entry_id, amount)';

interface Harness {
  sim: Awaited<ReturnType<typeof startSimulator>>;
  clock: ManualSimClock;
  client: DremioClient;
  store: Store;
  dispose(): Promise<void>;
}

async function harness(backend: TestBackend): Promise<Harness> {
  const clock = manualClock(SNAPSHOT_END.getTime());
  const sim = await startSimulator({
    flavor: 'software-25.1',
    seed: 3,
    jobs: 450,
    days: 5,
    endAt: SNAPSHOT_END,
    clock,
    port: 0,
  });
  const client = createDremioClient({
    url: sim.url,
    auth: { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
    tls: { insecure: false },
    ...DEFAULT_CONNECTION_TUNING,
  });
  const { store, dispose } = await backend.fresh();
  return {
    sim,
    clock,
    client,
    store,
    dispose: async () => {
      client.close();
      await dispose();
      await sim.stop();
    },
  };
}

/** Runs SQL as a user would, over `POST /api/v3/sql` without our marker, and lets it finish. */
async function runByHand(h: Harness, sql: string): Promise<{ id: string; endedAt: Date }> {
  const auth = await login(h.sim);
  const submitted = await call(h.sim, '/api/v3/sql', { method: 'POST', auth, body: { sql } });
  expect(submitted.status, submitted.text).toBe(200);
  const id = (submitted.json as { id: string }).id;
  h.clock.advance(10 * 60_000);
  let status: Record<string, unknown> = {};
  for (
    let poll = 0;
    poll < 20 && !['COMPLETED', 'FAILED', 'CANCELED'].includes(String(status.jobState));
    poll++
  )
    status = (await call(h.sim, `/api/v3/job/${id}`, { auth })).json as Record<string, unknown>;
  expect(status.jobState, JSON.stringify(status)).toBe('COMPLETED');
  return { id, endedAt: new Date(String(status.endedAt)) };
}

/** When the simulator's refresh of a reflection ended, from its own job table. */
function refreshEnd(h: Harness, name: string): Date {
  const reflection = h.sim.world.reflections().find((r) => r.name === name);
  expect(reflection, name).toBeDefined();
  const refresh = [...(h.sim.world.table('sys.jobs_recent')?.scan([]) ?? [])].find(
    (row) => row.query_type === 'ACCELERATOR_CREATE' && String(row.query).includes(String(reflection!.id)),
  );
  expect(refresh, `refresh of ${name}`).toBeDefined();
  return new Date(Number(refresh!.final_state_epoch_millis));
}

// Profiles date nothing here; the simulator serves none for some REST jobs, which would make runs partial.
const settings = collectSettings({
  historyPageRows: 5000,
  maxDatasets: 12,
  stages: new Set(['history', 'reflections', 'datasets'] as const),
});

describe.each(testBackends())('change detection at collection [$name]', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(backend);
  }, 120_000);
  afterAll(async () => h?.dispose());

  it('finds a reflection created, one dropped and a table rewritten by hand, once', async () => {
    const first = await collect({ store: h.store, client: h.client, logger: silent }, settings);
    expect(first.status, JSON.stringify(await listRunErrors(h.store.db, first.runId))).toBe('succeeded');
    const cluster = (await findCluster(h.store.db, 'sim'))!;
    const before = await listChanges(h.store.db, { clusterId: cluster.id });
    expect(before.filter((c) => c.kind === 'query-rewritten')).toEqual([]);

    const created = await runByHand(h, CREATE);
    const dropped = await runByHand(h, DROP);
    const optimized = await runByHand(h, OPTIMIZE);
    const second = await collect({ store: h.store, client: h.client, logger: silent }, settings);
    expect(second.status, JSON.stringify(await listRunErrors(h.store.db, second.runId))).toBe('succeeded');
    const changes = await listChanges(h.store.db, { clusterId: cluster.id });
    const fresh = changes.filter((c) => !before.some((b) => b.id === c.id));
    expect(second.changes?.detected).toBe(fresh.length);

    const reflection = fresh.find((c) => c.kind === 'reflection-created');
    expect(reflection).toMatchObject({
      subject: 'lakehouse.web.sessions::sessions kpis',
      datasetPath: 'lakehouse.web.sessions',
      origin: 'detected',
      statement: CREATE,
      jobId: created.id,
    });
    // It accelerates nothing before its first refresh ends, which is after the DDL job ended.
    const refreshed = refreshEnd(h, 'sessions kpis');
    expect(refreshed.getTime()).toBeGreaterThan(created.endedAt.getTime());
    expect(reflection?.effectiveFrom).toEqual(refreshed);
    expect(reflection?.effectiveTo).toEqual(refreshed);

    expect(fresh.find((c) => c.kind === 'reflection-dropped')).toMatchObject({
      subject: 'lakehouse.sales.customers::customers_contact_raw',
      jobId: dropped.id,
      statement: DROP,
      effectiveFrom: dropped.endedAt,
      effectiveTo: dropped.endedAt,
    });
    expect(fresh.find((c) => c.kind === 'table-rewritten')).toMatchObject({
      subject: 'lakehouse.sales.orders',
      jobId: optimized.id,
      effectiveFrom: optimized.endedAt,
      effectiveTo: optimized.endedAt,
    });
    expect(fresh.map((c) => c.kind).sort()).toEqual([
      'reflection-created',
      'reflection-dropped',
      'table-rewritten',
    ]);
    // The dropped reflection is kept but no longer offered to the analysis.
    const live = await loadReflections(h.store.db, cluster.id);
    expect(live.map((r) => r.name)).toContain('sessions kpis');
    expect(live.map((r) => r.name)).not.toContain('customers_contact_raw');

    const third = await collect({ store: h.store, client: h.client, logger: silent }, settings);
    expect(third.changes?.detected).toBe(0);
    expect(await listChanges(h.store.db, { clusterId: cluster.id })).toEqual(changes);
  }, 180_000);

  it('records the product’s apply at once, and the next collection refines it without a second record', async () => {
    const cluster = (await findCluster(h.store.db, 'sim'))!;
    const target = { kind: 'dataset', path: 'lakehouse.finance.ledger_entries' } as const;
    const rec: Recommendation = {
      id: recommendationId('create-raw-reflection', target),
      kind: 'create-raw-reflection',
      title: 'Raw reflection on ledger entries',
      sql: APPLIED_SQL,
      action: 'Create a raw reflection.',
      target,
      findingIds: [],
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
    };
    await saveRecommendations(h.store.db, {
      clusterId: cluster.id,
      recommendations: [rec],
      at: SNAPSHOT_END,
      actor: 'analyze',
    });
    let endedAt: string | undefined;
    const result = await applyRecommendation(h.store, {
      id: rec.id,
      confirm: true,
      actor: 'ana',
      at: () => SNAPSHOT_END,
      execute: async (sql) => {
        // The manual clock stands still; the job ends once it is moved on.
        const ticking = setInterval(() => h.clock.advance(60_000), 20);
        try {
          const done = await h.client.collectSql(sql, { resendable: false });
          endedAt = done.endedAt;
          return done;
        } finally {
          clearInterval(ticking);
        }
      },
    });
    expect(endedAt).toBeDefined();
    const subject = 'lakehouse.finance.ledger_entries::ledger_raw_opt';
    expect(result.change).toMatchObject({
      kind: 'reflection-created',
      subject,
      origin: 'product',
      recommendationId: rec.id,
      statement: APPLIED_SQL,
      effectiveFrom: new Date(endedAt!),
    });

    const after = await collect({ store: h.store, client: h.client, logger: silent }, settings);
    expect(after.status, JSON.stringify(await listRunErrors(h.store.db, after.runId))).toBe('succeeded');
    const records = (await listChanges(h.store.db, { clusterId: cluster.id })).filter(
      (c) => c.subject === subject,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ origin: 'product', recommendationId: rec.id, jobId: result.jobId });
    expect(records[0]?.effectiveFrom).toEqual(refreshEnd(h, 'ledger_raw_opt'));
  }, 180_000);

  it('dates a reflection deleted or disabled without a job by the two listings around it', async () => {
    const cluster = (await findCluster(h.store.db, 'sim'))!;
    const auth = await login(h.sim);
    const byName = (name: string) => h.sim.world.reflections().find((r) => r.name === name)!;
    const deleted = byName('orders_daily_region_agg');
    const disabled = byName('shipments_carrier_agg');
    const lastSeen = new Map(
      (await loadKnownReflections(h.store.db, cluster.id)).map((k) => [k.reflectionId, k.lastSeenAt]),
    );
    expect((await call(h.sim, `/api/v3/reflection/${deleted.id}`, { method: 'DELETE', auth })).status).toBe(
      200,
    );
    const put = await call(h.sim, `/api/v3/reflection/${disabled.id}`, {
      method: 'PUT',
      auth,
      body: { tag: disabled.tag, enabled: false },
    });
    expect(put.status, put.text).toBe(200);

    const run = await collect({ store: h.store, client: h.client, logger: silent }, settings);
    expect(run.changes?.detected).toBe(2);
    const known = new Map(
      (await loadKnownReflections(h.store.db, cluster.id)).map((k) => [k.reflectionId, k]),
    );
    const observedAt = known.get(deleted.id)!.droppedAt!;
    expect(observedAt).not.toBeNull();
    expect(known.get(disabled.id)!.lastSeenAt).toEqual(observedAt);
    const changes = await listChanges(h.store.db, {
      clusterId: cluster.id,
      kinds: ['reflection-dropped', 'reflection-disabled'],
    });
    expect(
      changes.find((c) => c.subject === 'lakehouse.sales.orders::orders_daily_region_agg'),
    ).toMatchObject({
      kind: 'reflection-dropped',
      origin: 'detected',
      jobId: null,
      effectiveFrom: lastSeen.get(deleted.id),
      effectiveTo: observedAt,
      details: { reflectionId: deleted.id },
    });
    expect(changes.find((c) => c.subject === 'lakehouse.ops.shipments::shipments_carrier_agg')).toMatchObject(
      {
        kind: 'reflection-disabled',
        effectiveFrom: lastSeen.get(disabled.id),
        effectiveTo: observedAt,
      },
    );
    const again = await collect({ store: h.store, client: h.client, logger: silent }, settings);
    expect(again.changes?.detected).toBe(0);
  }, 180_000);
});

describe('query rewrites on the default world', () => {
  it('pairs no query shapes in a plain collection of the simulator’s default world', async () => {
    const sim = await startSimulator({ port: 0 });
    const { store, dispose } = await testBackends()[0]!.fresh();
    const client = createDremioClient({
      url: sim.url,
      auth: { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
      tls: { insecure: false },
      ...DEFAULT_CONNECTION_TUNING,
    });
    try {
      const summary = await collect(
        { store, client, logger: silent },
        collectSettings({ historyPageRows: 5000, stages: new Set(['history']) }),
      );
      expect(summary.status).toBe('succeeded');
      const cluster = (await findCluster(store.db, 'sim'))!;
      // The rule had recurring shapes to consider, by one user each, and paired none of them.
      const shapes = await listFingerprintRuns(store.db, cluster.id);
      expect(shapes.filter((s) => s.runs >= 4 && s.userName !== null).length).toBeGreaterThan(10);
      expect(await listChanges(store.db, { clusterId: cluster.id, kinds: ['query-rewritten'] })).toEqual([]);
    } finally {
      client.close();
      await dispose();
      await sim.stop();
    }
  }, 240_000);
});
