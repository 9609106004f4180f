import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverPendingAlerts } from '../../src/alerts/index.js';
import { listAlerts } from '../../src/app/alerts.js';
import { ensureCluster, openStore, upsertJobs } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { AT, alertsConfig, depsOf, queuedWorkload } from './fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Runs the analysis child and SIGKILLs it once it reports its alerts committed; resolves with their count. */
function analyzeAndKill(args: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/alerts-child.ts', JSON.stringify(args)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let committed: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /committed (\d+)\n/.exec(out);
      if (match !== null && committed === undefined) {
        committed = Number(match[1]);
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      committed !== undefined && signal === 'SIGKILL'
        ? resolve(committed)
        : reject(new Error(`the child ended without being killed: ${err}`)),
    );
  });
}

describe.each(testBackends())('alert outbox across a crash [$name]', (backend) => {
  it('delivers, once, an alert committed by a process killed (-9) before it sent it', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.stop());
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(t.store.db, cluster.id, queuedWorkload());
    // The embedded store is one process's at a time: hand it over to the child.
    await t.store.close();

    const committed = await analyzeAndKill({ ...t.location, webhookUrl: receiver.url, at: AT });
    expect(committed).toBeGreaterThan(0);
    expect(receiver.requests).toBe(0);

    const store = await openStore({ ...t.location, command: 'test restart' });
    cleanups.push(() => store.close());
    const deps = depsOf(store, alertsConfig({ webhookUrl: receiver.url, ratePerMinute: 10_000 }));
    expect((await listAlerts(deps, { status: 'pending' })).items).toHaveLength(committed);
    await deliverPendingAlerts(deps, { deadlineMs: 10_000 });
    await deliverPendingAlerts(deps, { deadlineMs: 1_000 });
    expect(receiver.received).toHaveLength(committed);
    expect(new Set(receiver.received.map((p) => p.headers['idempotency-key'])).size).toBe(committed);
    expect((await listAlerts(deps, { status: 'sent' })).items).toHaveLength(committed);
  });
});
