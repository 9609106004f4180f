import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/cli/collect.js';
import { deploymentFromFacts } from '../../src/dremio/deployment-facts.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioAuth } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import {
  cloudHistoryVisible,
  FLAVORS,
  type Flavor,
  type GroundTruth,
  queueWaitMs,
  type SimJob,
  startSimulator,
} from '../../src/simulator/index.js';
import { collect } from '../../src/sources/collect-service.js';
import type { CollectSettings } from '../../src/sources/live/live-context.js';
import { datasetPathKey } from '../../src/sql/table-path.js';
import {
  countProfiles,
  findCluster,
  getJob,
  listJobIds,
  openStore,
  type Store,
} from '../../src/store/index.js';
import { collectSettings } from '../support/collect-settings.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const JOBS = 450;
const FAULT_SEEDS = [1, 2, 3] as const;
const silent = createLogger({ level: 'silent', format: 'json' });

async function simulator(flavor: Flavor, extra: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ flavor, jobs: JOBS, days: 5, ...extra });
  cleanups.push(() => sim.stop());
  const auth: DremioAuth =
    flavor === 'software-24.3'
      ? { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password }
      : { kind: 'pat', token: sim.credentials.token };
  return { sim, auth, projectId: flavor === 'cloud' ? sim.credentials.projectId : undefined };
}

function clientFor(
  target: Awaited<ReturnType<typeof simulator>>,
  tuning: {
    requestTimeoutMs?: number;
    retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  } = {},
) {
  const client = createDremioClient({
    url: target.sim.url,
    auth: target.auth,
    ...(target.projectId === undefined ? {} : { projectId: target.projectId }),
    tls: { insecure: false },
    ...DEFAULT_CONNECTION_TUNING,
    ...tuning,
  });
  cleanups.push(() => client.close());
  return client;
}

/** The jobs a collector can see: Cloud shows a job only an hour after it ended (fidelity-gaps #9). */
function visibleTruth(
  truth: GroundTruth,
  flavor: Flavor,
  world: { job(i: number): SimJob; jobCount: number },
): string[] {
  const end = new Date(truth.generatedAt).getTime();
  const ids: string[] = [];
  for (let i = 0; i < world.jobCount; i++) {
    const job = world.job(i);
    if (flavor !== 'cloud' || cloudHistoryVisible(job, end)) ids.push(job.jobId);
  }
  return ids.sort();
}

async function storedIds(store: Store): Promise<string[]> {
  const cluster = await findCluster(store.db, 'sim');
  return cluster === undefined ? [] : [...(await listJobIds(store.db, cluster.id))].sort();
}

async function fresh(name: 'pglite' | 'postgres' = 'pglite') {
  const backend = testBackends().find((b) => b.name === name)!;
  const t = await backend.fresh();
  cleanups.push(() => t.dispose());
  return t.store;
}

describe.each(FLAVORS)('collect from the %s simulator [pglite]', (flavor) => {
  it('stores exactly the jobs of the truth, follows the profile policy, and adds nothing the second time', async () => {
    const target = await simulator(flavor);
    const client = clientFor(target);
    const store = await fresh();
    const settings = collectSettings();
    const first = await collect({ store, client, logger: silent }, settings);
    expect(first.status).toBe('succeeded');
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, flavor, target.sim.world));
    expect(first.profiles).toMatchObject({ planned: 40, fetched: 40 });
    expect(first.reflections?.reflections).toBeGreaterThan(0);
    expect(first.datasets?.datasets).toBeGreaterThan(0);

    const second = await collect({ store, client, logger: silent }, settings);
    expect(second.history).toMatchObject({ inserted: 0, updated: 0 });
    expect(second.profiles).toMatchObject({ fetched: 0, alreadyStored: 40 });
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, flavor, target.sim.world));
  });
});

describe.each(['software-24.3', 'software-25.1', 'cloud'] as const)(
  'queue wait collected from the %s simulator [pglite]',
  (flavor) => {
    it("fidelity-gaps #2: stores each job's true queue wait, whatever the edition stamps as engine start", async () => {
      const target = await simulator(flavor);
      const store = await fresh();
      await collect(
        { store, client: clientFor(target), logger: silent },
        collectSettings({ stages: new Set(['history']) }),
      );
      const cluster = await findCluster(store.db, 'sim');
      const ids = visibleTruth(target.sim.truth, flavor, target.sim.world);
      let waited = 0;
      for (const jobId of ids) {
        const simJob = target.sim.world.jobById(jobId)!;
        if (simJob.phases.queryEnqueued === 0) continue;
        const stored = await getJob(store.db, cluster!.id, jobId);
        expect(Number(stored?.queued_ms), jobId).toBe(queueWaitMs(simJob.phases));
        expect(Number(stored?.engine_start_ms ?? 0), jobId).toBe(0);
        if (queueWaitMs(simJob.phases) >= 40) waited++;
      }
      expect(waited).toBeGreaterThan(20);
    });
  },
);

