import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStatuses } from '../../src/cli/recommendations.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { InputError } from '../../src/errors.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import { ensureCluster, openStore, saveRecommendations } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'do-recs-'));
  dirs.push(d);
  return d;
}

const OPTIMIZE: Recommendation = {
  id: recommendationId('optimize-table', { kind: 'dataset', path: 'lake.web.events' }),
  kind: 'optimize-table',
  title: 'Compact lake.web.events: 24000 files into about 192',
  sql: 'OPTIMIZE TABLE lake.web.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
  action: 'Rewrite 24000 data files of lake.web.events into 256 MB files.',
  target: { kind: 'dataset', path: 'lake.web.events' },
  findingIds: ['aaaaaaaaaaaaaaaa'],
  jobIds: ['j1', 'j2'],
  estimatedSavingsMsPerDay: 100_000,
  estimatedCost: { storageBytes: 0, refreshMsPerDay: 5_000, oneOffMs: 150_000, basis: 'one rewrite' },
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
  netBenefitMsPerDay: 10_000,
  method: 'queue-time',
};

async function seed(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, command: 'test' });
  try {
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await saveRecommendations(store.db, {
      clusterId: cluster.id,
      recommendations: [QUEUE, OPTIMIZE],
      at: new Date('2026-11-01T00:00:00Z'),
      actor: 'analyze',
    });
  } finally {
    await store.close();
  }
}

describe('parseStatuses', () => {
  it('splits a comma list and refuses unknown statuses', () => {
    expect(parseStatuses(undefined)).toBeUndefined();
    expect(parseStatuses('pending, accepted')).toEqual(['pending', 'accepted']);
    expect(() => parseStatuses('pending,done')).toThrow(InputError);
  });
});

describe('recommendations command', () => {
  it('lists by net benefit, shows the SQL, walks the lifecycle and refuses apply without --confirm', async () => {
    const cwd = workdir();
    const env = { DATA_DIR: join(cwd, 'data') };
    await seed(env.DATA_DIR);

    const list = await runCli(['recommendations', 'list', '--format', 'json'], { env, cwd });
    expect(list.exitCode).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((r) => r.id)).toEqual([OPTIMIZE.id, QUEUE.id]);
    const table = await runCli(['recommendations', 'list'], { env, cwd });
    expect(table.stdout.split('\n')[1]).toContain(OPTIMIZE.id);

    const show = await runCli(['recommendations', 'show', OPTIMIZE.id], { env, cwd });
    expect(show.stdout).toContain(`${OPTIMIZE.sql};`);
    expect(show.stdout).toMatch(/Net: +1.6 min a day/);

    const refused = await runCli(['recommendations', 'apply', OPTIMIZE.id], { env, cwd });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain('CONFIRM_REQUIRED');
    const noSql = await runCli(['recommendations', 'apply', QUEUE.id, '--confirm'], { env, cwd });
    expect(noSql.exitCode).toBe(3);
    expect(noSql.stderr).toContain('RECOMMENDATION_NO_SQL');

    const dry = await runCli(['recommendations', 'accept', QUEUE.id, '--dry-run'], { env, cwd });
    expect(dry.stdout).toContain(`${QUEUE.id} would become accepted; nothing was written`);
    const noReason = await runCli(['recommendations', 'reject', QUEUE.id], { env, cwd });
    expect(noReason.exitCode).toBe(2);
    const rejected = await runCli(
      ['recommendations', 'reject', QUEUE.id, '--reason', 'queue is sized for month end', '--by', 'ops'],
      { env, cwd },
    );
    expect(rejected.exitCode).toBe(0);
    expect(rejected.stdout).toContain('pending → rejected by ops: queue is sized for month end');
    const accepted = await runCli(['recommendations', 'accept', OPTIMIZE.id, '--format', 'json'], {
      env,
      cwd,
    });
    expect(JSON.parse(accepted.stdout)).toMatchObject({ id: OPTIMIZE.id, status: 'accepted' });
    const verify = await runCli(['recommendations', 'verify', OPTIMIZE.id], { env, cwd });
    expect(verify.exitCode).toBe(3);
    expect(verify.stderr).toContain('only an applied change can be measured');

    const pending = await runCli(['recommendations', 'list', '--status', 'rejected', '--format', 'json'], {
      env,
      cwd,
    });
    expect((JSON.parse(pending.stdout) as { id: string }[]).map((r) => r.id)).toEqual([QUEUE.id]);
    const unknown = await runCli(['recommendations', 'show', 'rffffffffffffff'], { env, cwd });
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toContain('RECOMMENDATION_UNKNOWN');
  }, 60_000);
});
