import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detailedHealthOutput, healthOutput } from '../../src/api/openapi.js';
import { profileUpload } from '../../src/api/profile-upload.js';
import { type AnyService, API_ROUTES, type ApiRoute } from '../../src/api/routes.js';
import { errorOutput } from '../../src/app/error-wire.js';
import { defineService } from '../../src/app/service.js';
import { taskOutput } from '../../src/app/tasks.js';
import { ConflictError } from '../../src/errors.js';
import { insertTask } from '../../src/store/tasks-repository.js';
import { realFixture } from '../support/fixtures.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { type Answer, call, KEYS, startTestApi, type TestApi } from './api-harness.js';

// Services that exist only for these tests: they exercise the transport (tasks, bodies, queries).
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
let gate = deferred();
const waitService = defineService({
  name: 'test.wait',
  summary: 'Waits for the test to let it finish, or for the stop signal',
  input: z.object({ label: z.string().min(1), fail: z.boolean().default(false) }),
  output: z.object({ label: z.string() }),
  async run(deps, { label, fail }) {
    await Promise.race([
      gate.promise,
      new Promise<void>((done) => {
        if (deps.signal?.aborted === true) done();
        deps.signal?.addEventListener('abort', () => done(), { once: true });
      }),
    ]);
    if (deps.signal?.aborted === true) throw new Error('stopped');
    if (fail) throw new ConflictError('told to fail', { field: 'fail' });
    return { label };
  },
});
const echoService = defineService({
  name: 'test.echo',
  summary: 'Returns its input',
  input: z.object({
    id: z.string().regex(/^[a-z]+$/),
    count: z.coerce.number().int().min(1),
    tags: z.array(z.string()).optional(),
  }),
  output: z.object({ id: z.string(), count: z.number(), tags: z.array(z.string()).nullable() }),
  async run(_deps, input) {
    return { id: input.id, count: input.count, tags: input.tags ?? null };
  },
});
const TEST_ROUTES: readonly ApiRoute[] = [
  ...API_ROUTES,
  {
    kind: 'service',
    method: 'POST',
    path: '/test/tasks',
    scope: 'write',
    service: waitService as AnyService,
    from: 'body',
    task: true,
  },
  {
    kind: 'service',
    method: 'GET',
    path: '/test/echo/{id}',
    scope: 'read',
    service: echoService as AnyService,
    from: 'query',
  },
  {
    kind: 'service',
    method: 'PATCH',
    path: '/test/echo/{id}',
    scope: 'write',
    service: echoService as AnyService,
    from: 'body',
  },
];

const PROFILE = readFileSync(realFixture('dqd/profile1.json'));
const SUPPORT_ZIP = readFileSync(realFixture('dqd/testprofile.zip'));

function expectError(answer: Answer, status: number, code?: string) {
  expect(answer.status, answer.text).toBe(status);
  const body = errorOutput.parse(answer.body);
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error;
}

