import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  applyOutput,
  applyRecommendation,
  changeRecommendationStatus,
  markApplied,
  markAppliedOutput,
  recommendationDetailOutput,
  verifyRecommendation,
} from '../../src/app/recommendation-actions.js';
import type { AppDeps } from '../../src/app/service.js';
import { loadConfig } from '../../src/config/index.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioClient } from '../../src/dremio/index.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../src/errors.js';
import { createLogger } from '../../src/log/index.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import { startSimulator } from '../../src/simulator/index.js';
import { ensureCluster, listChanges, type Store, saveRecommendations } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const OPTIMIZE: Recommendation = {
  id: recommendationId('optimize-table', { kind: 'dataset', path: 'lakehouse.web.events' }),
  kind: 'optimize-table',
  title: 'Compact lakehouse.web.events',
  sql: 'OPTIMIZE TABLE lakehouse.web.events REWRITE DATA USING BIN_PACK',
  action: 'Rewrite the data files of lakehouse.web.events into 256 MB files.',
  target: { kind: 'dataset', path: 'lakehouse.web.events' },
  findingIds: [],
  jobIds: [],
  estimatedSavingsMsPerDay: 100_000,
  estimatedCost: { storageBytes: 0, refreshMsPerDay: 0, oneOffMs: 150_000, basis: 'one rewrite' },
  netBenefitMsPerDay: 95_000,
  confidence: 0.7,
  method: 'operator-time-share',
  rationale: 'r',
  risk: { level: 'low', note: 'test' },
  evidence: {},
  status: 'pending',
};

const QUEUE: Recommendation = {
  ...OPTIMIZE,
  id: recommendationId('workload-management', { kind: 'queue', queueName: 'High Cost' }),
  kind: 'workload-management',
  title: 'Give queue "High Cost" room for 4 concurrent queries',
  sql: null,
  action: 'In Workload Management, raise the concurrency limit of queue "High Cost" to 4.',
  target: { kind: 'queue', queueName: 'High Cost' },
  method: 'queue-time',
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function depsFor(store: Store, dremio?: () => DremioClient): AppDeps {
  const cwd = mkdtempSync(join(tmpdir(), 'do-app-actions-'));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  return {
    store,
    config: loadConfig({ env: {}, cwd }).config,
    logger: createLogger({ level: 'silent' }),
    ...(dremio === undefined ? {} : { dremio }),
  };
}

async function seeded(backend: ReturnType<typeof testBackends>[number], clusterName = 'sim'): Promise<Store> {
  const t = await backend.fresh();
  cleanups.push(() => t.dispose());
  const cluster = await ensureCluster(t.store.db, { name: clusterName, kind: 'software' });
  await saveRecommendations(t.store.db, {
    clusterId: cluster.id,
    recommendations: [OPTIMIZE, QUEUE],
    at: new Date('2026-11-01T00:00:00Z'),
    actor: 'analyze',
  });
  return t.store;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the service to refuse');
    },
    (error: unknown) => error,
  );
}

