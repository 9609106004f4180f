import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { launch } from './support/launch.js';
import { call, login, runJob } from './support/sim-client.js';

let sim: RunningSimulator;
let auth: string;
beforeAll(async () => {
  sim = await launch({ flavor: 'software-25.1', jobs: 400 });
  auth = await login(sim);
});
afterAll(async () => {
  await sim.stop();
});

async function failure(sql: string): Promise<{ state: string; message: string }> {
  const { status } = await runJob(sim, { auth, sql });
  return { state: String(status.jobState), message: String(status.errorMessage) };
}

describe('fidelity-gaps #7: the simulator rejects what Dremio rejects', () => {
  it('fidelity-gaps #7: SELEC 1 is accepted with a job id and then ends FAILED with PARSE ERROR', async () => {
    const submitted = await call(sim, '/api/v3/sql', { method: 'POST', auth, body: { sql: 'SELEC 1' } });
    expect(submitted.status).toBe(200);
    expect((submitted.json as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await failure('SELEC 1')).toEqual({
      state: 'FAILED',
      message: 'PARSE ERROR: Failure parsing the query.',
    });
  });

  it('fidelity-gaps #7: a query that breaks off, on a workload or a system table, is a PARSE ERROR', async () => {
    for (const sql of [
      'SELECT order_id FROM lakehouse.sales.orders WHERE',
      'SELECT job_id FROM sys.jobs_recent WHERE status = ',
    ])
      expect(await failure(sql), sql).toEqual({
        state: 'FAILED',
        message: 'PARSE ERROR: Failure parsing the query.',
      });
  });

  it('fidelity-gaps #7: an unknown column fails with VALIDATION ERROR, qualified or not', async () => {
    expect(await failure('SELECT no_such_column FROM lakehouse.sales.orders')).toEqual({
      state: 'FAILED',
      message: "VALIDATION ERROR: Column 'no_such_column' not found in any table",
    });
    expect(await failure('SELECT o.region FROM lakehouse.sales.orders o WHERE o.nope = 1')).toEqual({
      state: 'FAILED',
      message: "VALIDATION ERROR: Column 'nope' not found in table 'o'",
    });
  });

  it('fidelity-gaps #7: an unknown table fails with Object not found', async () => {
    expect(await failure('SELECT 1 FROM lakehouse.sales.nope')).toEqual({
      state: 'FAILED',
      message: "VALIDATION ERROR: Object 'nope' not found within 'lakehouse.sales'",
    });
  });

  it('fidelity-gaps #7: the SQL of every workload template still completes', async () => {
    const templates = sim.truth.templates.filter((t) => t.jobIds.length > 0);
    expect(templates.length).toBeGreaterThan(5);
    for (const template of templates) {
      const job = sim.world.jobById(template.jobIds[0]!)!;
      if (job.finalState !== 'COMPLETED') continue;
      const outcome = await failure(job.sql);
      expect(outcome, `${template.template}: ${job.sql}`).toEqual({ state: 'COMPLETED', message: '' });
    }
  });
});
