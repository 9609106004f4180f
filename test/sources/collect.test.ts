import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/cli/collect.js';
import { datasetPathKey } from '../../src/domain/dataset-path.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioAuth } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import {
  cloudHistoryVisible,
  FLAVOR_SPECS,
  FLAVORS,
  type Flavor,
  type GroundTruth,
  manualClock,
  queueWaitMs,
  type SimJob,
  startSimulator,
} from '../../src/simulator/index.js';
import { collect } from '../../src/sources/collect-service.js';
import type { CollectSettings } from '../../src/sources/live/live-context.js';
import { UNFINISHED_REREAD_BOUND_MS } from '../../src/sources/live/unfinished-jobs.js';
import {
  countProfiles,
  findCluster,
  getJob,
  listJobIds,
  NEVER_SEEN_ENDING,
  openStore,
  type Store,
  TERMINAL_JOB_STATES,
  upsertJobs,
} from '../../src/store/index.js';
import { collectSettings } from '../support/collect-settings.js';
import { buildJob } from '../support/job-builder.js';
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
  const auth: DremioAuth = !FLAVOR_SPECS[flavor].enterprise
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

/** Each stored job says what the simulator's truth says: state, queue and its wait, attempts, datasets. */
async function expectJobsAsTruth(
  store: Store,
  world: { jobById(id: string): SimJob | undefined },
  ids: readonly string[],
): Promise<void> {
  const cluster = await findCluster(store.db, 'sim');
  for (const jobId of ids) {
    const job = world.jobById(jobId)!;
    const stored = await getJob(store.db, cluster!.id, jobId);
    expect(stored?.state, jobId).toBe(job.finalState);
    expect(stored?.attempt_count, jobId).toBe(job.attemptCount);
    expect(stored?.queue_name ?? '', jobId).toBe(job.queueName);
    if (job.phases.queryEnqueued > 0) expect(Number(stored?.queued_ms), jobId).toBe(queueWaitMs(job.phases));
    expect(Number(stored?.duration_ms), jobId).toBe(job.phases.finalState - job.submittedEpochMs);
    expect(stored?.queried_datasets.map(datasetPathKey), jobId).toEqual(
      job.queriedDatasets.map(datasetPathKey),
    );
  }
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
  it('stores exactly the jobs of the truth, follows the profile policy, and the second time adds no jobs but the next profiles', async () => {
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
    // The budget goes to the best jobs without a profile yet, so coverage grows run by run.
    expect(second.profiles).toMatchObject({ planned: 40, fetched: 40, alreadyStored: 0 });
    expect(second.profiles?.coverage.jobsWithProfile).toBe(80);
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
      await expectJobsAsTruth(
        store,
        target.sim.world,
        visibleTruth(target.sim.truth, flavor, target.sim.world),
      );
      // Earlier attempts of re-attempted jobs are kept beside the 40 planned profiles.
      expect(await countProfiles(store.db, cluster!.id)).toBe(40 + summary.profiles!.earlierAttempts);
    });
  },
);

