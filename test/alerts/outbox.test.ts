import { afterEach, describe, expect, it } from 'vitest';
import { deliverPendingAlerts } from '../../src/alerts/index.js';
import { listAlerts } from '../../src/app/alerts.js';
import { analyzeData } from '../../src/app/analyze.js';
import { severityRank } from '../../src/domain/severity.js';
import { enqueueAlerts } from '../../src/store/alerts-repository.js';
import { ensureCluster, upsertJobs } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { AT, alertsConfig, depsOf, queuedWorkload } from './fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const LATER = '2026-11-25T06:00:00.000Z';

describe.each(testBackends())('alert outbox [$name]', (backend) => {
  async function seeded(alerts: Record<string, unknown> = {}) {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.stop());
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(t.store.db, cluster.id, queuedWorkload());
    const deps = depsOf(
      t.store,
      alertsConfig({ webhookUrl: receiver.url, ratePerMinute: 10_000, ...alerts }),
    );
    return { deps, receiver, clusterId: cluster.id };
  }

  const analyze = (deps: ReturnType<typeof depsOf>, at: string) =>
    analyzeData(deps, { at, detectors: ['queue-wait'], recommend: false });

  const keysOf = (r: WebhookReceiver) => r.received.map((p) => String(p.headers['idempotency-key'])).sort();

  it('posts once per opened high finding across two analyses of the same data, and nothing for unchanged findings', async () => {
    const { deps, receiver } = await seeded();
    const first = await analyze(deps, AT);
    const high = first.findings.filter((f) => severityRank(f.severity) >= severityRank('high'));
    expect(high.length).toBeGreaterThan(0);
    expect(first.findings.length).toBeGreaterThan(high.length);

    await deliverPendingAlerts(deps, { deadlineMs: 10_000 });
    expect(receiver.received.map((p) => (p.body.subject as { id: string }).id).sort()).toEqual(
      high.map((f) => f.id).sort(),
    );
    for (const post of receiver.received) {
      expect(post.body).toMatchObject({ event: 'finding-opened', cluster: 'prod', severity: 'high' });
      expect(post.body.idempotencyKey).toBe(post.headers['idempotency-key']);
    }
    expect(new Set(keysOf(receiver)).size).toBe(receiver.received.length);

    const second = await analyze(deps, LATER);
    expect(second.findings.map((f) => f.id).sort()).toEqual(first.findings.map((f) => f.id).sort());
    const summary = await deliverPendingAlerts(deps, { deadlineMs: 10_000 });
    expect(summary).toMatchObject({ sent: 0, pendingLeft: false });
    expect(receiver.received).toHaveLength(high.length);
    const listed = await listAlerts(deps, {});
    expect(listed.items.map((a) => a.status)).toEqual(high.map(() => 'sent'));
  });

  it('delivers each alert exactly once after the receiver answered 503, then refused connections, then came up', async () => {
    const { deps, receiver } = await seeded({ maxAttempts: 100 });
    receiver.status = 503;
    const report = await analyze(deps, AT);
    const high = report.findings.filter((f) => severityRank(f.severity) >= severityRank('high'));

    const down = await deliverPendingAlerts(deps, { deadlineMs: 300, retryBaseMs: 1, retryMaxMs: 5 });
    expect(down).toMatchObject({ sent: 0, pendingLeft: true });
    expect(receiver.requests).toBeGreaterThanOrEqual(high.length);
    expect(receiver.received).toHaveLength(0);
    const pending = await listAlerts(deps, { status: 'pending' });
    expect(pending.items).toHaveLength(high.length);
    expect(pending.items[0]).toMatchObject({ lastError: expect.stringContaining('HTTP 503') });

    await receiver.stop();
    const refused = await deliverPendingAlerts(deps, { deadlineMs: 300, retryBaseMs: 1, retryMaxMs: 5 });
    expect(refused.sent).toBe(0);
    expect((await listAlerts(deps, { status: 'pending' })).items[0]).toMatchObject({
      lastError: expect.stringContaining('unreachable'),
    });

    receiver.status = 200;
    await receiver.start();
    const up = await deliverPendingAlerts(deps, { deadlineMs: 10_000, retryBaseMs: 1, retryMaxMs: 5 });
    expect(up).toMatchObject({ sent: high.length, pendingLeft: false });
    expect(receiver.received).toHaveLength(high.length);
    expect(new Set(keysOf(receiver)).size).toBe(high.length);
    await deliverPendingAlerts(deps, { deadlineMs: 1_000, retryBaseMs: 1 });
    expect(receiver.received).toHaveLength(high.length);
  });

  it('fails an alert after its last attempt and records every attempt', async () => {
    const { deps, receiver, clusterId } = await seeded({ maxAttempts: 3 });
    receiver.status = 503;
    await enqueueAlerts(deps.store.db, [
      {
        clusterId,
        rule: 'default',
        channel: 'webhook',
        dedupKey: 'k1',
        payload: { event: 'regression', title: 't' },
      },
    ]);
    const summary = await deliverPendingAlerts(deps, { deadlineMs: 10_000, retryBaseMs: 1, retryMaxMs: 2 });
    expect(summary).toMatchObject({ sent: 0, failed: 1, pendingLeft: false });
    expect(receiver.requests).toBe(3);
    const [failed] = (await listAlerts(deps, { status: 'failed' })).items;
    expect(failed).toMatchObject({
      attempts: 3,
      status: 'failed',
      lastError: expect.stringContaining('503'),
    });
    const attempts = await deps.store.db.selectFrom('alert_attempts').selectAll().execute();
    expect(attempts.map((a) => [a.ok, a.http_status])).toEqual([
      [false, 503],
      [false, 503],
      [false, 503],
    ]);
  });

  it('keeps what is over a channel rate limit pending, and enqueues an event once per channel and key', async () => {
    const { deps, receiver, clusterId } = await seeded({ ratePerMinute: 2 });
    const alert = (k: string) => ({
      clusterId,
      rule: 'default',
      channel: 'webhook',
      dedupKey: k,
      payload: { event: 'regression', title: k },
    });
    expect(await enqueueAlerts(deps.store.db, ['a', 'b', 'c', 'd', 'e'].map(alert))).toBe(5);
    expect(await enqueueAlerts(deps.store.db, [alert('a'), alert('b')])).toBe(0);
    const summary = await deliverPendingAlerts(deps, { deadlineMs: 500 });
    expect(summary).toMatchObject({ sent: 2, pendingLeft: true });
    expect(receiver.received).toHaveLength(2);
    expect((await listAlerts(deps, { status: 'pending' })).items).toHaveLength(3);
  });
});
