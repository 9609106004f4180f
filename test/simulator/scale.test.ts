import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { login, resultsPage, runJob } from './support/sim-client.js';

/** Behaviour at scale, not timing: timings are printed by `test/simulator/measure.ts`. */
describe('a 1M-job simulator', () => {
  let sim: RunningSimulator;
  let auth: string;
  beforeAll(async () => {
    sim = await startSimulator({ jobs: 1_000_000, flavor: 'software-25.1' });
    auth = await login(sim);
  }, 300_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('pages sys.jobs_recent by watermark in 500-row pages without holding the table', async () => {
    const rssBefore = process.memoryUsage().rss;
    let watermark = 0;
    const seen = new Set<string>();
    for (let page = 0; page < 8; page++) {
      const sql = `/* dremio-optimizer */ SELECT job_id, submitted_epoch_millis FROM sys.jobs_recent
        WHERE submitted_epoch_millis > ${watermark} ORDER BY submitted_epoch_millis LIMIT 500`;
      const { id, status } = await runJob(sim, { auth, sql });
      expect(status).toMatchObject({ jobState: 'COMPLETED', rowCount: 500 });
      const rows = (
        (await resultsPage(sim, { auth, id, limit: 500 })).json as {
          rows: { job_id: string; submitted_epoch_millis: number }[];
        }
      ).rows;
      expect(rows).toHaveLength(500);
      for (const row of rows) {
        expect(row.submitted_epoch_millis).toBeGreaterThan(watermark);
        seen.add(row.job_id);
      }
      watermark = rows[rows.length - 1]!.submitted_epoch_millis;
    }
    expect(seen.size).toBeGreaterThan(3_900);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);

  it('pages one large result with offsets, resuming instead of rescanning', async () => {
    const rssBefore = process.memoryUsage().rss;
    const middle = sim.world.job(500_000);
    const sql = `SELECT job_id FROM sys.jobs_recent WHERE submitted_epoch_millis >= ${middle.submittedEpochMs} LIMIT 3000`;
    const { id } = await runJob(sim, { auth, sql });
    const ids: string[] = [];
    for (let offset = 0; offset < 3000; offset += 500) {
      const body = (await resultsPage(sim, { auth, id, offset, limit: 500 })).json as {
        rowCount: number;
        rows: { job_id: string }[];
      };
      expect(body.rowCount).toBe(3000);
      ids.push(...body.rows.map((r) => r.job_id));
    }
    expect(new Set(ids).size).toBe(3000);
    expect(sim.world.jobById(ids[0]!)?.submittedEpochMs).toBe(middle.submittedEpochMs);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);
});
