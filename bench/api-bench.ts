import { performance } from 'node:perf_hooks';
import {
  type CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  sql,
  type UnknownRow,
} from 'kysely';
import { startApi } from '../src/api/start-api.js';
import { listCollectionRuns } from '../src/app/collection-runs.js';
import { listFindings } from '../src/app/findings.js';
import { searchJobs } from '../src/app/jobs.js';
import { listRecommendations } from '../src/app/recommendations.js';
import type { AppDeps } from '../src/app/service.js';
import { loadConfig } from '../src/config/index.js';
import { DETECTOR_IDS } from '../src/domain/detector-id.js';
import type { Finding } from '../src/domain/finding.js';
import type { Recommendation } from '../src/domain/recommendation.js';
import { SEVERITIES } from '../src/domain/severity.js';
import { createLogger } from '../src/log/index.js';
import { saveFindings } from '../src/store/findings-repository.js';
import { ensureCluster, type Store, saveRecommendations } from '../src/store/index.js';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, failedRow, makeRow } from './bench-row.js';
import { isUnreachable, withThrowawayDatabase } from './throwaway-database.js';

const API_KEY = 'bench-api-key-0123456789';
// Data anchored on a fixed date, so the bench never depends on the day it runs.
const FIRST_JOB = '2026-10-01T00:00:00Z';
const FINDINGS = 5000;
const RECOMMENDATIONS = 1000;
const RUNS = 2000;
const MIN_SAMPLES = 20;
const ROUTE_BUDGET_MS = 30_000;

/** A list route as a dashboard calls it, and the service (with the same input) behind it. */
interface ListRoute {
  readonly label: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  call(deps: AppDeps): Promise<unknown>;
}

function routes(): ListRoute[] {
  const route = (
    label: string,
    path: string,
    query: Record<string, string>,
    service: (deps: AppDeps, input: Record<string, string>) => Promise<unknown>,
  ): ListRoute => ({ label, path, query, call: (deps) => service(deps, query) });
  return [
    route('jobs', '/api/v1/jobs', { limit: '50' }, searchJobs as never),
    route('jobs-by-user', '/api/v1/jobs', { user: 'user7', limit: '50' }, searchJobs as never),
    route(
      'jobs-by-fingerprint',
      '/api/v1/jobs',
      { fingerprint: 'fp00017', limit: '50' },
      searchJobs as never,
    ),
    route('jobs-by-state', '/api/v1/jobs', { state: 'FAILED', limit: '50' }, searchJobs as never),
    route('jobs-by-text', '/api/v1/jobs', { text: 'customer_42 ', limit: '50' }, searchJobs as never),
    route('findings', '/api/v1/findings', { limit: '50' }, listFindings as never),
    route('findings-high', '/api/v1/findings', { severity: 'high', limit: '50' }, listFindings as never),
    route('recommendations', '/api/v1/recommendations', { limit: '50' }, listRecommendations as never),
    route('collection-runs', '/api/v1/collection-runs', { limit: '50' }, listCollectionRuns as never),
  ];
}

/** Seeds the jobs with one INSERT … SELECT (the bench measures reading, not ingest). */
export async function seedJobs(store: Store, clusterId: bigint, jobs: number): Promise<void> {
  await sql`
    INSERT INTO jobs (cluster_id, job_id, fingerprint, sql_text, user_name, query_type, state, submitted_at,
                      final_state_at, duration_ms, queued_ms, planning_ms, running_ms, rows_scanned,
                      bytes_scanned, queue_name, engine, queried_datasets, source)
    SELECT ${clusterId}, 'job-' || lpad(i::text, 8, '0'), 'fp' || lpad((i % 2000)::text, 5, '0'),
           'SELECT * FROM lakehouse.sales.orders WHERE customer_' || (i % 5000) || ' = ' || i,
           'user' || (i % 50), 'UI_RUN', CASE WHEN i % 40 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
           ${FIRST_JOB}::timestamptz + i * interval '2.5 seconds',
           ${FIRST_JOB}::timestamptz + i * interval '2.5 seconds' + ((i * 7919) % 60000) * interval '1 millisecond',
           (i * 7919) % 60000, (i * 31) % 500, (i * 17) % 900, (i * 7919) % 58000, i * 10, i * 1000,
           CASE WHEN i % 3 = 0 THEN 'High Cost User Queries' ELSE 'Low Cost User Queries' END,
           'default', ARRAY['lakehouse.sales.orders'], 'live'
    FROM generate_series(1::bigint, ${jobs}) AS i`.execute(store.db);
  await sql`ANALYZE jobs`.execute(store.db);
}

