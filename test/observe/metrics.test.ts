import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { call, KEYS, startTestApi, type TestApi } from '../api/api-harness.js';
import { parsePromText, type Sample } from './prom-text.js';

/**
 * `/metrics` of `serve` after a demo-sized pipeline on the simulator, all over real HTTP: the server
 * opens its own embedded store, so store errors are counted by the same hook as in production.
 */
describe('/metrics after a pipeline cycle', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let api: TestApi;
  let samples: Sample[];
  let types: Map<string, string>;
  let scrape: Response;

  beforeAll(async () => {
    sim = await startSimulator({ flavor: 'software-25.1', jobs: 1500, days: 7, seed: 1 });
    api = await startTestApi({
      env: {
        DREMIO_URL: sim.url,
        DREMIO_USERNAME: sim.credentials.userName,
        DREMIO_PASSWORD: sim.credentials.password,
        API_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    const started = await call(api.url, '/api/v1/optimize/batch', {
      key: KEYS.writer,
      json: { profiles: 150 },
    });
    expect(started.status, started.text).toBe(202);
    await api.api.tasks.idle();
    // A failed route, so a 4xx shows in the request counter too.
    expect((await call(api.url, '/api/v1/findings')).status).toBe(401);
    scrape = await fetch(`${api.url}/metrics`);
    ({ samples, types } = parsePromText(await scrape.text()));
  }, 300_000);
  afterAll(async () => {
    await api?.close();
    await sim?.stop();
  });

  const of = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const total = (name: string, labels: Record<string, string> = {}) =>
    of(name, labels).reduce((sum, s) => sum + s.value, 0);

  it('answers in the Prometheus text format without a key, as /health does', () => {
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });

  it('declares every metric of the product with its type', () => {
    expect(Object.fromEntries([...types].filter(([name]) => !/^(process|nodejs)_/.test(name)))).toEqual({
      optimizer_requests_total: 'counter',
      optimizer_duration_seconds: 'histogram',
      optimizer_errors_total: 'counter',
      issues_detected_total: 'counter',
      recommendations_generated_total: 'counter',
      recommendations_by_status: 'gauge',
      measurements_recorded_total: 'counter',
      average_improvement_pct: 'gauge',
      active_optimizations: 'gauge',
      dremio_api_requests_total: 'counter',
      dremio_api_errors_total: 'counter',
      db_errors_total: 'counter',
      collection_lag_seconds: 'gauge',
      collection_jobs_total: 'counter',
      llm_requests_total: 'counter',
      llm_tokens_total: 'counter',
    });
  });

  it('counts API requests by route template and status', () => {
    expect(total('optimizer_requests_total', { route: '/api/v1/optimize/batch', status: '202' })).toBe(1);
    expect(total('optimizer_requests_total', { route: '/api/v1/findings', status: '401' })).toBe(1);
  });

  it('times each stage of the cycle once and the cycle as full_optimization', () => {
    for (const operation of ['collect', 'analyze', 'measure', 'full_optimization']) {
      expect(total('optimizer_duration_seconds_count', { operation }), operation).toBe(1);
      expect(total('optimizer_duration_seconds_sum', { operation }), operation).toBeGreaterThan(0);
    }
    expect(total('optimizer_duration_seconds_count', { operation: 'recommend' })).toBeGreaterThanOrEqual(1);
    expect(total('optimizer_errors_total')).toBe(0);
  });

  it('counts findings by detector and severity, and recommendations by detector', () => {
    const issues = of('issues_detected_total');
    expect(issues.some((s) => s.value > 0)).toBe(true);
    for (const s of issues) {
      expect(s.labels.severity).toMatch(/^(info|low|medium|high|critical)$/);
      expect(s.labels.issue_type).toMatch(/^[a-z0-9-]+$/);
    }
    expect(total('recommendations_generated_total')).toBeGreaterThan(0);
    expect(total('recommendations_by_status', { status: 'pending' })).toBe(
      total('recommendations_generated_total'),
    );
    expect(of('active_optimizations')).toEqual([
      { name: 'active_optimizations', labels: { cluster: expect.any(String) }, value: 0 },
    ]);
  });

  it('counts Dremio requests by endpoint template, never with an id', () => {
    expect(total('dremio_api_requests_total')).toBeGreaterThan(0);
    const endpoints = new Set(of('dremio_api_requests_total').map((s) => s.labels.endpoint!));
    expect(endpoints).toContain('POST /api/v3/sql');
    expect([...endpoints].some((e) => e.startsWith('GET /api/v3/job/:id'))).toBe(true);
    for (const endpoint of endpoints) expect(endpoint).toMatch(/^(GET|POST|PUT|DELETE) (\/[a-z0-9._:-]+)+$/i);
    expect(of('dremio_api_errors_total').every((s) => !/^[23]/.test(s.labels.status!))).toBe(true);
  });

  it('counts the jobs collected and the lag of the collection, anchored on the stored jobs', () => {
    const cluster = of('collection_jobs_total')[0]?.labels.cluster;
    expect(cluster).toBeDefined();
    expect(total('collection_jobs_total', { cluster: cluster! })).toBeGreaterThan(100);
    const lag = of('collection_lag_seconds', { cluster: cluster! });
    expect(lag).toHaveLength(1);
    expect(lag[0]!.value).toBeGreaterThanOrEqual(0);
  });

  it('starts the error and model counters at zero, so rates exist before the first failure', () => {
    expect(of('db_errors_total')).toEqual([{ name: 'db_errors_total', labels: {}, value: 0 }]);
    expect(total('llm_requests_total')).toBe(0);
    // The simulated cluster records no change before this first cycle: nothing measured yet.
    expect(of('measurements_recorded_total').map((s) => [s.labels.meets_expectation, s.value])).toEqual([
      ['true', 0],
      ['false', 0],
      ['unknown', 0],
    ]);
    expect(of('average_improvement_pct')).toEqual([]);
    expect(
      of('llm_tokens_total')
        .map((s) => s.labels.kind)
        .sort(),
    ).toEqual(['completion', 'prompt']);
  });
});