describe.each(testBackends())('recommendation actions [$name]', (backend) => {
  it('walks the lifecycle by its rules; a refused step is a conflict on `to`, a missing reason names `reason`', async () => {
    const deps = depsFor(await seeded(backend));
    const accepted = await changeRecommendationStatus(deps, {
      id: OPTIMIZE.id,
      to: 'accepted',
      actor: 'ana',
      reason: 'worth it',
    });
    expect(recommendationDetailOutput.parse(accepted)).toMatchObject({ id: OPTIMIZE.id, status: 'accepted' });
    expect(accepted.history.map((h) => [h.fromStatus, h.toStatus, h.actor, h.reason])).toEqual([
      [null, 'pending', 'analyze', 'recommended by analysis'],
      ['pending', 'accepted', 'ana', 'worth it'],
    ]);
    // JSON form: dates as ISO text, nothing a JSON round trip would change.
    expect(JSON.parse(JSON.stringify(accepted))).toEqual(accepted);

    for (const to of ['verified', 'applied'] as const) {
      const refused = await failure(changeRecommendationStatus(deps, { id: OPTIMIZE.id, to, actor: 'ana' }));
      expect(refused).toBeInstanceOf(InvalidInputError);
      expect((refused as InvalidInputError).problems.map((p) => p.field)).toEqual(['to']);
    }

    const noReason = await failure(
      changeRecommendationStatus(deps, { id: QUEUE.id, to: 'rejected', actor: 'bo' }),
    );
    expect(noReason).toBeInstanceOf(InvalidInputError);
    expect((noReason as InvalidInputError).problems.map((p) => p.field)).toEqual(['reason']);

    // A dry run checks the step (given as text, as a query string would) and writes nothing.
    const dry = await changeRecommendationStatus(deps, {
      id: QUEUE.id,
      to: 'rejected',
      actor: 'bo',
      reason: 'sized for month end',
      dryRun: 'true' as unknown as boolean,
    });
    expect(dry.status).toBe('pending');
    const rejected = await changeRecommendationStatus(deps, {
      id: QUEUE.id,
      to: 'rejected',
      actor: 'bo',
      reason: 'sized for month end',
    });
    expect(rejected.status).toBe('rejected');
    const notAllowed = await failure(
      changeRecommendationStatus(deps, { id: QUEUE.id, to: 'accepted', actor: 'ana' }),
    );
    expect(notAllowed).toBeInstanceOf(ConflictError);
    expect(notAllowed).toMatchObject({
      field: 'to',
      message: expect.stringContaining('is rejected; it cannot become accepted'),
    });
    const back = await changeRecommendationStatus(deps, { id: QUEUE.id, to: 'pending', actor: 'ana' });
    expect(back.status).toBe('pending');

    for (const error of [noReason, notAllowed]) {
      const text = `${(error as Error).message} ${(error as { hint?: string }).hint ?? ''}`;
      expect(text).not.toMatch(/--[a-z]/);
    }
  }, 60_000);

  it('names what was not found: the recommendation (`id`) or the cluster (`cluster`); asks which cluster of several', async () => {
    const store = await seeded(backend);
    const deps = depsFor(store);
    const missing = await failure(
      changeRecommendationStatus(deps, { id: 'rffffffffffffff', to: 'accepted', actor: 'ana' }),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ entity: 'recommendation', id: 'rffffffffffffff', field: 'id' });
    const calls = [
      () => applyRecommendation(deps, { id: 'rffffffffffffff', actor: 'ana', confirm: true }),
      () => markApplied(deps, { id: 'rffffffffffffff', actor: 'ana', at: '2026-11-03T14:00:00Z' }),
      () => verifyRecommendation(deps, { id: 'rffffffffffffff' }),
    ];
    for (const call of calls) {
      expect(await failure(call())).toMatchObject({
        constructor: NotFoundError,
        entity: 'recommendation',
        field: 'id',
      });
    }
    const noCluster = await failure(
      changeRecommendationStatus(deps, { id: OPTIMIZE.id, to: 'accepted', actor: 'ana', cluster: 'nope' }),
    );
    expect(noCluster).toBeInstanceOf(NotFoundError);
    expect(noCluster).toMatchObject({ entity: 'cluster', id: 'nope', field: 'cluster' });

    await ensureCluster(store.db, { name: 'other', kind: 'cloud' });
    const which = await failure(
      changeRecommendationStatus(deps, { id: OPTIMIZE.id, to: 'accepted', actor: 'ana' }),
    );
    expect(which).toBeInstanceOf(InvalidInputError);
    expect((which as InvalidInputError).problems).toEqual([
      { field: 'cluster', expected: 'one of: other, sim' },
    ]);
    const named = await changeRecommendationStatus(deps, {
      id: OPTIMIZE.id,
      to: 'accepted',
      actor: 'ana',
      cluster: 'sim',
    });
    expect(named.status).toBe('accepted');
  }, 60_000);

  it('refuses to apply without confirm, before reaching Dremio, and leaves the recommendation as it was', async () => {
    let connections = 0;
    const deps = depsFor(await seeded(backend), () => {
      connections++;
      throw new Error('Dremio must not be reached');
    });
    for (const confirm of [undefined, false, 'false']) {
      const refused = await failure(
        applyRecommendation(deps, {
          id: OPTIMIZE.id,
          actor: 'ana',
          ...(confirm === undefined ? {} : { confirm: confirm as boolean }),
        }),
      );
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused).toMatchObject({ field: 'confirm', code: 'CONFIRM_REQUIRED' });
      // The statement is shown so the caller can read it before confirming.
      expect((refused as Error).message).toContain(OPTIMIZE.sql);
      expect(`${(refused as Error).message} ${(refused as ConflictError).hint}`).not.toMatch(/--confirm/);
    }
    const noSql = await failure(applyRecommendation(deps, { id: QUEUE.id, actor: 'ana', confirm: true }));
    expect(noSql).toMatchObject({ constructor: ConflictError, code: 'RECOMMENDATION_NO_SQL' });
    expect(connections).toBe(0);
    const shown = await changeRecommendationStatus(deps, {
      id: OPTIMIZE.id,
      to: 'accepted',
      actor: 'ana',
      dryRun: true,
    });
    expect(shown.status).toBe('pending');
    expect(shown.history).toHaveLength(1);
  }, 60_000);

  it('marks a recommendation applied by hand at the time given, once; an unapplied one cannot be verified', async () => {
    const store = await seeded(backend);
    const deps = depsFor(store);
    const notApplied = await failure(verifyRecommendation(deps, { id: QUEUE.id }));
    expect(notApplied).toMatchObject({ constructor: ConflictError, code: 'RECOMMENDATION_STATUS' });
    expect((notApplied as ConflictError).hint).not.toMatch(/--/);

    const badTime = await failure(markApplied(deps, { id: QUEUE.id, actor: 'ops', at: 'yesterday' }));
    expect(badTime).toBeInstanceOf(InvalidInputError);
    expect((badTime as InvalidInputError).problems.map((p) => p.field)).toEqual(['at']);

    const marked = await markApplied(deps, {
      id: QUEUE.id,
      actor: 'ops',
      at: '2026-11-03T14:00:00Z',
      reason: 'raised in the UI',
    });
    expect(markAppliedOutput.parse(marked)).toMatchObject({ status: 'applied' });
    expect(marked.history.map((h) => h.toStatus)).toEqual(['pending', 'accepted', 'applied']);
    expect(marked.change).toMatchObject({
      origin: 'user',
      effectiveFrom: '2026-11-03T14:00:00.000Z',
      recommendationId: QUEUE.id,
    });
    const again = await failure(
      markApplied(deps, { id: QUEUE.id, actor: 'ops', at: '2026-11-04T00:00:00Z' }),
    );
    expect(again).toBeInstanceOf(ConflictError);
    const cluster = (await store.db.selectFrom('clusters').select('id').executeTakeFirstOrThrow()).id;
    expect((await listChanges(store.db, { clusterId: cluster })).map((c) => c.recommendationId)).toEqual([
      QUEUE.id,
    ]);
  }, 60_000);
});

