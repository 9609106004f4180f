import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioClient, DEFAULT_CONNECTION_TUNING } from '../../src/dremio/index.js';
import { STEP_ATTEMPTS } from '../../src/dremio/retry-step.js';
import { DremioError } from '../../src/errors.js';
import type { FaultKind } from '../../src/simulator/faults/fault-kind.js';
import { optionsFor, type RunningSimulator, recordingLogger, startSim } from './sim-client.js';

const DDL = 'ALTER TABLE lake.sales.orders CREATE RAW REFLECTION r1 USING DISPLAY (order_id)';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every request fails with one kind, so each case is deterministic. PAT auth avoids a login call. */
async function withEveryRequestFailing<T>(
  kind: FaultKind,
  run: (sim: RunningSimulator) => Promise<T>,
  flavor: 'software-25.1' | 'cloud' = 'software-25.1',
): Promise<T> {
  const sim = await startSim({
    flavor,
    jobs: 50,
    faults: 1,
    faultKinds: [kind],
    stallMs: 2_000,
  });
  try {
    return await run(sim);
  } finally {
    await sim.stop();
  }
}

describe('retries when every request fails with one fault kind', () => {
  const cases: readonly {
    name: string;
    kind: FaultKind;
    cause: RegExp;
    code: string;
    flavor?: 'cloud';
  }[] = [
    {
      name: 'rate limit (Cloud 429 without Retry-After)',
      kind: 'rate-limit',
      cause: /HTTP 429/,
      code: 'DREMIO_UNAVAILABLE',
      flavor: 'cloud',
    },
    {
      name: 'server error (500/502/503)',
      kind: 'server-error',
      cause: /HTTP 50[023]/,
      code: 'DREMIO_UNAVAILABLE',
    },
    { name: 'connection reset', kind: 'reset', cause: /reset/, code: 'DREMIO_UNAVAILABLE' },
    { name: 'stall past the request timeout', kind: 'stall', cause: /timeout/, code: 'DREMIO_TIMEOUT' },
    { name: 'truncated body', kind: 'truncated', cause: /truncated|cut short/, code: 'DREMIO_UNAVAILABLE' },
  ];
  for (const c of cases) {
    it(`${c.name}: a read ends in a DremioError naming method, endpoint, attempts and cause`, async () => {
      await withEveryRequestFailing(
        c.kind,
        async (sim) => {
          const { logger, entries } = recordingLogger();
          const client = createDremioClient(
            optionsFor(sim, {
              logger,
              auth: { kind: 'pat', token: sim.credentials.token },
              requestTimeoutMs: 200,
              retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
            }),
          );
          // A job that exists, so the undamaged answer would be a 200 (a 404 is final, however damaged).
          const jobId = sim.world.job(0).jobId;
          const startedMs = Date.now();
          const error = await client.getJob(jobId).catch((e: unknown) => e);
          const elapsedMs = Date.now() - startedMs;
          client.close();
          expect(error).toBeInstanceOf(DremioError);
          const { message, code, hint } = error as DremioError;
          const prefix = c.flavor === 'cloud' ? `/v0/projects/${sim.credentials.projectId}` : '/api/v3';
          expect(message).toContain(`GET ${prefix}/job/${jobId} failed after 3 attempts`);
          expect(message).toMatch(c.cause);
          expect(code).toBe(c.code);
          expect(hint).toBeTruthy();
          expect(entries.filter((e) => e.msg === 'retrying dremio request')).toHaveLength(2);
          // Without a Retry-After the client's own short backoff paces the retries.
          if (c.kind === 'rate-limit') expect(elapsedMs).toBeLessThan(1_000);
        },
        c.flavor,
      );
    });
  }

  it('expired token: logs in again each time, then names the credentials', async () => {
    await withEveryRequestFailing('expired-token', async (sim) => {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(
        optionsFor(sim, { logger, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } }),
      );
      const error = await client.getJob('1f0e0000-0000-0000-0000-000000000000').catch((e: unknown) => e);
      client.close();
      expect((error as DremioError).code).toBe('DREMIO_AUTH_FAILED');
      expect((error as DremioError).message).toMatch(/failed after 3 attempts.*401/);
      expect(
        entries.filter((e) => String(e.obj.endpoint) === 'POST /apiv2/login').length,
      ).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('a personal access token that worked before', () => {
  it('survives transient 401s (Cloud, expired-token faults on 30% of requests)', async () => {
    // Seed 3 draws no fault for the first four requests, so the token is accepted before the first 401.
    const sim = await startSim({
      flavor: 'cloud',
      jobs: 50,
      seed: 3,
      faults: 0.3,
      faultKinds: ['expired-token'],
    });
    try {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(optionsFor(sim, { logger }));
      const jobId = sim.world.job(0).jobId;
      const states: string[] = [];
      for (let call = 0; call < 12; call++) states.push((await client.getJob(jobId)).state);
      client.close();
      expect(states).toEqual(Array(12).fill(sim.world.job(0).finalState));
      expect(
        entries.filter((e) => e.msg === 'dremio rejected the token; authenticating again').length,
      ).toBeGreaterThan(0);
    } finally {
      await sim.stop();
    }
  });
});

describe('SQL submits are not blindly resent', () => {
  it('a statement that changes state is sent once after an ambiguous reset', async () => {
    await withEveryRequestFailing('reset', async (sim) => {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(
        optionsFor(sim, { logger, auth: { kind: 'pat', token: sim.credentials.token } }),
      );
      const error = await client.collectSql(DDL).catch((e: unknown) => e);
      client.close();
      expect((error as DremioError).code).toBe('DREMIO_SUBMIT_UNCERTAIN');
      expect(entries.filter((e) => e.msg === 'retrying dremio request')).toEqual([]);
    });
  });

  it('a read-only statement is resent, since a duplicate SELECT changes nothing', async () => {
    await withEveryRequestFailing('reset', async (sim) => {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(
        optionsFor(sim, {
          logger,
          auth: { kind: 'pat', token: sim.credentials.token },
          retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
        }),
      );
      const error = await client.collectSql('SELECT job_id FROM sys.jobs_recent').catch((e: unknown) => e);
      client.close();
      expect((error as DremioError).message).toContain('POST /api/v3/sql failed after 3 attempts');
      // Each of the query's tries resends the submit twice after its first attempt.
      expect(
        entries.filter((e) => e.obj.endpoint === 'POST /api/v3/sql' && e.msg === 'retrying dremio request'),
      ).toHaveLength(2 * STEP_ATTEMPTS);
      expect(entries.filter((e) => e.msg === 'retrying step')).toHaveLength(STEP_ATTEMPTS - 1);
    });
  });

  it('even a state-changing statement is resent when the connection was refused, then names DREMIO_URL', async () => {
    const { logger, entries } = recordingLogger();
    const port = await freePort();
    const client = createDremioClient({
      ...DEFAULT_CONNECTION_TUNING,
      url: `http://127.0.0.1:${port}`,
      auth: { kind: 'pat', token: 'x' },
      tls: { insecure: false },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      logger,
    });
    const error = await client.collectSql(DDL).catch((e: unknown) => e);
    client.close();
    expect((error as DremioError).code).toBe('DREMIO_UNREACHABLE');
    expect((error as DremioError).hint).toContain('DREMIO_URL');
    expect(entries.filter((e) => e.msg === 'retrying dremio request')).toHaveLength(2);
  });
});

describe('an overloaded Software cluster (QUERY_REJECTED jobs, never a 429)', () => {
  it('a read-only query rejected every time is tried again with backoff, then named as rejected', async () => {
    await withEveryRequestFailing('query-rejected', async (sim) => {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(
        optionsFor(sim, { logger, auth: { kind: 'pat', token: sim.credentials.token } }),
      );
      const error = await client.collectSql('SELECT job_id FROM sys.jobs_recent').catch((e: unknown) => e);
      client.close();
      expect((error as DremioError).code).toBe('DREMIO_QUERY_REJECTED');
      expect((error as DremioError).message).toContain('QUERY_REJECTED');
      expect(entries.filter((e) => e.msg === 'retrying step')).toHaveLength(STEP_ATTEMPTS - 1);
    });
  });

  it('a read-only query rejected now and then returns its rows', async () => {
    const sim = await startSim({
      flavor: 'software-25.1',
      jobs: 50,
      seed: 5,
      faults: 0.3,
      faultKinds: ['query-rejected'],
    });
    try {
      const client = createDremioClient(
        optionsFor(sim, { auth: { kind: 'pat', token: sim.credentials.token } }),
      );
      for (let i = 0; i < 6; i++) {
        const result = await client.collectSql('SELECT job_id FROM sys.jobs_recent LIMIT 3');
        expect(result.rows).toHaveLength(3);
      }
      client.close();
    } finally {
      await sim.stop();
    }
  });

  it('a statement that changes state is not resent after a rejection', async () => {
    await withEveryRequestFailing('query-rejected', async (sim) => {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(
        optionsFor(sim, { logger, auth: { kind: 'pat', token: sim.credentials.token } }),
      );
      const error = await client.collectSql(DDL).catch((e: unknown) => e);
      client.close();
      expect((error as DremioError).code).toBe('DREMIO_QUERY_REJECTED');
      expect(entries.filter((e) => e.msg === 'retrying step')).toEqual([]);
    });
  });
});

for (const flavor of ['software-24.3', 'cloud'] as const) {
  describe(`a full history read on ${flavor} with 20% of requests failing (all kinds)`, () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSim({
        flavor,
        jobs: 1_500,
        seed: 23,
        faults: 0.2,
        // A stall outlasts the request timeout, so it is a real timeout the client must survive.
        stallMs: 8_000,
        tokenLifetimeMs: 30 * 3_600_000,
      });
    });
    afterAll(() => sim.stop());

    it('returns exactly the planted job ids', async () => {
      const { logger, entries } = recordingLogger();
      const client = createDremioClient(
        optionsFor(sim, {
          logger,
          // Long enough for the simulator's first (cold) submit on a busy 2-core machine.
          requestTimeoutMs: 2_500,
          retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 50 },
        }),
      );
      const deployment = await client.deployment();
      // Cloud's history view lags an hour behind (refreshed hourly), so read only what it must show.
      const lagMs = deployment.kind === 'cloud' ? 3_600_000 : 0;
      const untilMs = sim.world.options.endAt.getTime() - lagMs;
      const bound = deployment.historyEpochUnit === 'ns' ? `${BigInt(untilMs) * 1_000_000n}` : `${untilMs}`;
      const epochColumn = deployment.kind === 'cloud' ? 'submitted_epoch' : 'submitted_epoch_millis';
      const sql = `SELECT job_id FROM ${deployment.historyTable} WHERE ${epochColumn} <= ${bound}`;
      const ids: string[] = [];
      for await (const row of client.runSql(sql, { pageSize: 250 })) ids.push(String(row.job_id));
      client.close();
      const expected = sim.truth.jobs
        .map((j) => j.jobId)
        .filter((id) => (sim.world.jobById(id)?.submittedEpochMs ?? Number.POSITIVE_INFINITY) <= untilMs);
      expect(expected.length).toBeGreaterThan(1_000);
      // Cloud writes some history rows twice (fidelity-gaps #9); the raw read keeps them, once each here.
      const unique = [...new Set(ids)];
      expect(unique.length).toBe(expected.length);
      expect(unique.sort()).toEqual(expected.sort());
      // The faults really happened and were survived.
      expect(entries.filter((e) => e.msg === 'retrying dremio request').length).toBeGreaterThan(0);
    });
  });
}