describe.each(['software-25.1', 'cloud'] as const)(
  're-attempted jobs from the %s simulator [pglite]',
  (flavor) => {
    it('fidelity-gaps #6: analyses the last attempt and keeps the earlier ones with why they failed', async () => {
      const target = await simulator(flavor);
      const store = await fresh();
      const summary = await collect(
        { store, client: clientFor(target), logger: silent },
        collectSettings({ stages: new Set(['history', 'profiles']), profileBudget: 1000 }),
      );
      const cluster = await findCluster(store.db, 'sim');
      const visible = new Set(visibleTruth(target.sim.truth, flavor, target.sim.world));
      const reattempted = Array.from({ length: target.sim.world.jobCount }, (_, i) =>
        target.sim.world.job(i),
      ).filter((j) => j.attemptCount > 1 && visible.has(j.jobId));
      expect(reattempted.length).toBeGreaterThan(0);
      const earlier = reattempted.reduce((sum, j) => sum + j.attemptCount - 1, 0);
      expect(summary.profiles!.earlierAttempts).toBe(earlier);
      for (const job of reattempted) {
        const stored = await getJob(store.db, cluster!.id, job.jobId);
        expect(stored?.attempt_count).toBe(job.attemptCount);
        const rows = await store.db
          .selectFrom('profiles')
          .select(['attempt', 'summary'])
          .where('cluster_id', '=', cluster!.id)
          .where('job_id', '=', job.jobId)
          .orderBy('attempt')
          .execute();
        expect(rows.map((r) => r.attempt)).toEqual(Array.from({ length: job.attemptCount }, (_, i) => i));
        const profiles = rows.map((r) => r.summary as unknown as ProfileSummary);
        // The last attempt is the one history describes: same start, same end, and it completed.
        const last = profiles.at(-1)!;
        expect(last.state).toBe('COMPLETED');
        expect(last.startEpochMs).toBe(job.phases.attemptStarted);
        expect(last.endEpochMs).toBe(job.phases.finalState);
        for (const early of profiles.slice(0, -1)) {
          expect(early.state).toBe('FAILED');
          expect(early.error?.message).toMatch(/^(SCHEMA_CHANGE|OUT_OF_MEMORY) ERROR/);
          expect(early.endEpochMs).toBeLessThan(last.startEpochMs);
        }
      }
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

describe('collect from software-24.2, through the jobs-listing API [pglite]', () => {
  it('stores exactly the jobs of the truth with their phase times, and adds nothing the second time', async () => {
    const target = await simulator('software-24.2');
    const client = clientFor(target);
    const store = await fresh();
    // Small pages so the listing filter restarts at the last start time many times.
    const settings = collectSettings({ historyPageRows: 120 });
    const first = await collect({ store, client, logger: silent }, settings);
    expect(first.status).toBe('succeeded');
    expect(first.deployment.historyTable).toBe('jobs-listing');
    // Restarting the filter at the last start time must not read the boundary jobs twice.
    expect(first.history!.pages).toBeGreaterThan(5);
    expect(first.history!.rowsRead).toBe(first.history!.inserted + first.history!.ownJobsSkipped);
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-24.2', target.sim.world));
    const cluster = await findCluster(store.db, 'sim');
    const simJob = target.sim.world.job(200);
    const stored = await getJob(store.db, cluster!.id, simJob.jobId);
    expect(stored?.submitted_at.getTime()).toBe(simJob.submittedEpochMs);
    expect(stored?.planning_start_at?.getTime()).toBe(simJob.phases.planningStart);
    expect(stored?.final_state_at?.getTime()).toBe(simJob.phases.finalState);
    expect(stored?.sql_text).toBe(simJob.sql);

    const second = await collect({ store, client, logger: silent }, settings);
    expect(second.history).toMatchObject({ inserted: 0, updated: 0 });
    expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, 'software-24.2', target.sim.world));
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

/** A job still running at the instant another job submitted after it has already ended. */
function overtakenJob(world: { job(i: number): SimJob; jobCount: number }): { job: SimJob; atMs: number } {
  for (let i = 0; i + 1 < world.jobCount; i++) {
    const job = world.job(i);
    const next = world.job(i + 1);
    if (next.phases.finalState < job.phases.finalState)
      return { job, atMs: Math.floor((next.phases.finalState + job.phases.finalState) / 2) };
  }
  throw new Error('no job in this world is overtaken by the next one');
}

describe.each(['software-25.1', 'software-24.2'] as const)(
  'collect while jobs run, from %s [pglite]',
  (flavor) => {
    it('fidelity-gaps #3: a job stored while running is read again until it ends, then matches the truth', async () => {
      const clock = manualClock(0);
      const target = await simulator(flavor, { jobs: 600, days: 1, clock });
      const { world } = target.sim;
      const { job: running, atMs } = overtakenJob(world);
      clock.set(atMs);
      const store = await fresh();
      const client = clientFor(target);
      // No overlap: only the re-read of unfinished jobs can bring this one up to date.
      const settings = collectSettings({ stages: new Set(['history']), overlapMs: 0 });
      const first = await collect({ store, client, logger: silent }, settings);
      expect(first.status).toBe('succeeded');
      const cluster = await findCluster(store.db, 'sim');
      const whileRunning = await getJob(store.db, cluster!.id, running.jobId);
      expect(whileRunning?.state).toBeTruthy();
      expect(TERMINAL_JOB_STATES).not.toContain(whileRunning?.state);
      expect(whileRunning?.final_state_at).toBeNull();
      expect(whileRunning?.duration_ms).toBeNull();
      expect(first.history?.stillRunning).toBeGreaterThan(0);

      clock.set(world.options.endAt.getTime() + 3_600_000);
      const second = await collect({ store, client, logger: silent }, settings);
      expect(second.status).toBe('succeeded');
      const ended = await getJob(store.db, cluster!.id, running.jobId);
      expect(ended?.state).toBe(running.finalState);
      expect(ended?.final_state_at?.getTime()).toBe(running.phases.finalState);
      expect(second.history?.stillRunning).toBe(0);
      expect(await storedIds(store)).toEqual(visibleTruth(target.sim.truth, flavor, world));
    });
  },
);

describe('unfinished jobs past the re-read bound [pglite]', () => {
  it('fidelity-gaps #3: a job unfinished for longer than the bound is marked NEVER_SEEN_ENDING; a younger one is kept for the next run', async () => {
    const target = await simulator('software-25.1', { jobs: 300 });
    const store = await fresh();
    const client = clientFor(target);
    const settings = collectSettings({ stages: new Set(['history']) });
    await collect({ store, client, logger: silent }, settings);
    const cluster = await findCluster(store.db, 'sim');
    const endMs = target.sim.world.options.endAt.getTime();
    // Jobs Dremio no longer lists: stored while running, never seen again.
    const unfinished = (jobId: string, ageMs: number) => {
      const submittedAt = new Date(endMs - ageMs);
      const base = buildJob({ jobId, source: 'live' });
      return buildJob({
        ...base,
        state: 'RUNNING',
        durationMs: null,
        timestamps: { ...base.timestamps, submittedAt, finalStateAt: null },
      });
    };
    await upsertJobs(store.db, cluster!.id, [
      unfinished('00000000-0000-4000-8000-00000000000a', UNFINISHED_REREAD_BOUND_MS + 86_400_000),
      unfinished('00000000-0000-4000-8000-00000000000b', 86_400_000),
    ]);
    const second = await collect({ store, client, logger: silent }, settings);
    expect(second.status).toBe('succeeded');
    expect(second.history).toMatchObject({ neverSeenEnding: 1, stillRunning: 1 });
    expect(renderSummary(second)).toContain(
      '1 still running, read again next run; 1 never seen ending, marked NEVER_SEEN_ENDING',
    );
    expect((await getJob(store.db, cluster!.id, '00000000-0000-4000-8000-00000000000a'))?.state).toBe(
      NEVER_SEEN_ENDING,
    );
    expect((await getJob(store.db, cluster!.id, '00000000-0000-4000-8000-00000000000b'))?.state).toBe(
      'RUNNING',
    );
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
