import { afterEach, describe, expect, it } from 'vitest';
import {
  enqueueCollectionFailedAlert,
  enqueueCollectionLaggingAlert,
  enqueueMeasurementAlerts,
  findingAlertsHook,
} from '../../src/alerts/index.js';
import { listAlerts } from '../../src/app/alerts.js';
import type { Finding } from '../../src/domain/finding.js';
import type { StoredMeasurement } from '../../src/domain/measurement.js';
import {
  finishRun,
  lastSuccessfulCollectionEnd,
  startRun,
} from '../../src/store/collection-runs-repository.js';
import { ensureCluster } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { alertsConfig, depsOf } from './fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The fields of a measurement an alert reads; the rest of a measurement plays no part. */
function measurement(changeId: bigint, verdict: StoredMeasurement['verdict']): StoredMeasurement {
  return {
    id: changeId * 10n,
    changeId,
    change: { kind: 'reflection-created', subject: 'lake.sales.orders' },
    verdict,
    reason: 'the affected shapes ran 40% faster in both windows',
    measuredAt: new Date('2026-11-24T06:00:00.000Z'),
  } as unknown as StoredMeasurement;
}

describe.each(testBackends())('collection and measurement alerts [$name]', (backend) => {
  it('enqueues a verdict once per change and verdict, only regressed and verified, and a failed run once', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    const deps = depsOf(t.store, alertsConfig({ webhookUrl: 'http://127.0.0.1:9/hook' }));
    const input = {
      clusterId: cluster.id,
      clusterName: 'prod',
      measurements: [measurement(1n, 'verified'), measurement(2n, 'regressed'), measurement(3n, 'no-effect')],
    };
    expect(await enqueueMeasurementAlerts(t.store.db, deps.config, input)).toBe(2);
    // The next cycle measures the same changes again: nothing new.
    expect(await enqueueMeasurementAlerts(t.store.db, deps.config, input)).toBe(0);

    const failed = {
      clusterId: cluster.id,
      clusterName: 'prod',
      runKey: '7',
      error: 'Dremio refused',
      at: new Date(0),
    };
    expect(await enqueueCollectionFailedAlert(t.store.db, deps.config, failed)).toBe(1);
    expect(await enqueueCollectionFailedAlert(t.store.db, deps.config, failed)).toBe(0);

    const listed = (await listAlerts(deps, {})).items;
    expect(listed.map((a) => a.event).sort()).toEqual([
      'collection-failed',
      'measurement-regressed',
      'measurement-verified',
    ]);
    expect(
      listed.every((a) => a.channel === 'webhook' && a.rule === 'default' && a.status === 'pending'),
    ).toBe(true);
  });

  it('alerts a lagging collection once per last success, past the limit only', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    const deps = depsOf(t.store, alertsConfig({ webhookUrl: 'http://127.0.0.1:9/hook' }));
    expect(await lastSuccessfulCollectionEnd(t.store.db, cluster.id)).toBeUndefined();
    const ok = await startRun(t.store.db, { clusterId: cluster.id, kind: 'collect', options: {} });
    await finishRun(t.store.db, { runId: ok, status: 'succeeded', counts: {} });
    const bad = await startRun(t.store.db, { clusterId: cluster.id, kind: 'collect', options: {} });
    await finishRun(t.store.db, { runId: bad, status: 'failed', counts: {}, error: 'refused' });
    const imported = await startRun(t.store.db, { clusterId: cluster.id, kind: 'import', options: {} });
    await finishRun(t.store.db, { runId: imported, status: 'succeeded', counts: {} });
    // The failed run and the import do not count as a successful collection.
    const last = await lastSuccessfulCollectionEnd(t.store.db, cluster.id);
    const okRow = await t.store.db
      .selectFrom('collection_runs')
      .select('ended_at')
      .where('id', '=', ok)
      .executeTakeFirstOrThrow();
    expect(last?.getTime()).toBe((okRow.ended_at as Date).getTime());

    const lag = (minutes: number) =>
      enqueueCollectionLaggingAlert(t.store.db, deps.config, {
        clusterId: cluster.id,
        clusterName: 'prod',
        lastSuccessAt: last,
        at: new Date(last!.getTime() + minutes * 60_000),
      });
    // The default limit is 60 minutes.
    expect(await lag(59)).toBe(0);
    expect(await lag(61)).toBe(1);
    expect(await lag(240)).toBe(0);
    const listed = (await listAlerts(deps, {})).items;
    expect(listed).toMatchObject([{ event: 'collection-lagging', channel: 'webhook', rule: 'default' }]);
    expect(
      await enqueueCollectionLaggingAlert(t.store.db, deps.config, {
        clusterId: cluster.id,
        clusterName: 'prod',
        lastSuccessAt: undefined,
        at: new Date(),
      }),
    ).toBe(0);
  });

  it('sends a regression finding that opens once per channel, as a regression', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    const deps = depsOf(t.store, alertsConfig({ webhookUrl: 'http://127.0.0.1:9/hook' }));
    const finding = {
      id: 'f-regression',
      detector: 'regression',
      severity: 'high',
      title: 'orders report got 3x slower',
      subject: { kind: 'fingerprint', fingerprint: 'fp', sampleSql: null },
      jobIds: [],
      impactMsPerDay: 1,
      confidence: 1,
      evidence: { thresholds: [] },
    } as unknown as Finding;
    const hook = findingAlertsHook(deps.config)!;
    await t.store.db.transaction().execute((trx) =>
      hook(trx, {
        clusterId: cluster.id,
        clusterName: 'prod',
        seenAt: new Date('2026-11-24T06:00:00.000Z'),
        shown: [finding],
        openedIds: ['f-regression'],
        resolvedIds: [],
      }),
    );
    const listed = (await listAlerts(deps, {})).items;
    expect(listed.map((a) => [a.channel, a.event])).toEqual([['webhook', 'regression']]);
  });

  it('enqueues nothing when no channel is configured', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    const deps = depsOf(t.store, alertsConfig({}));
    const input = {
      clusterId: cluster.id,
      clusterName: 'prod',
      measurements: [measurement(1n, 'regressed')],
    };
    expect(await enqueueMeasurementAlerts(t.store.db, deps.config, input)).toBe(0);
    expect((await listAlerts(deps, {})).items).toEqual([]);
  });
});
