import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { launch } from './support/launch.js';
import { call, login, resultsPage, runJob } from './support/sim-client.js';

let sim: RunningSimulator;
let auth: string;
beforeAll(async () => {
  sim = await launch({ flavor: 'software-25.1', jobs: 300 });
  auth = await login(sim);
});
afterAll(async () => {
  await sim.stop();
});

describe('REST jobs', () => {
  it('moves a job PLANNING → RUNNING → COMPLETED over polls, with every JobStatus field', async () => {
    const outcome = await runJob(sim, {
      auth,
      sql: '/* dremio-optimizer */ SELECT job_id FROM sys.jobs_recent LIMIT 5',
    });
    expect(outcome.states).toEqual(['PLANNING', 'RUNNING', 'COMPLETED']);
    expect(outcome.status).toMatchObject({
      jobState: 'COMPLETED',
      rowCount: 5,
      errorMessage: '',
      queryType: expect.any(String),
      startedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      endedAt: expect.stringMatching(/Z$/),
      queueName: expect.any(String),
      queueId: expect.any(String),
    });
  });

  it('refuses results with 400 until the job is COMPLETED', async () => {
    const submitted = await call(sim, '/api/v3/sql', {
      method: 'POST',
      auth,
      body: { sql: 'SELECT * FROM sys.jobs_recent' },
    });
    const id = (submitted.json as { id: string }).id;
    const early = await resultsPage(sim, { auth, id });
    expect(early.status).toBe(400);
    expect((early.json as { errorMessage: string }).errorMessage).toContain('PLANNING');
  });

  it('pages results: default limit 100, max 500, 400 above, offsets past the end are empty', async () => {
    const { id } = await runJob(sim, {
      auth,
      sql: 'SELECT job_id, submitted_epoch_millis FROM sys.jobs_recent',
    });
    const first = await resultsPage(sim, { auth, id });
    const body = first.json as { rowCount: number; rows: { job_id: string }[]; schema: unknown[] };
    expect(body.rowCount).toBeGreaterThanOrEqual(300);
    expect(body.rows).toHaveLength(100);
    expect(body.schema).toEqual([
      { name: 'job_id', type: { name: 'VARCHAR' } },
      { name: 'submitted_epoch_millis', type: { name: 'BIGINT' } },
    ]);
    const max = await resultsPage(sim, { auth, id, offset: 250, limit: 500 });
    const maxRows = (max.json as { rows: { job_id: string }[] }).rows;
    expect(maxRows).toHaveLength(body.rowCount - 250);
    const again = await resultsPage(sim, { auth, id, offset: 250, limit: 1 });
    expect((again.json as { rows: { job_id: string }[] }).rows[0]).toEqual(maxRows[0]);
    const over = await resultsPage(sim, { auth, id, limit: 501 });
    expect(over.status).toBe(400);
    expect((over.json as { errorMessage: string }).errorMessage).toContain('500');
    const past = await resultsPage(sim, { auth, id, offset: 1_000_000, limit: 10 });
    expect(past.json).toMatchObject({ rowCount: body.rowCount, rows: [] });
    expect((await resultsPage(sim, { auth, id, offset: -1 })).status).toBe(400);
  });

  it('filters, orders and limits system-table rows', async () => {
    const failed = Array.from({ length: sim.world.jobCount }, (_, i) => sim.world.job(i)).filter(
      (job) => job.finalState === 'FAILED',
    );
    const user = failed[0]!.user;
    const expected = failed
      .filter((job) => job.user === user)
      .sort((a, b) => b.submittedEpochMs - a.submittedEpochMs || b.jobId.localeCompare(a.jobId))
      .slice(0, 3)
      .map((job) => job.jobId);
    const sql = `SELECT job_id, status FROM sys.jobs_recent WHERE status = 'FAILED' AND user_name IN ('${user}')
                 ORDER BY submitted_epoch_millis DESC, job_id DESC LIMIT 3`;
    const { id } = await runJob(sim, { auth, sql });
    const rows = (
      (await resultsPage(sim, { auth, id })).json as { rows: { job_id: string; status: string }[] }
    ).rows;
    expect(rows.map((row) => row.job_id)).toEqual(expected);
    expect(rows.every((row) => row.status === 'FAILED')).toBe(true);
  });

  const failures = [
    {
      name: 'unknown column',
      sql: 'SELECT foo FROM sys.jobs_recent',
      message: "VALIDATION ERROR: Column 'foo' not found in any table",
    },
    {
      name: 'unknown table',
      sql: 'SELECT * FROM sys.bar',
      message: "VALIDATION ERROR: Object 'bar' not found within 'sys'",
    },
  ] as const;
  for (const { name, sql, message } of failures) {
    it(`fails the job for an ${name} with Dremio's message`, async () => {
      const outcome = await runJob(sim, { auth, sql });
      expect(outcome.status).toMatchObject({ jobState: 'FAILED', errorMessage: message, rowCount: 0 });
      expect((await resultsPage(sim, { auth, id: outcome.id })).status).toBe(400);
    });
  }

  it('resolves names against the body context, as Dremio does', async () => {
    const submitted = await call(sim, '/api/v3/sql', {
      method: 'POST',
      auth,
      body: { sql: 'SELECT job_id FROM jobs_recent LIMIT 2', context: ['sys'] },
    });
    const id = (submitted.json as { id: string }).id;
    let status: Record<string, unknown> = {};
    for (let poll = 0; poll < 5; poll++)
      status = (await call(sim, `/api/v3/job/${id}`, { auth })).json as Record<string, unknown>;
    expect(status).toMatchObject({ jobState: 'COMPLETED', rowCount: 2 });
  });

  it('records system-table queries in job history like any REST job', async () => {
    const { id } = await runJob(sim, {
      auth,
      sql: '/* dremio-optimizer */ SELECT job_id FROM sys.jobs_recent LIMIT 1',
    });
    const { id: lookup } = await runJob(sim, {
      auth,
      sql: `SELECT job_id, query FROM sys.jobs_recent WHERE job_id = '${id}'`,
    });
    const rows = ((await resultsPage(sim, { auth, id: lookup })).json as { rows: { query: string }[] }).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.query).toContain('dremio-optimizer');
  });

  it('hands other SQL to the world and serves its result', async () => {
    const workload = Array.from({ length: 50 }, (_, i) => sim.world.job(i)).find(
      (job) => job.finalState === 'COMPLETED' && job.queryType !== 'REST' && job.template !== 'api',
    )!;
    const { id, status } = await runJob(sim, { auth, sql: workload.sql });
    expect(status.jobState).toBe('COMPLETED');
    const page = (await resultsPage(sim, { auth, id })).json as { rowCount: number; rows: unknown[] };
    expect(page.rowCount).toBeGreaterThanOrEqual(0);
    expect(page.rows.length).toBe(Math.min(100, page.rowCount));
  });

  it('answers historical jobs from the world in their final state', async () => {
    const job = sim.world.job(0);
    const answer = await call(sim, `/api/v3/job/${job.jobId}`, { auth });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ jobState: job.finalState, queryType: job.queryType });
  });

  it('fidelity-gaps status codes: cancels a running job (204) and answers 404 for a finished one', async () => {
    const submitted = await call(sim, '/api/v3/sql', {
      method: 'POST',
      auth,
      body: { sql: 'SELECT * FROM sys.jobs_recent' },
    });
    const id = (submitted.json as { id: string }).id;
    expect((await call(sim, `/api/v3/job/${id}/cancel`, { method: 'POST', auth })).status).toBe(204);
    const status = (await call(sim, `/api/v3/job/${id}`, { auth })).json;
    expect(status).toMatchObject({
      jobState: 'CANCELED',
      cancellationReason: expect.stringContaining('dremio'),
    });
    expect((await call(sim, `/api/v3/job/${id}/cancel`, { method: 'POST', auth })).status).toBe(404);
    const historical = sim.world.job(0).jobId;
    expect((await call(sim, `/api/v3/job/${historical}/cancel`, { method: 'POST', auth })).status).toBe(404);
  });

  const badRequests = [
    { name: 'unknown job', path: '/api/v3/job/not-a-job', method: 'GET', body: undefined, status: 404 },
    { name: 'empty sql', path: '/api/v3/sql', method: 'POST', body: { sql: '  ' }, status: 400 },
    { name: 'sql not a string', path: '/api/v3/sql', method: 'POST', body: { sql: 5 }, status: 400 },
    { name: 'unknown path', path: '/api/v3/nothing-here', method: 'GET', body: undefined, status: 404 },
  ] as const;
  for (const { name, path, method, body, status } of badRequests) {
    it(`answers ${status} with errorMessage for ${name}`, async () => {
      const answer = await call(sim, path, { method, auth, ...(body === undefined ? {} : { body }) });
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({ errorMessage: expect.any(String) });
    });
  }

  it('answers malformed JSON with 400 instead of crashing', async () => {
    const response = await fetch(`${sim.url}/api/v3/sql`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: '{"sql": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorMessage: expect.stringContaining('Malformed JSON') });
  });
});