describe('recommendations.apply with confirm, over HTTP to the simulator', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    sim = await startSimulator({ flavor: 'software-25.1', seed: 3, jobs: 200, days: 1, port: 0 });
  }, 60_000);
  afterAll(async () => sim.stop());

  it('runs the statement on Dremio once and records the recommendation applied with its change', async () => {
    const [backend] = testBackends();
    const store = await seeded(backend!);
    let client: DremioClient | undefined;
    cleanups.push(() => client?.close());
    const deps = depsFor(store, () => {
      client ??= createDremioClient({
        url: sim.url,
        auth: { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
        tls: { insecure: false },
        requestTimeoutMs: 30_000,
        maxConcurrency: 2,
        maxRequestsPerSecond: 50,
        retry: DEFAULT_CONNECTION_TUNING.retry,
        logger: createLogger({ level: 'silent' }),
      });
      return client;
    });
    const applied = await applyRecommendation(deps, {
      id: OPTIMIZE.id,
      actor: 'ana',
      confirm: 'true' as unknown as boolean,
    });
    expect(applyOutput.parse(applied)).toMatchObject({ id: OPTIMIZE.id, status: 'applied' });
    expect(applied.history.map((h) => h.toStatus)).toEqual(['pending', 'accepted', 'applied']);
    expect(applied.history.at(-1)?.reason).toBe(`Dremio job ${applied.jobId}`);
    expect(applied.change).toMatchObject({ origin: 'product', recommendationId: OPTIMIZE.id });
    const again = await failure(applyRecommendation(deps, { id: OPTIMIZE.id, actor: 'ana', confirm: true }));
    expect(again).toMatchObject({
      constructor: ConflictError,
      message: expect.stringContaining('is applied'),
    });
  }, 60_000);
});
