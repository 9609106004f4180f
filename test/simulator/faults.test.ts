import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultKind } from '../../src/simulator/faults/fault-kind.js';
import { createFaultPlan } from '../../src/simulator/faults/fault-plan.js';
import { QUERY_REJECTED_MESSAGE } from '../../src/simulator/faults/query-rejection.js';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { launch } from './support/launch.js';
import { call, login, runJob } from './support/sim-client.js';

const running: RunningSimulator[] = [];
async function withFault(kind: FaultKind, extra: { stallMs?: number } = {}): Promise<RunningSimulator> {
  const sim = await launch({ faults: 1, faultKinds: [kind], ...extra });
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

const PAT = (sim: RunningSimulator) => `Bearer ${sim.credentials.token}`;

describe('fault injection', () => {
  it('rate-limit on Cloud answers 429 without promising a Retry-After', async () => {
    const sim = await launch({ flavor: 'cloud', faults: 1, faultKinds: ['rate-limit'] });
    running.push(sim);
    const answer = await call(sim, `/v0/projects/${sim.credentials.projectId}/catalog`, { auth: PAT(sim) });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it('Software never answers 429: overload fails the submitted job with QUERY_REJECTED', async () => {
    const sim = await launch({ faults: 1, faultKinds: ['rate-limit'], pollsBeforeFinal: 0 });
    running.push(sim);
    const auth = PAT(sim);
    expect((await call(sim, '/api/v3/catalog', { auth })).status).toBe(200);
    const submitted = await call(sim, '/api/v3/sql', {
      method: 'POST',
      auth,
      body: { sql: 'SELECT job_id FROM sys.jobs_recent LIMIT 2' },
    });
    expect(submitted.status).toBe(200);
    const id = (submitted.json as { id: string }).id;
    const job = await call(sim, `/api/v3/job/${id}`, { auth });
    expect(job.json).toMatchObject({ jobState: 'FAILED', errorMessage: QUERY_REJECTED_MESSAGE });
    expect(String(QUERY_REJECTED_MESSAGE)).toContain('QUERY_REJECTED');
  });

  it('server-error answers 500, 502 or 503, and over many requests all three', async () => {
    const sim = await withFault('server-error');
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++)
      statuses.add((await call(sim, '/api/v3/catalog', { auth: PAT(sim) })).status);
    expect([...statuses].sort()).toEqual([500, 502, 503]);
  });

  it('reset destroys the connection', async () => {
    const sim = await withFault('reset');
    await expect(call(sim, '/api/v3/catalog', { auth: PAT(sim) })).rejects.toThrow();
  });

  it('stall holds the response past the client timeout', async () => {
    const sim = await withFault('stall', { stallMs: 5_000 });
    const started = Date.now();
    await expect(
      fetch(`${sim.url}/api/v3/catalog`, {
        headers: { authorization: PAT(sim) },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stall still answers once stallMs has passed', async () => {
    const sim = await withFault('stall', { stallMs: 100 });
    expect((await call(sim, '/api/v3/catalog', { auth: PAT(sim) })).status).toBe(200);
  });

  it('truncated sends half a body: a premature close or invalid JSON', async () => {
    const sim = await withFault('truncated');
    const outcomes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      try {
        const answer = await call(sim, '/api/v3/catalog', { auth: PAT(sim) });
        expect(answer.json).toBeUndefined();
        expect(answer.text.length).toBeGreaterThan(0);
        outcomes.add('short-body');
      } catch {
        outcomes.add('premature-close');
      }
    }
    expect([...outcomes].sort()).toEqual(['premature-close', 'short-body']);
  });

  it('expired-token answers 401 and ends the session, so the client must log in again', async () => {
    const sim = await launch({ faults: 0.5, faultKinds: ['expired-token'], seed: 11 });
    running.push(sim);
    // The server draws from the same seeded plan, so the test knows which requests fault.
    const plan = createFaultPlan({ rate: 0.5, kinds: ['expired-token'], seed: 11 });
    const faulted = Array.from({ length: 40 }, () => plan.next() !== undefined);
    const firstFault = faulted.indexOf(true, 1);
    const cleanAfter = faulted.indexOf(false, firstFault);
    const auth = await login(sim);
    const statuses: number[] = [];
    for (let i = 1; i <= cleanAfter; i++)
      statuses.push((await call(sim, '/api/v3/catalog', { auth })).status);
    expect(statuses.slice(0, firstFault - 1).every((s) => s === 200)).toBe(true);
    expect(statuses[firstFault - 1]).toBe(401);
    expect(statuses[cleanAfter - 1]).toBe(401);
  });

  it('never applies faults to /__simulator/*', async () => {
    for (const kind of FAULT_KINDS) {
      const sim = await withFault(kind, { stallMs: 10_000 });
      const answer = await call(sim, '/__simulator/truth');
      expect(answer.status, kind).toBe(200);
      expect(answer.json).toMatchObject({ seed: 1 });
    }
  });

  it('does not lose a submitted job when its polls fail', async () => {
    const sim = await launch({ faults: 0.5, faultKinds: ['server-error', 'rate-limit'], seed: 7 });
    running.push(sim);
    const auth = PAT(sim);
    let id: string | undefined;
    for (let attempt = 0; id === undefined && attempt < 50; attempt++) {
      const answer = await call(sim, '/api/v3/sql', {
        method: 'POST',
        auth,
        body: { sql: 'SELECT job_id FROM sys.jobs_recent LIMIT 2' },
      });
      if (answer.status === 200) id = (answer.json as { id: string }).id;
    }
    const seen: number[] = [];
    let state = '';
    for (let poll = 0; poll < 100 && state !== 'COMPLETED'; poll++) {
      const answer = await call(sim, `/api/v3/job/${id}`, { auth });
      seen.push(answer.status);
      if (answer.status === 200) state = String((answer.json as { jobState: string }).jobState);
    }
    expect(state).toBe('COMPLETED');
    expect(seen.some((s) => s !== 200)).toBe(true);
  });

  it('is reproducible per seed and roughly honours the rate', () => {
    const draw = (seed: number) => {
      const plan = createFaultPlan({ rate: 0.2, kinds: FAULT_KINDS, seed });
      return Array.from({ length: 2000 }, () => plan.next()?.kind ?? 'none');
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    const faults = draw(3).filter((k) => k !== 'none').length;
    expect(faults).toBeGreaterThan(300);
    expect(faults).toBeLessThan(500);
  });

  it('at rate 0 never faults', async () => {
    const sim = await launch({ faults: 0 });
    running.push(sim);
    const auth = await login(sim);
    for (let i = 0; i < 5; i++)
      await runJob(sim, { auth, sql: 'SELECT job_id FROM sys.jobs_recent LIMIT 1' });
  });
});
