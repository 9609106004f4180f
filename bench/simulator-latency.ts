import { performance } from 'node:perf_hooks';
import { markSql } from '../src/domain/sql-marker.js';
import { type BenchRow, makeRow } from './bench-row.js';
import type { SimulatorProcess } from './simulator-process.js';

const PAGE_ROWS = 500;
const QUERY_ROWS = 5000;
const QUERIES = 10;
const PROFILES = 200;

interface Session {
  fetch(path: string): Promise<Response>;
  get(path: string): Promise<unknown>;
  /** Submits SQL and waits for it; returns the job id and its row count. */
  query(sql: string): Promise<{ id: string; rowCount: number }>;
}

async function login(sim: SimulatorProcess): Promise<Session> {
  const response = await fetch(`${sim.url}/apiv2/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: sim.userName, password: sim.password }),
  });
  const { token } = (await response.json()) as { token: string };
  const headers = { authorization: `_dremio${token}`, 'content-type': 'application/json' };
  const send = (path: string) => fetch(`${sim.url}${path}`, { headers });
  const get = async (path: string) => {
    const r = await send(path);
    if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
    return r.json();
  };
  return {
    fetch: send,
    get,
    query: async (sql) => {
      const submitted = await fetch(`${sim.url}/api/v3/sql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ sql: markSql(sql) }),
      });
      const { id } = (await submitted.json()) as { id: string };
      for (;;) {
        const job = (await get(`/api/v3/job/${id}`)) as {
          jobState: string;
          rowCount: number;
          errorMessage?: string;
        };
        if (job.jobState === 'COMPLETED') return { id, rowCount: job.rowCount };
        if (job.jobState === 'FAILED' || job.jobState === 'CANCELED')
          throw new Error(`simulator query ${job.jobState}: ${job.errorMessage ?? ''}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * How fast the simulator answers what a collector asks most (issue 3: a 500-row page of
 * `sys.jobs_recent` under 50 ms, a profile under 20 ms), as p95 over real HTTP on loopback, against
 * the server's cheapest request (`/apiv2/server_status`), the transport floor.
 */
export async function simulatorLatencyRows(sim: SimulatorProcess, label: string): Promise<BenchRow[]> {
  const session = await login(sim);
  const floor: number[] = [];
  const pages: number[] = [];
  const jobIds: string[] = [];
  let lower = 0;
  for (let q = 0; q < QUERIES; q++) {
    const { id, rowCount } = await session.query(
      `SELECT * FROM sys.jobs_recent WHERE submitted_epoch_millis >= ${lower} ORDER BY submitted_epoch_millis, job_id LIMIT ${QUERY_ROWS}`,
    );
    let last: { submitted_epoch_millis: number; job_id: string } | undefined;
    for (let offset = 0; offset < rowCount; offset += PAGE_ROWS) {
      floor.push(await timed(() => session.get('/apiv2/server_status')));
      let page: { rows: { submitted_epoch_millis: number; job_id: string }[] } | undefined;
      pages.push(
        await timed(async () => {
          page = (await session.get(
            `/api/v3/job/${id}/results?offset=${offset}&limit=${PAGE_ROWS}`,
          )) as typeof page;
        }),
      );
      last = page?.rows.at(-1) ?? last;
      // A few jobs from every page, so the profiles span the history.
      for (const row of (page?.rows ?? []).filter((_, i) => i % 100 === 0)) jobIds.push(row.job_id);
    }
    if (last === undefined) break;
    lower = last.submitted_epoch_millis;
  }
  // Jobs the simulator ran for this bench (its own queries) have no profile and answer 404, as in Dremio.
  const profiles: number[] = [];
  for (const jobId of jobIds) {
    if (profiles.length >= PROFILES) break;
    const start = performance.now();
    const response = await session.fetch(`/apiv2/profiles/${jobId}.json?attempt=0`);
    await response.text();
    if (response.ok) profiles.push(performance.now() - start);
  }
  if (profiles.length === 0) throw new Error('no simulated job answered with a profile');
  const floorP95 = percentile(floor, 0.95);
  const common = {
    reference: floorP95,
    referenceName: 'GET /apiv2/server_status, p95 (the HTTP floor)',
    unit: 'ms p95',
  };
  return [
    makeRow({
      name: 'simulate-page-ms',
      input: `${pages.length} pages of ${PAGE_ROWS} sys.jobs_recent rows (all columns), ${label}`,
      ours: percentile(pages, 0.95),
      ...common,
      goal: { value: 50, on: 'ours', direction: 'lower' },
      details: { p50: Number(percentile(pages, 0.5).toFixed(1)), max: Number(Math.max(...pages).toFixed(1)) },
    }),
    makeRow({
      name: 'simulate-profile-ms',
      input: `${profiles.length} profiles (raw JSON), ${label}`,
      ours: percentile(profiles, 0.95),
      ...common,
      goal: { value: 20, on: 'ours', direction: 'lower' },
      details: {
        p50: Number(percentile(profiles, 0.5).toFixed(1)),
        max: Number(Math.max(...profiles).toFixed(1)),
      },
    }),
  ];
}
