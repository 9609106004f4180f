import { afterEach, describe, expect, it } from 'vitest';
import { collectData } from '../../src/app/collect.js';
import { optimizeJob, optimizeJobOutput } from '../../src/app/optimize-job.js';
import { InvalidInputError, NotFoundError } from '../../src/errors.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { countProfiles, findCluster, getJob } from '../../src/store/index.js';
import { simulatorApp } from '../support/sim-app.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The newest completed workload job the simulator made to spill. */
function spillingJob(sim: RunningSimulator): string {
  for (let i = sim.world.jobCount - 1; i >= 0; i--) {
    const job = sim.world.job(i);
    if (job.labels.includes('spill') && job.finalState === 'COMPLETED') return job.jobId;
  }
  throw new Error('the simulated workload has no spilling job');
}

describe.each(testBackends())('optimize-job service [$name]', (backend) => {
  async function setup() {
    const fresh = await backend.fresh();
    cleanups.push(() => fresh.dispose());
    const app = await simulatorApp(fresh.store, { jobs: 400, days: 6 });
    cleanups.push(() => app.dispose());
    return { store: fresh.store, ...app };
  }

  it('fetches one job and its profile, stores them, and returns the findings on it with what to do', async () => {
    const { store, sim, deps } = await setup();
    // History only: the job's profile is not in the store before the call.
    await collectData(deps, { cluster: 'sim', profiles: 0, only: ['history'] });
    const cluster = (await findCluster(store.db, 'sim'))!;
    expect(await countProfiles(store.db, cluster.id)).toBe(0);
    const jobId = spillingJob(sim);

    const out = await optimizeJob(deps, { jobId, cluster: 'sim' });
    expect(optimizeJobOutput.parse(out)).toEqual(out);
    expect(out.job.jobId).toBe(jobId);
    expect(out.job.state).toBe('COMPLETED');
    expect(out.profile).toEqual({ attempt: 0, fetched: true });
    expect(await countProfiles(store.db, cluster.id)).toBe(1);
    expect(out.findings.map((f) => f.detector)).toContain('spill');
    const spill = out.findings.find((f) => f.detector === 'spill')!;
    for (const r of out.recommendations)
      expect(r.findingIds.some((id) => out.findings.some((f) => f.id === id))).toBe(true);
    expect(spill.jobCount).toBeGreaterThanOrEqual(1);
  });

  it('stores a job Dremio knows even when the store had nothing of its cluster', async () => {
    const { store, sim, deps } = await setup();
    const jobId = spillingJob(sim);
    const out = await optimizeJob(deps, { jobId });
    const cluster = (await findCluster(store.db, out.clusterName))!;
    expect(await getJob(store.db, cluster.id, jobId)).toMatchObject({ job_id: jobId, state: 'COMPLETED' });
    expect(out.findings.map((f) => f.detector)).toContain('spill');
  });

  it('says which field is wrong: an unknown job id, a malformed one', async () => {
    const { deps } = await setup();
    const unknown = await optimizeJob(deps, { jobId: '1f2e3d4c-0000-0000-0000-000000000000' }).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toMatchObject({ entity: 'job', field: 'jobId' });
    const malformed = await optimizeJob(deps, { jobId: "x' OR '1'='1" }).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(InvalidInputError);
    expect((malformed as InvalidInputError).problems.map((p) => p.field)).toEqual(['jobId']);
  });
});
