import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDremioClient } from '../../src/dremio/index.js';
import { DremioError } from '../../src/errors.js';
import { optionsFor, type RunningSimulator, recordingLogger, startSim } from './sim-client.js';

const JOBS = 2_000;

describe('password sessions against the software-26 simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSim({ flavor: 'software-26', jobs: JOBS, seed: 5, tokenLifetimeMs: 150 });
  });
  afterAll(() => sim.stop());

  it('logs in again when the token expires mid-run, without losing or repeating a page', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(optionsFor(sim, { logger }));
    const endAtMs = sim.world.options.endAt.getTime();
    const ids: string[] = [];
    const sql = `SELECT job_id FROM sys.jobs_recent WHERE submitted_epoch_millis <= ${endAtMs}`;
    for await (const row of client.runSql(sql, { pageSize: 200 })) {
      ids.push(String(row.job_id));
      // A slow consumer: every page outlives the 150 ms token.
      if (ids.length % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 170));
    }
    client.close();
    expect(ids.sort()).toEqual(sim.truth.jobs.map((j) => j.jobId).sort());
    const relogins = entries.filter((e) => e.msg === 'dremio rejected the token; authenticating again');
    expect(relogins.length).toBeGreaterThanOrEqual(3);
    expect(entries.filter((e) => e.level === 'warn')).toEqual([]);
  });

  it('names DREMIO_USERNAME and DREMIO_PASSWORD for a wrong password, without retrying it', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(
      optionsFor(sim, {
        logger,
        auth: { kind: 'password', userName: sim.credentials.userName, password: 'nope' },
      }),
    );
    const error = await client.getJob('1f0e0000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).code).toBe('DREMIO_AUTH_FAILED');
    expect((error as DremioError).hint).toMatch(/DREMIO_USERNAME.*DREMIO_PASSWORD/);
    expect(entries.filter((e) => e.msg === 'dremio request')).toHaveLength(1);
  });

  it('never writes the password or the token into a log entry', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(optionsFor(sim, { logger }));
    await client.deployment();
    await client.collectSql('SELECT job_id FROM sys.jobs_recent LIMIT 3');
    client.close();
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(sim.credentials.password);
    expect(logged).not.toMatch(/_dremio|authorization|Bearer/i);
  });
});