describe.each(testBackends())('API over HTTP [$name]', (backend) => {
  let test: TestStore;
  let api: TestApi;
  beforeAll(async () => {
    test = await backend.fresh();
    api = await startTestApi({ store: test.store, routes: TEST_ROUTES });
  });
  afterAll(async () => {
    await api?.close();
    await test?.dispose();
  });
  afterEach(() => {
    gate.resolve();
    gate = deferred();
  });

  it('answers /health without a key, and echoes the request id', async () => {
    const answer = await call(api.url, '/health', { headers: { 'X-Request-Id': 'probe-1' } });
    expect(answer.status).toBe(200);
    expect(healthOutput.parse(answer.body).status).toBe('ok');
    expect(answer.headers.get('x-request-id')).toBe('probe-1');
  });

  it('/health/detailed: 401 without a key or with a wrong one, 403 without read, 200 with the store checked', async () => {
    expectError(await call(api.url, '/health/detailed'), 401, 'UNAUTHENTICATED');
    expectError(
      await call(api.url, '/health/detailed', { key: 'not-a-key-0123456789' }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await call(api.url, '/health/detailed', { key: KEYS.writeOnly }), 403, 'FORBIDDEN');
    const answer = await call(api.url, '/health/detailed', { key: KEYS.reader, header: 'x-api-key' });
    expect(answer.status).toBe(200);
    const health = detailedHealthOutput.parse(answer.body);
    expect(health.status).toBe('healthy');
    expect(health.checks).toEqual([expect.objectContaining({ name: 'store', ok: true })]);
  });

  it('a key given by its SHA-256 only authenticates', async () => {
    expect((await call(api.url, '/health/detailed', { key: KEYS.admin })).status).toBe(200);
  });

  it('builds the input from path and query, coerces it with the service schema, and answers 400 naming the field', async () => {
    const ok = await call(api.url, '/test/echo/abc?count=3&tags=x', { key: KEYS.reader });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ id: 'abc', count: 3, tags: ['x'] });
    const bad = expectError(
      await call(api.url, '/test/echo/ABC?count=zero', { key: KEYS.reader }),
      400,
      'INVALID_INPUT',
    );
    expect(bad.problems?.map((p) => p.field).sort()).toEqual(['count', 'id']);
  });

  it('reads a JSON body for body routes: 400 on text that is not a JSON object, 413 over the body limit', async () => {
    const ok = await call(api.url, '/test/echo/abc', {
      key: KEYS.writer,
      method: 'PATCH',
      json: { count: 2 },
    });
    expect(ok.body).toEqual({ id: 'abc', count: 2, tags: null });
    const notJson = await call(api.url, '/test/echo/abc', {
      key: KEYS.writer,
      method: 'PATCH',
      body: '{"count":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(expectError(notJson, 400, 'INVALID_INPUT').problems?.[0]?.field).toBe('(body)');
    const huge = await call(api.url, '/test/echo/abc', {
      key: KEYS.writer,
      method: 'PATCH',
      json: { count: 1, tags: ['x'.repeat(1_100_000)] },
    });
    expectError(huge, 413, 'PAYLOAD_TOO_LARGE');
    expectError(
      await call(api.url, '/test/echo/abc', { key: KEYS.reader, method: 'PATCH', json: { count: 2 } }),
      403,
    );
  });

  it('answers 404 with an error body on a route that does not exist', async () => {
    expectError(await call(api.url, '/api/v1/nothing-here', { key: KEYS.reader }), 404, 'NOT_FOUND');
  });

  describe('background tasks', () => {
    it('starts a task (202), which a poll shows running then succeeded with its result', async () => {
      const started = await call(api.url, '/test/tasks', { key: KEYS.writer, json: { label: 'first' } });
      expect(started.status, started.text).toBe(202);
      const task = taskOutput.parse(started.body);
      expect(task).toMatchObject({ kind: 'test.wait', status: 'queued', input: { label: 'first' } });
      const path = `/api/v1/optimize/batch/${task.id}`;
      const running = taskOutput.parse((await call(api.url, path, { key: KEYS.reader })).body);
      expect(running.status).toBe('running');
      gate.resolve();
      await api.api.tasks.idle();
      const done = await call(api.url, path, { key: KEYS.reader });
      expect(done.status).toBe(200);
      expect(taskOutput.parse(done.body)).toMatchObject({
        status: 'succeeded',
        result: { label: 'first' },
        error: null,
      });
    });

    it('validates the input before storing anything (400), and records a failing service as failed', async () => {
      const bad = expectError(
        await call(api.url, '/test/tasks', { key: KEYS.writer, json: { label: '' } }),
        400,
      );
      expect(bad.problems?.[0]?.field).toBe('label');
      const started = taskOutput.parse(
        (await call(api.url, '/test/tasks', { key: KEYS.writer, json: { label: 'x', fail: true } })).body,
      );
      gate.resolve();
      await api.api.tasks.idle();
      const failed = taskOutput.parse(
        (await call(api.url, `/api/v1/optimize/batch/${started.id}`, { key: KEYS.reader })).body,
      );
      expect(failed).toMatchObject({
        status: 'failed',
        error: { code: 'CONFLICT', message: 'told to fail' },
      });
      expect(failed.finishedAt).not.toBeNull();
    });

    it('task polls: 401, 403, 400 on an id that cannot be one, 404 on an unknown id', async () => {
      const path = `/api/v1/optimize/batch/${randomUUID()}`;
      expectError(await call(api.url, path), 401);
      expectError(await call(api.url, path, { key: KEYS.writeOnly }), 403);
      expect(
        expectError(await call(api.url, '/api/v1/optimize/batch/nope', { key: KEYS.reader }), 400)
          .problems?.[0]?.field,
      ).toBe('taskId');
      expect(expectError(await call(api.url, path, { key: KEYS.reader }), 404).entity).toBe('task');
      expectError(await call(api.url, '/test/tasks', { key: KEYS.reader, json: { label: 'x' } }), 403);
    });
  });

  describe('POST /api/v1/profiles/analyze', () => {
    const path = '/api/v1/profiles/analyze';
    it('summarises an uploaded profile JSON and a support ZIP, storing nothing', async () => {
      const json = await call(api.url, `${path}?name=profile1.json`, { key: KEYS.reader, body: PROFILE });
      expect(json.status, json.text).toBe(200);
      const result = profileUpload.output.parse(json.body);
      expect(result.errors).toEqual([]);
      expect(result.profiles).toHaveLength(1);
      expect(result.profiles[0]).toMatchObject({ file: 'profile1.json', attempt: 0 });
      expect(result.profiles[0]!.jobId).toMatch(/^[0-9a-f-]{20,}$/);
      // The upload answers with the same summary as analyze-profile: wait and state shares included
      // (profile1's scan waited 877,221,339 ns on I/O; 60% of its time was metadata retrieval).
      const summary = result.profiles[0]!.summary as {
        scans: { waitNanos: number; totalNanos: number }[];
        stateSharesPercent: Record<string, number>;
      };
      expect(summary.scans[0]?.waitNanos).toBe(877221339);
      expect(summary.scans[0]?.totalNanos).toBeGreaterThan(877221339);
      expect(Math.round(summary.stateSharesPercent.metadataRetrieval ?? 0)).toBe(60);
      const zip = profileUpload.output.parse(
        (await call(api.url, path, { key: KEYS.reader, body: SUPPORT_ZIP })).body,
      );
      expect(zip.profiles.length).toBeGreaterThan(0);
      expect(zip.profiles[0]!.file).toMatch(/^upload!/);
      const stored = await test.store.db
        .selectFrom('profiles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(0);
    });

    it('401 without a key, 403 without read, 400 on an empty body, errors listed for a body that is no profile', async () => {
      expectError(await call(api.url, path, { body: PROFILE }), 401);
      expectError(await call(api.url, path, { key: KEYS.writeOnly, body: PROFILE }), 403);
      expect(
        expectError(await call(api.url, path, { key: KEYS.reader, body: '' }), 400).problems?.[0]?.field,
      ).toBe('(body)');
      const junk = profileUpload.output.parse(
        (await call(api.url, path, { key: KEYS.reader, body: 'not a profile' })).body,
      );
      expect(junk.profiles).toEqual([]);
      expect(junk.errors).toHaveLength(1);
    });
  });

  it('logs one JSON line per request with the route pattern, never the key or the raw path', async () => {
    const id = randomUUID();
    await call(api.url, `/api/v1/optimize/batch/${id}`, {
      key: KEYS.reader,
      headers: { 'X-Request-Id': 'log-probe' },
    });
    const line = api.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === 'log-probe');
    expect(line).toMatchObject({
      method: 'GET',
      route: '/api/v1/optimize/batch/{task_id}',
      status: 404,
      client: 'reader',
    });
    expect(typeof line?.ms).toBe('number');
    const all = api.logs.join('\n');
    expect(all).not.toContain(id);
    for (const key of Object.values(KEYS)) expect(all).not.toContain(key);
  });
});

describe.each(testBackends())('API limits and lifecycle [$name]', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    gate.resolve();
    gate = deferred();
    while (cleanups.length > 0) await cleanups.pop()!();
  });
  async function fresh() {
    const test = await backend.fresh();
    cleanups.push(() => test.dispose());
    return test;
  }

  it('rate-limits per key: RateLimit headers count down, then 429 with Retry-After until the minute turns', async () => {
    const test = await fresh();
    const api = await startTestApi({ store: test.store, env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
    cleanups.push(() => api.close());
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call(api.url, '/health/detailed', { key: KEYS.reader });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(answer.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await call(api.url, '/api/v1/optimize/batch/nope', { key: KEYS.reader });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('50');
    // Another key has its own budget; open routes are not counted.
    expect((await call(api.url, '/health/detailed', { key: KEYS.writer })).status).toBe(200);
    expect((await call(api.url, '/health')).status).toBe(200);
    api.advance(50_000);
    expect((await call(api.url, '/health/detailed', { key: KEYS.reader })).status).toBe(200);
  });

  it('cancels running tasks on shutdown, and records them cancelled', async () => {
    const test = await fresh();
    const api = await startTestApi({ store: test.store, routes: TEST_ROUTES });
    const task = taskOutput.parse(
      (await call(api.url, '/test/tasks', { key: KEYS.writer, json: { label: 'long' } })).body,
    );
    await api.close();
    const row = await test.store.db
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect(row.error).toMatchObject({ code: 'TASK_CANCELLED' });
  });

  it('on start, fails the tasks a dead server left unfinished, and leaves those of a live one', async () => {
    const test = await fresh();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(child.stdout);
    const dead = await insertTask(test.store.db, {
      id: randomUUID(),
      kind: 'pipeline',
      input: {},
      owner: { pid: deadPid, host: hostname(), command: 'serve', since: '2026-01-01T00:00:00Z' },
    });
    await test.store.db.updateTable('tasks').set({ status: 'running' }).where('id', '=', dead.id).execute();
    const alive = await insertTask(test.store.db, {
      id: randomUUID(),
      kind: 'pipeline',
      input: {},
      owner: { pid: process.ppid, host: hostname(), command: 'serve', since: '2026-01-01T00:00:00Z' },
    });
    const api = await startTestApi({ store: test.store });
    cleanups.push(() => api.close());
    expect(api.api.recovered).toEqual([dead.id]);
    const answer = taskOutput.parse(
      (await call(api.url, `/api/v1/optimize/batch/${dead.id}`, { key: KEYS.reader })).body,
    );
    expect(answer).toMatchObject({ status: 'failed', error: { code: 'TASK_ABANDONED' } });
    expect(answer.error?.message).toContain(`process ${deadPid}`);
    const still = taskOutput.parse(
      (await call(api.url, `/api/v1/optimize/batch/${alive.id}`, { key: KEYS.reader })).body,
    );
    expect(still.status).toBe('queued');
  });

  it('sends CORS headers only to the configured origins', async () => {
    const test = await fresh();
    const open = await startTestApi({ store: test.store });
    cleanups.push(() => open.close());
    const preflight = {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' },
    };
    expect(
      (await call(open.url, '/health/detailed', preflight)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const withCors = await startTestApi({
      store: test.store,
      env: { API_CORS_ORIGINS: 'https://app.example.com' },
    });
    cleanups.push(() => withCors.close());
    const answer = await call(withCors.url, '/health/detailed', preflight);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await call(withCors.url, '/health/detailed', {
      ...preflight,
      headers: { ...preflight.headers, Origin: 'https://evil.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits uploads to API_MAX_UPLOAD_BYTES (413)', async () => {
    const test = await fresh();
    const api = await startTestApi({ store: test.store, env: { API_MAX_UPLOAD_BYTES: '1000' } });
    cleanups.push(() => api.close());
    expectError(
      await call(api.url, '/api/v1/profiles/analyze', { key: KEYS.reader, body: PROFILE }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });
});