export async function seedFindingsAndRecommendations(
  store: Store,
  clusterId: bigint,
  jobs: number,
): Promise<void> {
  const seenAt = new Date(Date.parse(FIRST_JOB) + jobs * 2500);
  const findings: Finding[] = Array.from({ length: FINDINGS }, (_, i) => ({
    id: i.toString(16).padStart(16, '0'),
    detector: DETECTOR_IDS[i % DETECTOR_IDS.length]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    confidence: 0.5 + (i % 50) / 100,
    title: `finding ${i} on fp${String(i % 2000).padStart(5, '0')}`,
    subject: { kind: 'fingerprint', fingerprint: `fp${String(i % 2000).padStart(5, '0')}`, sampleSql: null },
    jobIds: Array.from({ length: 5 }, (_, k) => `job-${String(((i * 5 + k) % jobs) + 1).padStart(8, '0')}`),
    evidence: { thresholds: [] },
    impactMsPerDay: (i * 7919) % 3_600_000,
  }));
  await saveFindings(store.db, {
    clusterId,
    findings,
    seenAt,
    evaluatedDetectors: [...DETECTOR_IDS],
    windowMs: 30 * 86_400_000,
  });
  const recommendations: Recommendation[] = Array.from({ length: RECOMMENDATIONS }, (_, i) => ({
    id: `rec-${String(i).padStart(6, '0')}`,
    kind: 'create-raw-reflection',
    title: `raw reflection ${i}`,
    sql: `ALTER TABLE lakehouse.sales.orders_${i} CREATE RAW REFLECTION r${i} USING DISPLAY (id)`,
    action: 'create the reflection',
    target: { kind: 'dataset', path: `lakehouse.sales.orders_${i}` },
    findingIds: [findings[i % FINDINGS]!.id],
    jobIds: findings[i % FINDINGS]!.jobIds,
    estimatedSavingsMsPerDay: (i * 104729) % 3_600_000,
    estimatedCost: { storageBytes: 1e9, refreshMsPerDay: 60_000, oneOffMs: 60_000, basis: 'bench' },
    netBenefitMsPerDay: ((i * 104729) % 3_600_000) - 60_000,
    confidence: 0.7,
    method: 'accelerated-runs',
    rationale: 'bench',
    risk: { level: 'low', note: 'test' },
    evidence: {},
    status: 'pending',
  }));
  await saveRecommendations(store.db, { clusterId, recommendations, at: seenAt, actor: 'bench' });
  await sql`
    INSERT INTO collection_runs (cluster_id, kind, started_at, ended_at, status)
    SELECT ${clusterId}, 'live', ${FIRST_JOB}::timestamptz + i * interval '15 minutes',
           ${FIRST_JOB}::timestamptz + i * interval '15 minutes' + interval '1 minute', 'succeeded'
    FROM generate_series(1, ${RUNS}) AS i`.execute(store.db);
  await sql`ANALYZE`.execute(store.db);
}

