import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, type ServiceRoute } from '../../src/api/routes.js';
import { errorOutput } from '../../src/app/error-wire.js';
import { stringifyWire } from '../../src/app/wire-json.js';
import { ANALYZED_AT, collectedAndAnalyzed, type ReadFixture } from '../app/read-fixture.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';
import { type Answer, call, KEYS, startTestApi, type TestApi } from './api-harness.js';

const READ_ROUTES = API_ROUTES.filter(
  (r): r is ServiceRoute => r.kind === 'service' && r.method === 'GET' && r.task !== true,
);

function stringifyQuery(input: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)]));
}

function expectError(answer: Answer, status: number) {
  expect(answer.status, `${answer.status} ${answer.text}`).toBe(status);
  return errorOutput.parse(answer.body).error;
}

/**
 * Every read route over real HTTP on a store collected from the simulator and analysed: 401, 403, 200
 * with the answer parsed by the route's output schema, 400 naming the field, 404 for an unknown
 * cluster (and an unknown id), and 429 once the key's budget is spent.
 */
describe.each(testBackends())('read routes over HTTP [$name]', (backend) => {
  let fx: ReadFixture;
  let api: TestApi;
  let limited: TestApi;
  const concrete = new Map<string, string>();
  beforeAll(async () => {
    fx = await collectedAndAnalyzed(backend);
    api = await startTestApi({ store: fx.t.store, env: { API_RATE_LIMIT_PER_MINUTE: '10000' } });
    limited = await startTestApi({ store: fx.t.store, env: { API_RATE_LIMIT_PER_MINUTE: '1' } });
    const first = async (path: string, query = '') => {
      const answer = await call(api.url, `${path}?limit=1${query}`, { key: KEYS.reader });
      expect(answer.status, answer.text).toBe(200);
      const item = (answer.body as { items: Record<string, unknown>[] }).items[0];
      expect(item, `${path} has items`).toBeDefined();
      return item!;
    };
    const job = await first('/api/v1/jobs', '&state=COMPLETED');
    concrete.set(
      '/api/v1/collection-runs/{id}',
      `/api/v1/collection-runs/${(await first('/api/v1/collection-runs')).id}`,
    );
    concrete.set('/api/v1/jobs/{id}', `/api/v1/jobs/${job.jobId}`);
    concrete.set('/api/v1/fingerprints/{fp}', `/api/v1/fingerprints/${job.fingerprint}`);
    concrete.set('/api/v1/findings/{id}', `/api/v1/findings/${(await first('/api/v1/findings')).id}`);
    const rec = await first('/api/v1/recommendations');
    concrete.set('/api/v1/recommendations/{id}', `/api/v1/recommendations/${rec.id}`);
    concrete.set('/api/v1/recommendations/{id}/impact', `/api/v1/recommendations/${rec.id}/impact`);
    concrete.set(
      '/api/v1/datasets/{path}',
      `/api/v1/datasets/${encodeURIComponent(String((await first('/api/v1/datasets')).path))}`,
    );
  }, 240_000);
  afterAll(async () => {
    await limited?.close();
    await api?.close();
    await fx?.dispose();
  });

  const MISSING: Record<string, string> = {
    '/api/v1/collection-runs/{id}': '999999',
    '/api/v1/datasets/{path}': 'no.such.dataset',
  };
  // Paths with no stored example: a measurement needs a measured change, a task a started one.
  const NO_EXAMPLE = new Set(['/api/v1/measurements/{id}', '/api/v1/optimize/batch/{task_id}']);

  it.each(READ_ROUTES.map((r) => [r.path, r] as const))('%s', async (_path, route) => {
    const path = route.path.includes('{') ? concrete.get(route.path) : route.path;
    const sample = path ?? route.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

    expectError(await call(api.url, sample), 401);
    expectError(await call(api.url, sample, { key: 'not-a-key-0123456789' }), 401);
    expectError(await call(api.url, sample, { key: KEYS.writeOnly }), 403);

    if (!NO_EXAMPLE.has(route.path)) {
      expect(path, `an example for ${route.path}`).toBeDefined();
      const ok = await call(api.url, path!, { key: KEYS.reader });
      expect(ok.status, ok.text).toBe(200);
      const parsed = route.service.output.safeParse(ok.body);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(
        true,
      );
    }

    const join = sample.includes('?') ? '&' : '?';
    const fields = Object.keys(route.service.input.shape);
    if (fields.includes('limit')) {
      const bad = expectError(await call(api.url, `${sample}${join}limit=0`, { key: KEYS.reader }), 400);
      expect(bad.problems?.map((p) => p.field)).toContain('limit');
    }
    if (fields.includes('cluster')) {
      const bad = expectError(await call(api.url, `${sample}${join}cluster=`, { key: KEYS.reader }), 400);
      expect(bad.problems?.map((p) => p.field)).toContain('cluster');
      const unknown = expectError(
        await call(api.url, `${sample}${join}cluster=no-such-cluster`, { key: KEYS.reader }),
        404,
      );
      expect(unknown).toMatchObject({ entity: 'cluster', field: 'cluster' });
    }
    if (route.path.includes('{')) {
      if (route.service.serviceName === 'tasks.get') {
        expectError(await call(api.url, '/api/v1/optimize/batch/not-a-task-id', { key: KEYS.reader }), 400);
      }
      const missing = route.path.replace(
        /\{[^}]+\}/g,
        MISSING[route.path] ?? '00000000-0000-4000-8000-000000000000',
      );
      expectError(await call(api.url, missing, { key: KEYS.reader }), 404);
    }

    // The limited server's one request a minute goes to /health/detailed; every route then answers 429.
    await call(limited.url, '/health/detailed', { key: KEYS.reader });
    const over = await call(limited.url, sample, { key: KEYS.reader });
    expectError(over, 429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the numbers of a list equal the service called directly (the CLI calls the same service)', async () => {
    const route = READ_ROUTES.find((r) => r.path === '/api/v1/recommendations')!;
    const answer = await call(api.url, '/api/v1/recommendations?limit=500', { key: KEYS.reader });
    const direct = JSON.parse(stringifyWire(await route.service(fx.deps, { limit: 500 })));
    expect(answer.body).toEqual(direct);
    expect((answer.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });
  it('the dashboard reads (top query shapes, analysis changes, collection health) answer as their services', async () => {
    const answers = new Map<string, Record<string, unknown>>();
    for (const [path, input] of [
      ['/api/v1/fingerprints', { limit: 5 }],
      ['/api/v1/analysis/changes', {}],
      ['/api/v1/clusters', {}],
    ] as const) {
      const route = READ_ROUTES.find((r) => r.path === path)!;
      const answer = await call(api.url, `${path}?${new URLSearchParams(stringifyQuery(input))}`, {
        key: KEYS.reader,
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toEqual(JSON.parse(stringifyWire(await route.service(fx.deps, input))));
      answers.set(path, answer.body as Record<string, unknown>);
    }
    const top = answers.get('/api/v1/fingerprints') as {
      items: { sharePct: number; normalizedSql: unknown }[];
    };
    expect(top.items).toHaveLength(5);
    expect(top.items[0]!.sharePct).toBeGreaterThan(top.items[4]!.sharePct);
    expect(top.items.every((i) => typeof i.normalizedSql === 'string')).toBe(true);
    expect(answers.get('/api/v1/analysis/changes')).toMatchObject({
      items: [{ cluster: 'sim', latestAnalysisAt: ANALYZED_AT.toISOString(), previousAnalysisAt: null }],
    });
    expect(answers.get('/api/v1/clusters')).toMatchObject({
      items: [{ name: 'sim', lastCollection: { status: expect.any(String), errors: expect.any(Number) } }],
    });
  });
  it('the numbers of recommendations equal the CLI `recommendations list --format json` on the same store', async (ctx) => {
    // The CLI opens the store itself: with PGlite the test holds the only handle (as `serve` would).
    if (fx.t.location.databaseUrl === undefined) ctx.skip();
    const cli = await runCli(['recommendations', 'list', '--format', 'json'], {
      cwd: fx.t.location.dataDir,
      env: { DATABASE_URL: fx.t.location.databaseUrl! },
    });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const fromCli = new Map((JSON.parse(cli.stdout) as Record<string, unknown>[]).map((r) => [r.id, r]));
    const answer = await call(api.url, '/api/v1/recommendations?limit=500', { key: KEYS.reader });
    const items = (answer.body as { items: Record<string, unknown>[] }).items;
    expect(items.length).toBe(fromCli.size);
    let compared = 0;
    for (const item of items) {
      const other = fromCli.get(item.id);
      expect(other, `the CLI lists ${String(item.id)}`).toBeDefined();
      for (const [key, value] of Object.entries(item)) {
        if (typeof value === 'number' && typeof other![key] === 'number') {
          expect(other![key], `${String(item.id)}.${key}`).toBe(value);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(items.length);
  });
});
