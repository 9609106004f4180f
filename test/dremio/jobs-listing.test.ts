import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioConnection, listJobsPage } from '../../src/dremio/index.js';
import { optionsFor, type RunningSimulator, startSim } from './sim-client.js';

describe('the /apiv2/jobs-listing fallback against the software-24.2 simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSim({ flavor: 'software-24.2', jobs: 700, seed: 13 });
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

  type RawItem = Record<string, unknown> & { durationDetails?: Record<string, unknown>[] };
  async function rawPage(
    query: Record<string, string | number>,
  ): Promise<{ jobs: RawItem[]; next?: string }> {
    const connection = createDremioConnection(optionsFor(sim));
    try {
      return (await connection.getJson('/apiv2/jobs-listing/v1.0', { query })) as {
        jobs: RawItem[];
        next?: string;
      };
    } finally {
      connection.close();
    }
  }

  it('fidelity-gaps (smaller, jobs listing): next is sent whenever a page is full, even when nothing follows', async () => {
    const endAtMs = sim.world.options.endAt.getTime();
    const all = await rawPage({
      offset: 0,
      limit: 5000,
      sort: 'st',
      order: 'ASCENDING',
      filter: `(st=le=${endAtMs})`,
    });
    const total = all.jobs.length;
    const full = await rawPage({
      offset: 0,
      limit: total,
      sort: 'st',
      order: 'ASCENDING',
      filter: `(st=le=${endAtMs})`,
    });
    expect(full.jobs).toHaveLength(total);
    expect(full.next).toBeDefined();
    const after = await rawPage({
      offset: total,
      limit: total,
      sort: 'st',
      order: 'ASCENDING',
      filter: `(st=le=${endAtMs})`,
    });
    expect(after.jobs).toEqual([]);
    expect(after.next).toBeUndefined();
  });

  it('fidelity-gaps (smaller, jobs listing): no cap on limit', async () => {
    const page = await rawPage({ offset: 0, limit: 650, sort: 'st', order: 'ASCENDING' });
    expect(page.jobs).toHaveLength(650);
  });

  it('fidelity-gaps (smaller, jobs listing): sorts by any indexed key, e.g. duration', async () => {
    const page = await rawPage({ offset: 0, limit: 50, sort: 'dur', order: 'DESCENDING' });
    const durations = page.jobs.map((j) => Number(j.duration));
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    expect(durations[0]).toBe(
      Math.max(
        ...sim.truth.jobs.map((j) => {
          const job = sim.world.jobById(j.jobId)!;
          return job.phases.finalState - job.submittedEpochMs;
        }),
      ),
    );
  });

  it('fidelity-gaps (smaller, jobs listing): numeric phaseID, a STARTING phase, empty engine and subEngine omitted', async () => {
    const page = await rawPage({ offset: 0, limit: 100, sort: 'st', order: 'ASCENDING' });
    const finished = page.jobs.find((j) => j.state === 'COMPLETED')!;
    const phases = finished.durationDetails ?? [];
    expect(phases.every((p) => typeof p.phaseID === 'number')).toBe(true);
    expect(phases.map((p) => p.phaseName)).toContain('STARTING');
    // An OSS cluster has no engines: the keys are absent, not empty strings.
    for (const job of page.jobs) {
      expect(job).not.toHaveProperty('engine');
      expect(job).not.toHaveProperty('subEngine');
    }
  });

  it('fidelity-gaps (smaller, jobs listing): a view a job queried is a VIRTUAL_DATASET', async () => {
    const page = await rawPage({ offset: 0, limit: 700, sort: 'st', order: 'ASCENDING' });
    const types = new Map<string, string>();
    for (const job of page.jobs)
      for (const d of (job.queriedDatasets ?? []) as { datasetPath: string; datasetType: string }[])
        types.set(d.datasetPath, d.datasetType);
    const views = [...types].filter(
      ([path]) => sim.world.catalogByPath(path.split('.'))?.type === 'VIRTUAL_DATASET',
    );
    expect(views.length).toBeGreaterThan(0);
    expect(views.every(([, type]) => type === 'VIRTUAL_DATASET')).toBe(true);
    expect([...types.values()]).toContain('PHYSICAL_DATASET');
  });
});
