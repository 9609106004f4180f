import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { call, login, resultsPage, runJob } from './support/sim-client.js';

interface ResultsBody {
  readonly rowCount: number;
  readonly schema: readonly { readonly name: string; readonly type: { readonly name: string } }[];
  readonly rows: readonly Record<string, unknown>[];
}

const FIXTURE = JSON.parse(
  readFileSync(new URL('../../test/fixtures/real/ddc/sys.jobs_recent.json', import.meta.url), 'utf8'),
) as ResultsBody;

const running: RunningSimulator[] = [];
async function start(...args: Parameters<typeof startSimulator>): Promise<RunningSimulator> {
  const sim = await startSimulator(...args);
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

async function jobsRecentPage(sim: RunningSimulator): Promise<ResultsBody> {
  const auth = await login(sim);
  const { id } = await runJob(sim, { auth, sql: 'SELECT * FROM sys.jobs_recent LIMIT 20' });
  return (await resultsPage(sim, { auth, id })).json as ResultsBody;
}

function valueKind(type: string, value: unknown): string {
  if (value === null) return 'null';
  if (type === 'TIMESTAMP')
    return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/.test(String(value)) ? 'ts' : `bad-ts:${value}`;
  if (type === 'BIGINT' || type === 'INTEGER' || type === 'DOUBLE') {
    return typeof value === 'number' || typeof value === 'bigint' ? 'number' : typeof value;
  }
  return typeof value;
}

describe('fidelity to real Dremio files', () => {
  it('serves sys.jobs_recent on 24.3 with exactly the schema of ddc/sys.jobs_recent.json', async () => {
    const page = await jobsRecentPage(await start({ flavor: 'software-24.3', jobs: 300 }));
    expect(page.schema).toEqual(FIXTURE.schema);
    expect(page.rows.length).toBe(20);
    const fixtureKinds = FIXTURE.schema.map((c) => valueKind(c.type.name, FIXTURE.rows[0]![c.name]));
    for (const row of page.rows) {
      expect(Object.keys(row)).toEqual(FIXTURE.schema.map((c) => c.name));
      const kinds = FIXTURE.schema.map((c) => valueKind(c.type.name, row[c.name]));
      expect(kinds).toEqual(fixtureKinds);
    }
  });

  it('adds the 25.1 columns after the 24.3 layout', async () => {
    const page = await jobsRecentPage(await start({ flavor: 'software-25.1', jobs: 300 }));
    expect(page.schema.slice(0, FIXTURE.schema.length)).toEqual(FIXTURE.schema);
    expect(page.schema.slice(FIXTURE.schema.length).map((c) => c.name)).toEqual([
      'is_profile_incomplete',
      'execution_allocated_bytes',
      'execution_cpu_time_millis',
    ]);
  });

  it('answers Cloud history from sys.project.history.jobs under the project prefix', async () => {
    const sim = await start({ flavor: 'cloud', jobs: 300 });
    const auth = `Bearer ${sim.credentials.token}`;
    const prefix = `/v0/projects/${sim.credentials.projectId}`;
    const { id, status } = await runJob(sim, {
      auth,
      prefix,
      sql: 'SELECT job_id, submitted_epoch FROM sys.project.history.jobs LIMIT 3',
    });
    expect(status.jobState).toBe('COMPLETED');
    const page = (await resultsPage(sim, { auth, prefix, id })).json as ResultsBody;
    expect(page.rows).toHaveLength(3);
  });
});

describe('determinism', () => {
  it('gives identical truth and identical profile bytes for the same seed', async () => {
    const a = await start({ seed: 42, jobs: 500 });
    const b = await start({ seed: 42, jobs: 500 });
    const c = await start({ seed: 43, jobs: 500 });
    const truthA = (await call(a, '/__simulator/truth')).text;
    expect((await call(b, '/__simulator/truth')).text).toBe(truthA);
    expect((await call(c, '/__simulator/truth')).text).not.toBe(truthA);
    const [authA, authB] = [await login(a), await login(b)];
    let compared = 0;
    for (let i = 0; i < a.world.jobCount && compared < 5; i += 37) {
      const job = a.world.job(i);
      if (!job.hasProfile) continue;
      const path = `/apiv2/profiles/${job.jobId}.json?attempt=0`;
      const [pa, pb] = [await call(a, path, { auth: authA }), await call(b, path, { auth: authB })];
      expect(pa.status).toBe(200);
      expect(pb.text).toBe(pa.text);
      compared += 1;
    }
    expect(compared).toBe(5);
  });
});
