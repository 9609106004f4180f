import { PassThrough } from 'node:stream';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeData } from '../../src/app/analyze.js';
import { createAppDeps } from '../../src/app/app-deps.js';
import { collectData } from '../../src/app/collect.js';
import { taskOutput } from '../../src/app/tasks.js';
import { SEVERITIES } from '../../src/domain/severity.js';
import { createLogger } from '../../src/log/index.js';
import { withSpan } from '../../src/observe/span.js';
import { startTracing, type Tracing, tracesEndpoint } from '../../src/observe/tracing.js';
import { call, KEYS, startTestApi } from '../api/api-harness.js';
import { simulatorApp, simulatorConfig } from '../support/sim-app.js';
import { type TestStore, testBackends } from '../support/store-backends.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let test: TestStore;
let app: Awaited<ReturnType<typeof simulatorApp>>;
/** The spans of one collection and one analysis, run as one traced command. */
let spans: readonly ReadableSpan[];
/** What they logged. */
const logged: Record<string, unknown>[] = [];

const named = (name: string) => spans.filter((s) => s.name === name);
const byId = () => new Map(spans.map((s) => [s.spanContext().spanId, s]));
const parentOf = (span: ReadableSpan) => byId().get(span.parentSpanContext?.spanId ?? '');

beforeAll(async () => {
  tracing = await startTracing({ exporter, immediate: true, env: {} });
  test = await testBackends()[0]!.fresh();
  app = await simulatorApp(test.store, { jobs: 300, days: 3, seed: 3 });
  const destination = new PassThrough();
  destination.on('data', (c: Buffer) => {
    for (const l of c.toString().split('\n')) if (l !== '') logged.push(JSON.parse(l));
  });
  const logger = createLogger({ level: 'info', format: 'json', destination });
  const deps = createAppDeps({ config: simulatorConfig(app.sim), logger, store: test.store });
  await withSpan(
    'cli.test',
    {},
    async () => {
      await collectData(deps, { cluster: 'sim', profiles: '5' });
      await analyzeData(deps, { cluster: 'sim' });
    },
    { root: true },
  );
  deps.close();
  spans = exporter.getFinishedSpans();
}, 180_000);

afterAll(async () => {
  await tracing?.shutdown();
  await app?.dispose();
  await test?.dispose();
});

