import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/domain/recommendation.js';
import type { Reflection } from '../../src/domain/reflection.js';
import { formatDecimalBytes } from '../../src/domain/units.js';
import { renderLedgerTable } from '../../src/format/ledger-table.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import {
  ensureCluster,
  openStore,
  saveRecommendations,
  setRecommendationStatus,
  upsertJobs,
  upsertReflections,
} from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'do-lifecycle-cli-'));
  dirs.push(d);
  return d;
}

const AT = new Date('2026-11-01T00:00:00Z');

const OPEN: Recommendation = {
  id: recommendationId('optimize-table', { kind: 'dataset', path: 'lake.web.events' }),
  kind: 'optimize-table',
  title: 'Compact lake.web.events',
  sql: 'OPTIMIZE TABLE lake.web.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
  action: 'Rewrite the files of lake.web.events into 256 MB files.',
  target: { kind: 'dataset', path: 'lake.web.events' },
  findingIds: ['f-small-files'],
  jobIds: ['j1'],
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

const CLOSED: Recommendation = {
  ...OPEN,
  id: recommendationId('optimize-table', { kind: 'dataset', path: 'lake.web.clicks' }),
  title: 'Compact lake.web.clicks',
  target: { kind: 'dataset', path: 'lake.web.clicks' },
  findingIds: ['f-clicks'],
};

const UNUSED: Reflection = {
  reflectionId: 'r-orders-agg',
  name: 'orders_agg',
  type: 'AGGREGATION',
  datasetId: null,
  datasetPath: 'lake.sales.orders',
  enabled: true,
  status: 'CAN_ACCELERATE',
  refreshStatus: null,
  availabilityStatus: null,
  dimensions: ['status'],
  measures: ['amount'],
  displayColumns: [],
  partitionColumns: [],
  currentSizeBytes: 61_000_000_000,
  consideredCount: 0,
  matchedCount: 0,
  chosenCount: 0,
  failureCount: 0,
  lastFailureMessage: null,
  lastRefreshAt: AT,
  lastRefreshDurationMs: 60_000,
  createdAt: AT,
  refreshes: [],
};

async function seed(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, command: 'test' });
  try {
    const { id: clusterId } = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await saveRecommendations(store.db, {
      clusterId,
      recommendations: [OPEN, CLOSED],
      at: AT,
      actor: 'analyze',
    });
    await setRecommendationStatus(store.db, {
      clusterId,
      id: CLOSED.id,
      from: 'pending',
      to: 'closed',
      actor: 'analyze',
      reason: 'its finding resolved: f-clicks',
      at: AT,
    });
    await upsertJobs(store.db, clusterId, [buildJob({ jobId: 'j1' })]);
    await upsertReflections(store.db, clusterId, [UNUSED], { observedAt: AT });
  } finally {
    await store.close();
  }
}

describe('closed recommendations and the reflection ledger on the command line', () => {
  it('hides closed ones from list unless asked, and show prints the closing reason', async () => {
    const cwd = workdir();
    const env = { DATA_DIR: join(cwd, 'data') };
    await seed(env.DATA_DIR);
    const ids = async (args: readonly string[]) => {
      const run = await runCli(['recommendations', 'list', ...args, '--format', 'json'], { env, cwd });
      expect(run.exitCode).toBe(0);
      return (JSON.parse(run.stdout) as { id: string }[]).map((r) => r.id);
    };
    expect(await ids([])).toEqual([OPEN.id]);
    expect(await ids(['--status', 'closed'])).toEqual([CLOSED.id]);
    const table = await runCli(['recommendations', 'list'], { env, cwd });
    expect(table.stdout).not.toContain(CLOSED.id);
    const show = await runCli(['recommendations', 'show', CLOSED.id], { env, cwd });
    expect(show.stdout.split('\n')[2]).toBe(
      'Closed:     2026-11-01 00:00:00 UTC by analyze: its finding resolved: f-clicks',
    );
  });

  it('prints the ledger as a table and as the service JSON', async () => {
    const cwd = workdir();
    const env = { DATA_DIR: join(cwd, 'data') };
    await seed(env.DATA_DIR);
    const json = await runCli(['reflections', 'ledger', '--format', 'json'], { env, cwd });
    expect(json.exitCode).toBe(0);
    const ledger = JSON.parse(json.stdout);
    // No refresh recorded in the window: its last refresh (60 s) at the default one refresh a day.
    expect(ledger.items).toMatchObject([
      {
        reflectionId: 'r-orders-agg',
        verdict: 'drop',
        refreshMsPerDay: 60_000,
        footprintBytes: 61_000_000_000,
      },
    ]);
    const table = await runCli(['reflections', 'ledger'], { env, cwd });
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[1]).toMatch(
      /^VERDICT\s+REFLECTION\s+DATASET\s+REFRESH\/DAY\s+SIZE\s+CHOSEN\s+SAVED\/DAY\s+NET\/DAY$/,
    );
    expect(lines[2]).toMatch(
      /^drop\s+orders_agg\s+lake\.sales\.orders\s+1\.0 min\s+61\.0 GB\s+0\s+unmeasured\s+—$/,
    );
    expect(lines[3]).toContain('no job chose it');
    const bad = await runCli(['reflections', 'ledger', '--verdict', 'maybe'], { env, cwd });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('--verdict');
  });

  it('humanizes sizes and signs', () => {
    expect(formatDecimalBytes(-61_000_000_000)).toBe('-61.0 GB');
    expect(formatDecimalBytes(512)).toBe('512 B');
    expect(
      renderLedgerTable({
        cluster: 'c',
        from: null,
        to: null,
        items: [],
      }),
    ).toBe('no reflections in c');
  });
});
