import { afterEach, describe, expect, it } from 'vitest';
import { createDremioClient, DEFAULT_CONNECTION_TUNING, type DremioClient } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { type CollectSummary, collect } from '../../src/sources/collect-service.js';
import type { CollectSettings } from '../../src/sources/live/live-context.js';
import {
  countProfiles,
  findCluster,
  MAX_FAILED_PROFILE_RUNS,
  type Store,
  upsertJobs,
} from '../../src/store/index.js';
import { collectSettings } from '../support/collect-settings.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const silent = createLogger({ level: 'silent', format: 'json' });
const SIM = { flavor: 'software-25.1', jobs: 120, days: 5, seed: 3 } as const;

async function simulatorClient(extra: Parameters<typeof startSimulator>[0] = {}, maxAttempts?: number) {
  const sim = await startSimulator({ ...SIM, ...extra });
  cleanups.push(() => sim.stop());
  const client = createDremioClient({
    url: sim.url,
    auth: { kind: 'pat', token: sim.credentials.token },
    tls: { insecure: false },
    ...DEFAULT_CONNECTION_TUNING,
    ...(maxAttempts === undefined ? {} : { retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 2 } }),
  });
  cleanups.push(() => client.close());
  return client;
}

/** The same client, noting every profile it is asked for (`jobId#attempt`); the fetch itself is real HTTP. */
function recording(client: DremioClient): { client: DremioClient; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    client: {
      ...client,
      fetchProfile: (jobId, attempt, extra) => {
        calls.push(`${jobId}#${attempt}`);
        return client.fetchProfile(jobId, attempt, extra);
      },
    },
  };
}

async function run(
  store: Store,
  client: DremioClient,
  overrides: Partial<CollectSettings>,
): Promise<CollectSummary['profiles'] & {}> {
  const summary = await collect(
    { store, client, logger: silent },
    collectSettings({ stages: new Set(['history', 'profiles']), ...overrides }),
  );
  return summary.profiles!;
}

/** Jobs whose own (last attempt's) profile is stored. */
async function profiledJobs(store: Store): Promise<string[]> {
  const cluster = await findCluster(store.db, 'sim');
  const jobs = await store.db
    .selectFrom('jobs')
    .select(['job_id', 'attempt_count'])
    .where('cluster_id', '=', cluster!.id)
    .execute();
  const own = new Set(jobs.map((j) => `${j.job_id}#${Math.max(1, j.attempt_count ?? 1) - 1}`));
  const rows = await store.db
    .selectFrom('profiles')
    .select(['job_id', 'attempt'])
    .where('cluster_id', '=', cluster!.id)
    .execute();
  return rows
    .filter((r) => own.has(`${r.job_id}#${r.attempt}`))
    .map((r) => r.job_id)
    .sort();
}

