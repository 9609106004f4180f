import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioConnection, listJobsPage } from '../../src/dremio/index.js';
import { optionsFor, type RunningSimulator, startSim } from './sim-client.js';

describe('the /apiv2/jobs-listing fallback against the software-24.3 simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSim({ flavor: 'software-24.3', jobs: 700, seed: 13 });
  });
  afterAll(() => sim.stop());

  it('pages through every planted job in start order, with typed entries', async () => {
    const connection = createDremioConnection(optionsFor(sim));
    const endAtMs = sim.world.options.endAt.getTime();
    const jobs = [];
    let offset = 0;
    for (;;) {
      const page = await listJobsPage(connection, { offset, limit: 300, filter: `(st=le=${endAtMs})` });
      jobs.push(...page.jobs);
      offset += page.jobs.length;
      if (!page.hasMore) break;
    }
    connection.close();
    expect(jobs.map((j) => j.jobId).sort()).toEqual(sim.truth.jobs.map((j) => j.jobId).sort());
    const starts = jobs.map((j) => j.startTimeMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const first = jobs[0];
    const planted = sim.world.jobById(String(first?.jobId));
    expect(first).toMatchObject({
      state: planted?.finalState,
      userName: planted?.user,
      sql: planted?.sql,
      startTimeMs: planted?.submittedEpochMs,
      rowsScanned: Number(planted?.rowsScanned),
    });
  });
});