describe.each(FLAVORS.flatMap((flavor) => FAULT_SEEDS.map((seed) => ({ flavor, seed }))))(
  'collect from the $flavor simulator with 30 % of requests failing, seed $seed [pglite]',
  ({ flavor, seed }) => {
    it('succeeds with exactly the jobs of the truth and every planned profile', async () => {
      // A stall outlasts the request timeout, so it is a real timeout the client must survive.
      const target = await simulator(flavor, { jobs: 300, seed, faults: 0.3, stallMs: 1500 });
      // The product's default attempts per request; only the pauses are shortened for the test.
      const client = clientFor(target, {
        requestTimeoutMs: 1000,
        retry: { ...DEFAULT_CONNECTION_TUNING.retry, baseDelayMs: 5, maxDelayMs: 50 },
      });
      const store = await fresh();
      const summary = await collect({ store, client, logger: silent }, collectSettings());
      expect(summary.failedStages).toEqual([]);
      expect(summary.status).toBe('succeeded');
      expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, flavor, target.sim.world));
      const cluster = await findCluster(store.db, 'sim');
      expect(summary.profiles).toMatchObject({ planned: 40, fetched: 40 });
      expect(await countProfiles(store.db, cluster!.id)).toBe(40);
    });
  },
);

describe('collect from the cloud simulator, as Cloud really answers [pglite]', () => {
  it('fidelity-gaps #1, #9: keeps every job once with its object-listed datasets, and nothing not yet visible', async () => {
    const target = await simulator('cloud');
    const store = await fresh();
    const summary = await collect(
      { store, client: clientFor(target), logger: silent },
      collectSettings({ stages: new Set(['history']) }),
    );
    const expected = visibleTruth(target.sim.truth, 'cloud', target.sim.world);
    expect(await storedIds(store)).toEqual(expected);
    // Some rows come twice; the second copy changes nothing.
    expect(summary.history!.rowsRead).toBeGreaterThan(expected.length);
    expect(summary.history!.inserted).toBe(expected.length);
    const cluster = await findCluster(store.db, 'sim');
    let withDatasets = 0;
    for (const jobId of expected.slice(0, 60)) {
      const simJob = target.sim.world.jobById(jobId)!;
      const stored = await getJob(store.db, cluster!.id, jobId);
      // Compared as Dremio compares paths: a reflection id is quoted where a name part starts with a digit.
      expect(stored?.queried_datasets.map(datasetPathKey), jobId).toEqual(
        simJob.queriedDatasets.map(datasetPathKey),
      );
      expect(stored?.scanned_datasets.map(datasetPathKey), jobId).toEqual(
        simJob.scannedDatasets.map(datasetPathKey),
      );
      if (simJob.queriedDatasets.length > 0) withDatasets++;
    }
    expect(withDatasets).toBeGreaterThan(30);
  });
});

describe('collect from a Dremio before 24.3, through the jobs-listing API [pglite]', () => {
  // The simulator's Software flavors all serve /apiv2/jobs-listing; the client is told it talks to
  // 24.2, where sys.jobs_recent does not exist, so history must come from the listing.
  function before243(
    target: Awaited<ReturnType<typeof simulator>>,
    tuning: Parameters<typeof clientFor>[1] = {},
  ) {
    const client = clientFor(target, tuning);
    const deployment = deploymentFromFacts({
      kind: 'software',
      version: '24.2.6-202311250456170399-68acbe47',
      enterprise: false,
      projectId: '',
    });
    return { ...client, deployment: async () => deployment };
  }

  it('stores exactly the jobs of the truth with their phase times, and adds nothing the second time', async () => {
    const target = await simulator('software-24.3');
    const client = before243(target);
    const store = await fresh();
    // Small pages so the listing filter restarts at the last start time many times.
    const settings = collectSettings({ historyPageRows: 120 });
    const first = await collect({ store, client, logger: silent }, settings);
    expect(first.status).toBe('succeeded');
    expect(first.deployment.historyTable).toBe('jobs-listing');
    // Restarting the filter at the last start time must not read the boundary jobs twice.
    expect(first.history!.pages).toBeGreaterThan(5);
    expect(first.history!.rowsRead).toBe(first.history!.inserted + first.history!.ownJobsSkipped);
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-24.3', target.sim.world));
    const cluster = await findCluster(store.db, 'sim');
    const simJob = target.sim.world.job(200);
    const stored = await getJob(store.db, cluster!.id, simJob.jobId);
    expect(stored?.submitted_at.getTime()).toBe(simJob.submittedEpochMs);
    expect(stored?.planning_start_at?.getTime()).toBe(simJob.phases.planningStart);
    expect(stored?.final_state_at?.getTime()).toBe(simJob.phases.finalState);
    expect(stored?.sql_text).toBe(simJob.sql);

    const second = await collect({ store, client, logger: silent }, settings);
    expect(second.history).toMatchObject({ inserted: 0, updated: 0 });
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-24.3', target.sim.world));
  });

  it('loses and duplicates nothing when a fifth of the requests fail', async () => {
    const target = await simulator('software-24.3', { faults: 0.2, stallMs: 1500 });
    const client = before243(target, {
      requestTimeoutMs: 1000,
      retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
    });
    const store = await fresh();
    await collect(
      { store, client, logger: silent },
      collectSettings({ stages: new Set(['history']), historyPageRows: 120 }),
    );
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-24.3', target.sim.world));
  });
});

