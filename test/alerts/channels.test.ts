import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertRules, deliverPendingAlerts, routeEvent } from '../../src/alerts/index.js';
import { analyzeData } from '../../src/app/analyze.js';
import { loadConfig } from '../../src/config/index.js';
import { ensureCluster, upsertJobs } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { AT, alertsConfig, depsOf, queuedWorkload } from './fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'do-alerts-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('alert routing', () => {
  it('gives each environment channel the default rule: high findings, regressions, collection failures, verdicts', () => {
    const config = loadConfig({
      env: { ALERT_WEBHOOK_URL: 'http://127.0.0.1:1/a', ALERT_SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/b' },
      cwd: tempDir(),
    }).config;
    const rules = alertRules(config);
    expect(rules).toMatchObject([{ name: 'default', channels: ['webhook', 'slack'], minSeverity: 'high' }]);
    const to = (event: Parameters<typeof routeEvent>[1]) => routeEvent(rules, event).map((r) => r.channel);
    expect(to({ event: 'finding-opened', clusterName: 'c', severity: 'critical' })).toEqual([
      'webhook',
      'slack',
    ]);
    expect(to({ event: 'finding-opened', clusterName: 'c', severity: 'medium' })).toEqual([]);
    expect(to({ event: 'finding-resolved', clusterName: 'c', severity: 'high' })).toEqual([]);
    for (const event of [
      'regression',
      'collection-failed',
      'measurement-regressed',
      'measurement-verified',
    ] as const)
      expect(to({ event, clusterName: 'c' })).toEqual(['webhook', 'slack']);
  });

  it('routes by the configured rules, per cluster and severity, and leaves an unnamed channel the default rule', () => {
    const config = alertsConfig({
      channels: JSON.stringify([
        { name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1/ops' },
        { name: 'team', type: 'slack', url: 'http://127.0.0.1:1/team' },
      ]),
      rules: [
        {
          name: 'prod-all',
          channels: ['ops'],
          events: ['finding-opened', 'finding-resolved'],
          minSeverity: 'low',
          clusters: ['prod'],
        },
      ],
    });
    const rules = alertRules(config);
    expect(routeEvent(rules, { event: 'finding-resolved', clusterName: 'prod', severity: 'low' })).toEqual([
      { rule: 'prod-all', channel: 'ops' },
    ]);
    expect(routeEvent(rules, { event: 'finding-resolved', clusterName: 'dev', severity: 'low' })).toEqual([]);
    expect(routeEvent(rules, { event: 'regression', clusterName: 'dev' })).toEqual([
      { rule: 'default', channel: 'team' },
    ]);
  });
});

describe.each(testBackends())('alert channels [$name]', (backend) => {
  it('posts Slack blocks with a button to the finding page of the dashboard', async () => {
    const slack = await startWebhookReceiver();
    cleanups.push(() => slack.stop());
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(t.store.db, cluster.id, queuedWorkload());
    const deps = depsOf(
      t.store,
      alertsConfig({
        slackWebhookUrl: slack.url,
        dashboardUrl: 'https://optimizer.example.com/',
        ratePerMinute: 10_000,
      }),
    );
    const report = await analyzeData(deps, { at: AT, detectors: ['queue-wait'], recommend: false });
    await deliverPendingAlerts(deps, { deadlineMs: 10_000 });
    expect(slack.received.length).toBeGreaterThan(0);
    const high = report.findings.find((f) => f.severity === 'high')!;
    const post = slack.received.find((p) => JSON.stringify(p.body).includes(high.id))!;
    expect(post.body.text).toContain(high.title);
    const blocks = post.body.blocks as { type: string; elements?: { url?: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    expect(blocks[2]!.elements![0]!.url).toBe(
      `https://optimizer.example.com/findings/${high.id}?cluster=prod`,
    );
  });
});

describe('alerts commands', () => {
  it('`alerts test` sends a sample and exits 0; exits non-zero with a message when the channel fails', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.stop());
    const cwd = tempDir();
    const env = { ALERT_WEBHOOK_URL: receiver.url, DATA_DIR: join(cwd, 'data') };
    const ok = await runCli(['alerts', 'test', 'webhook'], { env, cwd });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('sample alert sent to webhook');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body).toMatchObject({ title: 'Sample alert from dremio-optimizer' });

    receiver.status = 503;
    const down = await runCli(['alerts', 'test', 'webhook'], { env, cwd });
    expect(down.exitCode).not.toBe(0);
    expect(down.stderr).toContain('HTTP 503');

    const unknown = await runCli(['alerts', 'test', 'pager'], { env, cwd });
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain('no alert channel named "pager"');

    const listed = await runCli(['alerts', 'list', '--format', 'json'], { env, cwd });
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ items: [] });
  });
});
