import { describe, expect, it } from 'vitest';
import { createWorld } from '../create-world.js';
import type { SimJob } from '../world.js';
import { answeredFromCache } from './cached-job.js';
import type { JobRecord } from './job-record.js';
import type { PlanNode } from './plan/plan-node.js';
import { cacheableSql, RESULTS_CACHE_MAX_BYTES } from './results-cache.js';
import { testWorldOptions } from './test-world.js';

const SQL = 'SELECT region, SUM(amount) AS revenue FROM lakehouse.sales.orders GROUP BY region';
const AT = new Date('2026-11-01T09:00:00Z').getTime();
const MINUTE_MS = 60_000;

function cachedWorld(resultsCache = true) {
  return createWorld(testWorldOptions({ jobs: 200, resultsCache }));
}

function run(world: ReturnType<typeof createWorld>, sql: string, user: string, at: number): SimJob {
  const { job } = world.submitSql(sql, { user, at });
  expect(job.finalState, job.errorMessage).toBe('COMPLETED');
  return job;
}

function executed(job: SimJob): boolean {
  return job.rowsScanned > 0n || job.bytesScanned > 0n;
}

describe('the simulated results cache', () => {
  it('answers a repeat of the same SELECT by the same user from the stored result', () => {
    const world = cachedWorld();
    const first = run(world, SQL, 'alice', AT);
    const answer = world.submitSql(SQL, { user: 'alice', at: AT + MINUTE_MS });
    const again = answer.job;
    // The stored result comes back whole: the same columns and rows.
    const stored = world.submitSql(SQL, { user: 'bob', at: AT + 2 * MINUTE_MS }).result;
    expect(answer.result?.columns).toEqual(stored?.columns);
    expect(answer.result?.columns.length).toBeGreaterThan(0);
    expect(executed(first)).toBe(true);
    expect(again).toMatchObject({
      rowsScanned: 0n,
      bytesScanned: 0n,
      accelerated: false,
      labels: [],
      reflectionRelationships: [],
      rowsReturned: first.rowsReturned,
    });
    expect(again.phases.finalState - again.phases.executionStart).toBeLessThan(
      10 + (first.phases.finalState - first.phases.executionStart) / 100,
    );
    expect(again.phases.executionStart - again.phases.executionPlanning).toBe(1);
    // Its profile has nothing that executed: no fragments, no operators.
    const profile = JSON.parse(world.profileJson(again.jobId, 0) ?? '{}') as { fragmentProfile?: unknown[] };
    expect(profile.fragmentProfile ?? []).toEqual([]);
  });

  it('runs the same SELECT again for another user', () => {
    const world = cachedWorld();
    run(world, SQL, 'alice', AT);
    expect(executed(run(world, SQL, 'bob', AT + MINUTE_MS))).toBe(true);
  });

  it('runs it again after DDL on its table, then caches the new result', () => {
    const world = cachedWorld();
    run(world, SQL, 'alice', AT);
    run(world, 'OPTIMIZE TABLE lakehouse.sales.orders', 'dremio', AT + MINUTE_MS);
    expect(executed(run(world, SQL, 'alice', AT + 2 * MINUTE_MS))).toBe(true);
    expect(executed(run(world, SQL, 'alice', AT + 3 * MINUTE_MS))).toBe(false);
  });

  it('never caches SQL with a dynamic function', () => {
    const world = cachedWorld();
    const sql =
      'SELECT region, SUM(amount) AS revenue FROM lakehouse.sales.orders WHERE order_ts < CURRENT_DATE GROUP BY region';
    run(world, sql, 'alice', AT);
    expect(executed(run(world, sql, 'alice', AT + MINUTE_MS))).toBe(true);
  });

  it('never answers a result over 20 MB from the cache', () => {
    const world = cachedWorld();
    const job = run(world, SQL, 'alice', AT);
    // Only the presence of a plan matters here: a planned, completed run.
    const record: JobRecord = {
      job,
      plan: {} as PlanNode,
      client: 'tableau',
      planningMs: 10,
      queueMs: 0,
      clientFetchMs: 5,
      consideredReflections: [],
      wlmQueueId: 'q',
      datasets: [],
    };
    expect(answeredFromCache(record)).toBeDefined();
    const big = { ...record, job: { ...job, bytesReturned: BigInt(RESULTS_CACHE_MAX_BYTES + 1) } };
    expect(answeredFromCache(big)).toBeUndefined();
  });

  it('never answers from the cache when the option is off', () => {
    const world = cachedWorld(false);
    run(world, SQL, 'alice', AT);
    expect(executed(run(world, SQL, 'alice', AT + MINUTE_MS))).toBe(true);
  });

  it('answers repeats in generated history and advanced days, each after a completed run by the same user', () => {
    const on = createWorld(testWorldOptions({ jobs: 1500, resultsCache: true }));
    const off = createWorld(testWorldOptions({ jobs: 1500 }));
    on.advance(1);
    off.advance(1);
    expect(on.jobCount).toBe(off.jobCount);
    const completed = new Set<string>();
    let hits = 0;
    for (let i = 0; i < on.jobCount; i++) {
      const job = on.job(i);
      const key = `${job.user}\u0000${job.sql}`;
      const same = off.job(i);
      if (job.rowsScanned !== same.rowsScanned) {
        hits++;
        expect(job, job.jobId).toMatchObject({
          finalState: 'COMPLETED',
          rowsScanned: 0n,
          accelerated: false,
        });
        expect(completed.has(key), `${job.jobId} repeats no earlier run`).toBe(true);
      }
      if (job.finalState === 'COMPLETED') completed.add(key);
    }
    expect(hits).toBeGreaterThan(0);
  });
});

describe('cacheableSql', () => {
  const cases = [
    { name: 'a plain SELECT', sql: 'SELECT a FROM t', type: 'JDBC', cacheable: true },
    { name: 'CURRENT_DATE', sql: 'SELECT a FROM t WHERE d < CURRENT_DATE', type: 'JDBC', cacheable: false },
    { name: 'NOW()', sql: 'SELECT now ( ) FROM t', type: 'JDBC', cacheable: false },
    { name: 'a column named now', sql: 'SELECT now FROM t', type: 'JDBC', cacheable: true },
    { name: 'IS_MEMBER()', sql: "SELECT a FROM t WHERE IS_MEMBER('x')", type: 'JDBC', cacheable: false },
    { name: 'a sys table', sql: 'SELECT * FROM sys.jobs', type: 'JDBC', cacheable: false },
    {
      name: 'INFORMATION_SCHEMA',
      sql: 'SELECT * FROM INFORMATION_SCHEMA."TABLES"',
      type: 'JDBC',
      cacheable: false,
    },
    { name: 'a table named sys_log', sql: 'SELECT * FROM lake.sys_log', type: 'JDBC', cacheable: true },
    { name: 'a UI preview', sql: 'SELECT a FROM t', type: 'UI_PREVIEW', cacheable: false },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(cacheableSql(c.sql, c.type)).toBe(c.cacheable);
    });
  }
});