describe.each(testBackends())('profile coverage grows run by run [$name]', (backend) => {
  async function fresh(): Promise<Store> {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t.store;
  }

  it('each run fetches the next best profiles not stored yet, never one twice, until none are left', async () => {
    const { client, calls } = recording(await simulatorClient());
    const store = await fresh();
    const idsOf = (from: number) => new Set(calls.slice(from).map((c) => c.split('#')[0]!));

    // A budget of 0 reads history and reports what there is to profile.
    const empty = await run(store, client, { profileBudget: 0 });
    expect(empty).toMatchObject({ planned: 0, fetched: 0 });
    const eligible = empty.coverage.jobsInWindow;
    expect(empty.coverage).toEqual({
      jobsInWindow: eligible,
      jobsWithProfile: 0,
      jobsUnavailable: 0,
      jobsRemaining: eligible,
    });
    // Two full runs and a third with fewer left than the budget.
    const budget = Math.floor(eligible / 2.5);
    expect(budget).toBeGreaterThan(10);

    const first = await run(store, client, { profileBudget: budget });
    const firstIds = idsOf(0);
    expect(first).toMatchObject({
      planned: budget,
      fetched: budget,
      alreadyStored: 0,
      notFound: 0,
      failed: 0,
    });
    expect(firstIds.size).toBe(budget);

    const mark = calls.length;
    const second = await run(store, client, { profileBudget: budget });
    const secondIds = idsOf(mark);
    expect(second).toMatchObject({ planned: budget, fetched: budget, alreadyStored: 0 });
    expect(secondIds.size).toBe(budget);
    expect([...secondIds].filter((id) => firstIds.has(id))).toEqual([]);
    expect(second.coverage).toMatchObject({
      jobsWithProfile: 2 * budget,
      jobsRemaining: eligible - 2 * budget,
    });
    expect(await profiledJobs(store)).toEqual([...firstIds, ...secondIds].sort());
    const cluster = await findCluster(store.db, 'sim');
    expect(await countProfiles(store.db, cluster!.id)).toBe(
      2 * budget + first.earlierAttempts + second.earlierAttempts,
    );

    const third = await run(store, client, { profileBudget: budget });
    const rest = eligible - 2 * budget;
    expect(rest).toBeLessThan(budget);
    expect(third).toMatchObject({ planned: rest, fetched: rest });
    expect(third.coverage).toEqual({
      jobsInWindow: eligible,
      jobsWithProfile: eligible,
      jobsUnavailable: 0,
      jobsRemaining: 0,
    });

    // Nothing left: running again is safe and asks Dremio for nothing.
    const before = calls.length;
    const fourth = await run(store, client, { profileBudget: budget });
    expect(fourth).toMatchObject({ planned: 0, fetched: 0 });
    expect(calls.length).toBe(before);
    expect(new Set(calls).size).toBe(calls.length);
    expect((await profiledJobs(store)).length).toBe(eligible);
  });

  it('two runs with budget n store what one run with budget 2n stores: the ranking does not shift', async () => {
    const client = await simulatorClient();
    const twice = await fresh();
    await run(twice, client, { profileBudget: 15 });
    await run(twice, client, { profileBudget: 15 });
    const once = await fresh();
    await run(once, client, { profileBudget: 30 });
    expect(await profiledJobs(twice)).toEqual(await profiledJobs(once));
    expect((await profiledJobs(once)).length).toBe(30);
  });

  it('a profile Dremio no longer has is asked for once, then left out of later plans', async () => {
    const { client, calls } = recording(await simulatorClient());
    const store = await fresh();
    const empty = await run(store, client, { profileBudget: 0 });
    // A failed job Dremio has since deleted: first in the policy's order, and its profile is gone.
    const cluster = await findCluster(store.db, 'sim');
    const newest = await store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.max('submitted_at').as('at'))
      .executeTakeFirstOrThrow();
    const goneId = '00000000-0000-4000-8000-0000000000ee';
    await upsertJobs(store.db, cluster!.id, [
      buildJob({
        jobId: goneId,
        fingerprint: 'fp-gone',
        state: 'FAILED',
        timestamps: { ...buildJob({ jobId: goneId }).timestamps, submittedAt: new Date(newest.at!) },
      }),
    ]);
    const eligible = empty.coverage.jobsInWindow + 1;
    const failedJobs = await store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('state', '=', 'FAILED')
      .executeTakeFirstOrThrow();
    // Failed jobs come first, so this budget reaches the gone one whatever its place among them.
    const budget = Number(failedJobs.n) + 5;

    const first = await run(store, client, { profileBudget: budget });
    expect(first).toMatchObject({ planned: budget, fetched: budget - 1, notFound: 1 });
    expect(calls.filter((c) => c.startsWith(goneId))).toHaveLength(1);
    expect(first.coverage).toEqual({
      jobsInWindow: eligible,
      jobsWithProfile: budget - 1,
      jobsUnavailable: 1,
      jobsRemaining: eligible - budget,
    });

    const second = await run(store, client, { profileBudget: 10 });
    expect(second).toMatchObject({ planned: 10, fetched: 10, notFound: 0 });
    const all = await run(store, client, { profileBudget: 1000 });
    expect(all.coverage).toMatchObject({
      jobsWithProfile: eligible - 1,
      jobsUnavailable: 1,
      jobsRemaining: 0,
    });
    expect(calls.filter((c) => c.startsWith(goneId))).toHaveLength(1);
    expect(new Set(calls).size).toBe(calls.length);
  });

  it(`a profile that keeps failing is tried in ${MAX_FAILED_PROFILE_RUNS} runs, then left for the others`, async () => {
    const healthy = await simulatorClient();
    const deployment = await healthy.deployment();
    const store = await fresh();
    const empty = await run(store, healthy, { profileBudget: 0 });
    // The same world, every request failing: profile fetches fail, history stays as stored.
    const broken = await simulatorClient({ faults: 1, faultKinds: ['server-error'] }, 1);
    const failing = recording({ ...broken, deployment: async () => deployment });
    const profilesOnly = { stages: new Set(['profiles'] as const), profileBudget: 2 };

    const tried: string[][] = [];
    for (let i = 0; i <= MAX_FAILED_PROFILE_RUNS; i++) {
      const mark = failing.calls.length;
      const counts = await run(store, failing.client, profilesOnly);
      expect(counts).toMatchObject({ planned: 2, fetched: 0, failed: 2 });
      tried.push(failing.calls.slice(mark).sort());
    }
    // The same two jobs in every run up to the bound; then two others.
    for (let i = 1; i < MAX_FAILED_PROFILE_RUNS; i++) expect(tried[i]).toEqual(tried[0]);
    const last = tried[MAX_FAILED_PROFILE_RUNS]!;
    expect(last.filter((c) => tried[0]!.includes(c))).toEqual([]);

    // Dremio answers again: everything but the two given up is fetched, the last two included.
    const all = await run(store, healthy, { profileBudget: 1000 });
    expect(all.fetched).toBe(empty.coverage.jobsInWindow - 2);
    expect(all.coverage).toMatchObject({ jobsUnavailable: 2, jobsRemaining: 0 });
  });
});