describe.each(testBackends().filter((b) => b.name === 'postgres'))('collect [$name]', (backend) => {
  it('stores exactly the jobs of the truth', async () => {
    const target = await simulator('software-25.1');
    const store = await fresh(backend.name);
    await collect({ store, client: clientFor(target), logger: silent }, collectSettings());
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-25.1', target.sim.world));
  });
});

describe('collect resilience [pglite]', () => {
  it('a stage that still fails says so on its own summary line, and a rerun completes it', async () => {
    const broken = await simulator('software-25.1', {
      jobs: 300,
      seed: 7,
      faults: 1,
      faultKinds: ['server-error'],
    });
    // The same world served without faults, for the deployment facts now and the rerun later.
    const healthy = await simulator('software-25.1', { jobs: 300, seed: 7 });
    const healthyClient = clientFor(healthy);
    const deployment = await healthyClient.deployment();
    const store = await fresh();
    const settings = collectSettings({ stages: new Set(['history']) });
    const failing = {
      ...clientFor(broken, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }),
      deployment: async () => deployment,
    };
    const first = await collect({ store, client: failing, logger: silent }, settings);
    expect(first.status).toBe('partial');
    expect(first.failedStages).toMatchObject([
      { stage: 'history', reason: expect.stringMatching(/HTTP 50[023]/) },
    ]);
    const historyLine = renderSummary(first)
      .split('\n')
      .find((line) => line.startsWith('history:'));
    expect(historyLine).toMatch(
      /^history: +failed: .*HTTP 50[023].*; the next run continues after the last page stored/,
    );

    const second = await collect({ store, client: healthyClient, logger: silent }, settings);
    expect(second.status).toBe('succeeded');
    expect(await storedIds(store)).toEqual(
      visibleTruth(healthy.sim.truth, 'software-25.1', healthy.sim.world),
    );
  });

  it('renews an expired login token mid-run without losing a page', async () => {
    const target = await simulator('software-24.3', { tokenLifetimeMs: 400 });
    const store = await fresh();
    const summary = await collect(
      { store, client: clientFor(target), logger: silent },
      collectSettings({ historyPageRows: 60 }),
    );
    expect(summary.history!.pages).toBeGreaterThan(3);
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-24.3', target.sim.world));
  });

  it('ends with the data of a clean run after kill -9 in the middle and a rerun', {
    timeout: 240_000,
  }, async () => {
    const target = await simulator('software-25.1');
    const settings: CollectSettings = collectSettings({ profileBudget: 60 });
    const killedDir = mkdtempSync(join(tmpdir(), 'do-killed-'));
    const cleanDir = mkdtempSync(join(tmpdir(), 'do-clean-'));
    cleanups.push(
      () => rmSync(killedDir, { recursive: true, force: true }),
      () => rmSync(cleanDir, { recursive: true, force: true }),
    );

    const sawProfiles = await runChildUntil(
      { url: target.sim.url, dataDir: killedDir, auth: target.auth, profiles: 60 },
      (line) => line.stage === 'profiles' && Number(line.fetched) >= 5,
    );
    expect(sawProfiles).toBe(true);

    const rerunStore = await openStore({ dataDir: killedDir });
    cleanups.push(() => rerunStore.close());
    const rerun = await collect({ store: rerunStore, client: clientFor(target), logger: silent }, settings);
    expect(rerun.resumed).toBe(true);

    const cleanStore = await openStore({ dataDir: cleanDir });
    cleanups.push(() => cleanStore.close());
    await collect({ store: cleanStore, client: clientFor(target), logger: silent }, settings);

    expect(await storedIds(rerunStore)).toEqual(await storedIds(cleanStore));
    expect(await profiledIds(rerunStore)).toEqual(await profiledIds(cleanStore));
    expect(await rowCount(rerunStore, 'reflections')).toBe(await rowCount(cleanStore, 'reflections'));
    expect(await rowCount(rerunStore, 'dataset_files')).toBe(await rowCount(cleanStore, 'dataset_files'));
  });
});

async function profiledIds(store: Store): Promise<string[]> {
  const rows = await store.db.selectFrom('profiles').select('job_id').orderBy('job_id').execute();
  return rows.map((r) => r.job_id);
}

async function rowCount(store: Store, table: 'reflections' | 'dataset_files'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs the collection in a child process and SIGKILLs it once `until` matches a progress line. */
function runChildUntil(args: object, until: (line: Record<string, unknown>) => boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/collect-child.ts', JSON.stringify(args)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buffer = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!killed && until(JSON.parse(line) as Record<string, unknown>)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(killed));
  });
}