describe('traces of a collection and an analysis (in-memory exporter)', () => {
  it('puts every span of the command in one trace under its root', () => {
    const [root] = named('cli.test');
    expect(root).toBeDefined();
    expect(root!.parentSpanContext).toBeUndefined();
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    expect([...traceIds]).toEqual([root!.spanContext().traceId]);
  });

  it('names a span per collection stage, with the Dremio requests of each stage under it', () => {
    for (const stage of ['history', 'profiles', 'reflections', 'datasets', 'changes'])
      expect(named(`collect.${stage}`), stage).toHaveLength(1);
    const requests = named('dremio.request');
    expect(requests.length).toBeGreaterThan(5);
    const parents = new Set(requests.map((r) => parentOf(r)?.name));
    expect(parents).toContain('collect.history');
    expect(parents).toContain('collect.profiles');
    for (const r of requests) {
      expect(r.attributes.endpoint).toMatch(/^(GET|POST|PUT|DELETE) \//);
      // Normalised: no job id (Dremio's are UUID-like) in the endpoint.
      expect(String(r.attributes.endpoint)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
      expect(r.attributes.attempt).toBeGreaterThanOrEqual(1);
    }
    const profile = requests.find((r) => parentOf(r)?.name === 'collect.profiles');
    expect(profile?.attributes.status).toBe(200);
    expect(requests.map((r) => r.attributes.endpoint)).toContain('POST /api/v3/sql');
  });

  it('runs each detector in a span under analysis.analyze, saying whether it found an issue and how bad', () => {
    const [analysis] = named('analysis.analyze');
    expect(analysis?.attributes).toMatchObject({ cluster: 'sim' });
    const detectors = spans.filter((s) => s.name.startsWith('detector.'));
    expect(detectors.length).toBeGreaterThan(10);
    for (const d of detectors) {
      expect(parentOf(d)?.name).toBe('analysis.analyze');
      expect(typeof d.attributes.issue_detected).toBe('boolean');
      expect(['none', ...SEVERITIES]).toContain(d.attributes.severity);
    }
    const hit = detectors.find((d) => d.attributes.issue_detected === true);
    expect(hit, 'some detector finds an issue in the simulated workload').toBeDefined();
    expect(SEVERITIES).toContain(hit!.attributes.severity);
    expect(parentOf(named('recommendation.generate')[0]!)?.name).toBe('analysis.analyze');
  });

  it('records the store queries as db.query spans inside the stage or analysis that ran them', () => {
    const queries = named('db.query');
    expect(queries.length).toBeGreaterThan(10);
    const parents = new Set(queries.map((q) => parentOf(q)?.name));
    expect(parents).toContain('collect.history');
    expect(parents).toContain('analysis.analyze');
    expect(queries.map((q) => q.attributes['db.operation.name'])).toContain('INSERT');
  });
});

describe('log events', () => {
  it('names the end of a collection and the findings an analysis opened, inside the trace', () => {
    const traceId = named('cli.test')[0]!.spanContext().traceId;
    const finished = logged.filter((l) => l.event === 'collection.finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      cluster: 'sim',
      status: 'succeeded',
      profiles: 5,
      trace_id: traceId,
    });
    const [opened] = logged.filter((l) => l.event === 'finding.opened');
    expect(opened).toMatchObject({ cluster: 'sim', trace_id: traceId });
    expect(opened!.count).toBeGreaterThan(0);
    expect((opened!.findings as string[]).length).toBe(Math.min(50, opened!.count as number));
    expect(logged.filter((l) => l.event === 'finding.resolved')).toEqual([]);
  });
});

describe('log lines with tracing on', () => {
  function capture() {
    const stream = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    stream.on('data', (c: Buffer) => {
      for (const l of c.toString().split('\n')) if (l !== '') lines.push(JSON.parse(l));
    });
    return { stream, lines };
  }

  it('carry the trace and span id of the active span, and none outside a span', async () => {
    const out = capture();
    const logger = createLogger({ level: 'info', format: 'json', destination: out.stream });
    let ids: { traceId: string; spanId: string } | undefined;
    await withSpan('test.log', {}, async (span) => {
      ids = span.spanContext();
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    expect(out.lines[0]).toMatchObject({ msg: 'inside', trace_id: ids!.traceId, span_id: ids!.spanId });
    expect(out.lines[1]).not.toHaveProperty('trace_id');
  });

  it('on the API: every line of a request has its request id; the request is an api.<route> span', async () => {
    const api = await startTestApi({
      store: test.store,
      env: {
        DREMIO_URL: app.sim.url,
        DREMIO_USERNAME: app.sim.credentials.userName,
        DREMIO_PASSWORD: app.sim.credentials.password,
      },
    });
    try {
      const started = await call(api.url, '/api/v1/optimize/collect', {
        key: KEYS.writer,
        json: { cluster: 'sim', profiles: 0, only: 'history' },
        headers: { 'X-Request-Id': 'obs-test-42' },
      });
      expect(started.status, started.text).toBe(202);
      expect(started.headers.get('x-request-id')).toBe('obs-test-42');
      await api.api.tasks.idle();
      expect(taskOutput.parse(started.body).kind).toBe('collect');
      const lines = api.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      // The collection logs deep below the API, with no request id passed to it: it has it all the same.
      const finished = lines.filter((l) => l.event === 'collection.finished');
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({ requestId: 'obs-test-42', status: 'succeeded' });
      const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'api./api/v1/optimize/collect');
      expect(span?.attributes).toMatchObject({ 'http.response.status_code': 202, requestId: 'obs-test-42' });
      expect(finished[0]!.trace_id).toBe(span!.spanContext().traceId);
      expect(lines.find((l) => l.msg === 'request')?.requestId).toBe('obs-test-42');

      const unsafe = await call(api.url, '/health', { headers: { 'X-Request-Id': 'no spaces allowed' } });
      expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await api.close();
    }
  });
});

describe('tracesEndpoint', () => {
  it('is on only with an OTLP endpoint, the traces one first, and off when the SDK is disabled', () => {
    expect(tracesEndpoint({})).toBeUndefined();
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces');
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom',
      }),
    ).toBe('http://t:4318/custom');
    expect(
      tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined();
    expect(
      tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeUndefined();
  });
});
