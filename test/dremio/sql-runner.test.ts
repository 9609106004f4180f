import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDremioClient, SQL_MARKER } from '../../src/dremio/index.js';
import { DremioError } from '../../src/errors.js';
import { optionsFor, type RunningSimulator, recordingLogger, startSim } from './sim-client.js';

const JOBS = 3_000;

describe('SQL runner against the software-25.1 simulator', () => {
  let sim: RunningSimulator;
  let endAtMs = 0;
  beforeAll(async () => {
    sim = await startSim({ flavor: 'software-25.1', jobs: JOBS, seed: 11 });
    endAtMs = sim.world.options.endAt.getTime();
  });
  afterAll(() => sim.stop());

  it('pages a few thousand history rows, ≤ 500 a page, and returns exactly the planted jobs', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(optionsFor(sim, { logger }));
    const sql = `SELECT job_id, submitted_epoch_millis FROM sys.jobs_recent WHERE submitted_epoch_millis <= ${endAtMs}`;
    const result = await client.collectSql(sql, { pageSize: 450 });
    client.close();
    expect(result.rowCount).toBe(JOBS);
    expect(result.rows.map((r) => r.job_id).sort()).toEqual(sim.truth.jobs.map((j) => j.jobId).sort());
    expect(result.columns.map((c) => c.name)).toEqual(['job_id', 'submitted_epoch_millis']);
    const pageRequests = entries.filter((e) => String(e.obj.endpoint).endsWith('/results'));
    expect(pageRequests).toHaveLength(Math.ceil(JOBS / 450));
  });

  it('clamps pages to 500 rows', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(optionsFor(sim, { logger }));
    const sql = `SELECT job_id FROM sys.jobs_recent WHERE submitted_epoch_millis <= ${endAtMs}`;
    const result = await client.collectSql(sql, { pageSize: 10_000 });
    client.close();
    expect(result.rows).toHaveLength(JOBS);
    expect(entries.filter((e) => String(e.obj.endpoint).endsWith('/results'))).toHaveLength(
      Math.ceil(JOBS / 500),
    );
  });

  it('marks every statement it sends, so our own jobs are recognisable in history', async () => {
    const client = createDremioClient(optionsFor(sim));
    const ours = await client.collectSql(`SELECT job_id FROM sys.jobs_recent LIMIT 1`);
    const history = await client.collectSql(
      `SELECT job_id, query FROM sys.jobs_recent WHERE job_id = '${ours.jobId}'`,
    );
    client.close();
    expect(history.rows).toHaveLength(1);
    expect(String(history.rows[0]?.query).startsWith(SQL_MARKER)).toBe(true);
  });

  it('shapes rows with a zod schema and names the row that does not fit', async () => {
    const client = createDremioClient(optionsFor(sim));
    const sql = `SELECT job_id, rows_scanned FROM sys.jobs_recent WHERE submitted_epoch_millis <= ${endAtMs} LIMIT 5`;
    const shaped = await client.collectSql(sql, {
      schema: z.object({
        job_id: z.string(),
        rows_scanned: z.union([z.number(), z.bigint()]).transform(Number),
      }),
    });
    const mismatch = await client
      .collectSql(sql, { schema: z.object({ job_id: z.number() }) })
      .catch((error: unknown) => error);
    client.close();
    expect(shaped.rows).toHaveLength(5);
    expect(typeof shaped.rows[0]?.rows_scanned).toBe('number');
    expect(mismatch).toBeInstanceOf(DremioError);
    expect((mismatch as DremioError).message).toMatch(/Row 0 of job .* at job_id/);
  });

  it('turns a FAILED job into a DremioError carrying Dremio’s errorMessage', async () => {
    const client = createDremioClient(optionsFor(sim));
    const error = await client.collectSql('SELECT job_id FROM sys.no_such_table').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).code).toBe('DREMIO_JOB_FAILED');
    expect((error as DremioError).message).toMatch(/no_such_table/i);
  });
});

describe('SQL runner deadlines and cancellation', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    // Jobs stay RUNNING for thousands of polls, so only the deadline or the caller can end them.
    sim = await startSim({ flavor: 'software-26', jobs: 50, pollsBeforeFinal: 100_000 });
  });
  afterAll(() => sim.stop());

  it('cancels the job on the server when the deadline passes', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(optionsFor(sim, { logger }));
    const startedMs = Date.now();
    const error = await client
      .collectSql('SELECT job_id FROM sys.jobs_recent', { deadlineMs: 300 })
      .catch((e) => e);
    const elapsedMs = Date.now() - startedMs;
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).code).toBe('DREMIO_DEADLINE');
    expect(elapsedMs).toBeLessThan(3_000);
    const cancelled = entries.find((e) => e.msg === 'cancelled dremio job');
    expect(cancelled).toBeDefined();
    const job = await client.getJob(String(cancelled?.obj.jobId));
    client.close();
    expect(job.state).toMatch(/CANCEL/);
  });

  it('cancels the job when the caller aborts', async () => {
    const { logger, entries } = recordingLogger();
    const client = createDremioClient(optionsFor(sim, { logger }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 200);
    const error = await client
      .collectSql('SELECT job_id FROM sys.jobs_recent', { signal: controller.signal })
      .catch((e) => e);
    client.close();
    expect((error as DremioError).code).toBe('DREMIO_ABORTED');
    expect(entries.some((e) => e.msg === 'cancelled dremio job')).toBe(true);
  });
});

describe('SQL runner on Cloud', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSim({ flavor: 'cloud', jobs: 100, seed: 2 });
  });
  afterAll(() => sim.stop());

  it('keeps nanosecond epochs past 2^53 exact, as bigint', async () => {
    const client = createDremioClient(optionsFor(sim));
    const result = await client.collectSql(
      'SELECT job_id, submitted_epoch FROM sys.project.history.jobs LIMIT 20',
    );
    client.close();
    expect(result.rows.length).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(typeof row.submitted_epoch).toBe('bigint');
      const job = sim.world.jobById(String(row.job_id));
      expect(row.submitted_epoch).toBe(BigInt(job?.submittedEpochMs ?? -1) * 1_000_000n);
    }
  });
});
