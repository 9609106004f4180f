import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import {
  ensureCluster,
  findCluster,
  listChanges,
  openStore,
  saveRecommendations,
} from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';

/**
 * `recommendations applied ID --at TIME`: the user applied a recommendation themselves; it moves to
 * applied (pending through accepted) and its change is recorded with origin `user`, effective at the
 * time the user gives, for every kind, a workload-management change included.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const OPTIMIZE: Recommendation = {
  id: recommendationId('optimize-table', { kind: 'dataset', path: 'lake.web.events' }),
  kind: 'optimize-table',
  title: 'Compact lake.web.events',
  sql: 'OPTIMIZE TABLE lake.web.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
  action: 'Rewrite the data files of lake.web.events into 256 MB files.',
  target: { kind: 'dataset', path: 'lake.web.events' },
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

describe('recommendations applied --at', () => {
  it('marks a recommendation applied by hand and records the change at the given time', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-applied-'));
    dirs.push(cwd);
    const env = { DATA_DIR: join(cwd, 'data') };
    const seeded = await openStore({ dataDir: env.DATA_DIR, command: 'test' });
    try {
      const cluster = await ensureCluster(seeded.db, { name: 'prod', kind: 'software' });
      await saveRecommendations(seeded.db, {
        clusterId: cluster.id,
        recommendations: [QUEUE, OPTIMIZE],
        at: new Date('2026-11-01T00:00:00Z'),
        actor: 'analyze',
      });
    } finally {
      await seeded.close();
    }

    const noTime = await runCli(['recommendations', 'applied', QUEUE.id], { env, cwd });
    expect(noTime.exitCode).toBe(2);
    const span = await runCli(['recommendations', 'applied', QUEUE.id, '--at', '7d'], { env, cwd });
    expect(span.exitCode).toBe(2);
    expect(span.stderr).toContain('not a span');

    const queue = await runCli(
      [
        'recommendations',
        'applied',
        QUEUE.id,
        '--at',
        '2026-11-03T14:00:00Z',
        '--reason',
        'raised in the UI',
        '--by',
        'ops',
        '--format',
        'json',
      ],
      { env, cwd },
    );
    expect(queue.exitCode, queue.stderr).toBe(0);
    const detail = JSON.parse(queue.stdout) as { status: string; history: { toStatus: string }[] };
    expect(detail.status).toBe('applied');
    expect(detail.history.map((h) => h.toStatus)).toEqual(['pending', 'accepted', 'applied']);
    const table = await runCli(['recommendations', 'applied', OPTIMIZE.id, '--at', '2026-11-04 08:30'], {
      env,
      cwd,
    });
    expect(table.exitCode, table.stderr).toBe(0);
    const again = await runCli(['recommendations', 'applied', OPTIMIZE.id, '--at', '2026-11-05'], {
      env,
      cwd,
    });
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain('is applied; only pending or accepted ones are marked applied');

    const store = await openStore({ dataDir: env.DATA_DIR, command: 'test' });
    try {
      const cluster = (await findCluster(store.db, 'prod'))!;
      const changes = await listChanges(store.db, { clusterId: cluster.id });
      expect(changes).toHaveLength(2);
      expect(changes[0]).toMatchObject({
        kind: 'setting-changed',
        subject: QUEUE.id,
        origin: 'user',
        recommendationId: QUEUE.id,
        effectiveFrom: new Date('2026-11-03T14:00:00Z'),
        effectiveTo: new Date('2026-11-03T14:00:00Z'),
        jobId: null,
        details: { reason: 'raised in the UI' },
      });
      expect(changes[1]).toMatchObject({
        kind: 'table-rewritten',
        subject: 'lake.web.events',
        datasetPath: 'lake.web.events',
        origin: 'user',
        statement: OPTIMIZE.sql,
        recommendationId: OPTIMIZE.id,
        effectiveFrom: new Date('2026-11-04T08:30:00Z'),
      });
    } finally {
      await store.close();
    }
  }, 60_000);
});