/** Records every query a service sends, compiled, so the reference replays exactly those on the database. */
class CaptureQueries implements KyselyPlugin {
  readonly queries: CompiledQuery[] = [];
  constructor(private readonly compile: (args: PluginTransformQueryArgs) => CompiledQuery) {}
  transformQuery(args: PluginTransformQueryArgs) {
    this.queries.push(this.compile(args));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

async function timeRoute(options: {
  readonly route: ListRoute;
  readonly baseUrl: string;
  readonly store: Store;
  readonly deps: AppDeps;
  readonly requests: number;
}): Promise<{ apiP95: number; dbP95: number; queries: number; samples: number }> {
  const { route, store } = options;
  const capture = new CaptureQueries((args) => store.db.getExecutor().compileQuery(args.node, args.queryId));
  await route.call({ ...options.deps, store: { ...store, db: store.db.withPlugin(capture) } });
  const queries = capture.queries;
  const url = `${options.baseUrl}${route.path}?${new URLSearchParams(route.query)}`;
  const get = async () => {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${API_KEY}` } });
    if (response.status !== 200)
      throw new Error(`${route.path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const replay = async () => {
    for (const q of queries) await store.db.executeQuery(q);
  };
  const warmup = Math.max(5, Math.round(options.requests / 10));
  for (let i = 0; i < warmup; i++) {
    await get();
    await replay();
  }
  // Alternated, so a change in the machine's load hits both sides alike. A slow route (a text search
  // that scans) stops after ROUTE_BUDGET_MS once it has MIN_SAMPLES pairs, so the bench stays minutes.
  const api: number[] = [];
  const db: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.requests; i++) {
    if (i >= MIN_SAMPLES && performance.now() - started > ROUTE_BUDGET_MS) break;
    let start = performance.now();
    await get();
    api.push(performance.now() - start);
    start = performance.now();
    await replay();
    db.push(performance.now() - start);
  }
  return { apiP95: p95(api), dbP95: p95(db), queries: queries.length, samples: api.length };
}

/**
 * p95 latency of the API's list routes over a PostgreSQL store of 1M jobs, against the same SQL the
 * service sends (captured from the service itself) run straight on the database: what HTTP, keys,
 * validation, paging and JSON add to the queries.
 */
export async function benchApi(ctx: BenchContext): Promise<BenchRow[]> {
  const jobs = ctx.scaleOverride?.jobs ?? (ctx.quick ? 100_000 : 1_000_000);
  const requests = ctx.quick ? 40 : 200;
  const input = `${jobs.toLocaleString('en-US')} jobs, ${FINDINGS} findings, ${RECOMMENDATIONS} recommendations, PostgreSQL; ${requests} requests a route`;
  try {
    return await withThrowawayDatabase({
      serverUrl: ctx.postgresUrl,
      name: 'bench_api',
      workDir: ctx.workDir,
      fn: async (store) => {
        const cluster = await ensureCluster(store.db, { name: 'bench', kind: 'software' });
        ctx.log(`api: seeding ${jobs.toLocaleString('en-US')} jobs…`);
        await seedJobs(store, cluster.id, jobs);
        await seedFindingsAndRecommendations(store, cluster.id, jobs);
        const { config } = loadConfig({
          env: { API_KEY, API_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
          cwd: ctx.workDir,
        });
        const logger = createLogger({ level: 'warn', format: 'json', secrets: [API_KEY] });
        const api = await startApi({
          config,
          logger,
          host: '127.0.0.1',
          port: 0,
          cwd: ctx.workDir,
          version: 'bench',
          store,
        });
        try {
          const deps: AppDeps = { store, config, logger };
          const details: Record<string, number> = {};
          let worst = { label: '', apiP95: 0, dbP95: 0, queries: 0, samples: 0 };
          for (const route of routes()) {
            ctx.log(`api: ${route.label}…`);
            const t = await timeRoute({ route, baseUrl: api.url, store, deps, requests });
            details[`${route.label}P95Ms`] = Number(t.apiP95.toFixed(1));
            details[`${route.label}DbP95Ms`] = Number(t.dbP95.toFixed(1));
            details[`${route.label}Queries`] = t.queries;
            details[`${route.label}Samples`] = t.samples;
            if (t.apiP95 > worst.apiP95) worst = { label: route.label, ...t };
          }
          return [
            makeRow({
              name: 'api-list-p95-ms',
              input,
              ours: Number(worst.apiP95.toFixed(1)),
              reference: Number(worst.dbP95.toFixed(1)),
              referenceName: `the same SQL the service sends, run straight on PostgreSQL (slowest route: ${worst.label})`,
              unit: 'ms p95',
              goal: { value: 50, on: 'ours', direction: 'lower' },
              details,
            }),
          ];
        } finally {
          await api.close();
        }
      },
    });
  } catch (error) {
    return [
      failedRow({
        name: 'api-list-p95-ms',
        input,
        unit: 'ms p95',
        error: error instanceof Error ? error.message : String(error),
        ...(isUnreachable(error) ? { skipped: true } : {}),
      }),
    ];
  }
}
