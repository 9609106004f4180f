import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectData } from '../../src/app/collect.js';
import { errorOutput } from '../../src/app/error-wire.js';
import { refreshBaselines } from '../../src/app/fingerprints.js';
import { optimizeJob } from '../../src/app/optimize-job.js';
import { runPipeline } from '../../src/app/pipeline.js';
import { taskOutput } from '../../src/app/tasks.js';
import { startSimulator } from '../../src/simulator/index.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { type Answer, call, KEYS, startTestApi, type TestApi } from './api-harness.js';

function expectError(answer: Answer, status: number) {
  expect(answer.status, `${answer.status} ${answer.text}`).toBe(status);
  return errorOutput.parse(answer.body).error;
}

/** The routes that collect from Dremio and write the store, against the simulator over real HTTP. */
describe.each(testBackends())('write routes over HTTP [$name]', (backend) => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let test: TestStore;
  let api: TestApi;
  let noDremio: TestApi;
  let limited: TestApi;
  beforeAll(async () => {
    sim = await startSimulator({ flavor: 'software-25.1', jobs: 300, days: 3, seed: 2 });
    test = await backend.fresh();
    api = await startTestApi({
      store: test.store,
      env: {
        DREMIO_URL: sim.url,
        DREMIO_USERNAME: sim.credentials.userName,
        DREMIO_PASSWORD: sim.credentials.password,
        API_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    noDremio = await startTestApi({ store: test.store });
    limited = await startTestApi({ store: test.store, env: { API_RATE_LIMIT_PER_MINUTE: '1' } });
    await call(limited.url, '/health/detailed', { key: KEYS.writer });
  }, 120_000);
  afterAll(async () => {
    await limited?.close();
    await noDremio?.close();
    await api?.close();
    await test?.dispose();
    await sim?.stop();
  });

  async function finished(id: string) {
    await api.api.tasks.idle();
    const answer = await call(api.url, `/api/v1/optimize/batch/${id}`, { key: KEYS.reader });
    expect(answer.status).toBe(200);
    return taskOutput.parse(answer.body);
  }

  it('POST /api/v1/optimize/collect: 401, 403, 400, 429, then 202 and a task that collected', async () => {
    const path = '/api/v1/optimize/collect';
    expectError(await call(api.url, path, { json: {} }), 401);
    expectError(await call(api.url, path, { key: KEYS.reader, json: {} }), 403);
    expect(
      expectError(await call(api.url, path, { key: KEYS.writer, json: { profiles: -1 } }), 400).problems?.[0]
        ?.field,
    ).toBe('profiles');
    expectError(await call(limited.url, path, { key: KEYS.writer, json: {} }), 429);
    const started = await call(api.url, path, { key: KEYS.writer, json: { profiles: 20 } });
    expect(started.status, started.text).toBe(202);
    const task = await finished(taskOutput.parse(started.body).id);
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded');
    const result = collectData.output.parse(task.result) as { dryRun: boolean; status?: string };
    expect(result.dryRun).toBe(false);
    expect(result.status).toBe('succeeded');
  }, 120_000);

  it('POST /api/v1/optimize/query: 400 on a malformed job id, 503 without a Dremio, 200 with findings of a collected job', async () => {
    const path = '/api/v1/optimize/query';
    expectError(await call(api.url, path, { key: KEYS.reader, json: { jobId: 'x' } }), 403);
    expect(
      expectError(await call(api.url, path, { key: KEYS.writer, json: { jobId: 'not a job!' } }), 400)
        .problems?.[0]?.field,
    ).toBe('jobId');
    expectError(await call(limited.url, path, { key: KEYS.writer, json: { jobId: 'x' } }), 429);
    const config = expectError(
      await call(noDremio.url, path, { key: KEYS.writer, json: { jobId: 'abc' } }),
      503,
    );
    expect(config.problems?.[0]?.field).toBe('DREMIO_URL');
    const job = await test.store.db
      .selectFrom('jobs')
      .select('job_id')
      .where('state', '=', 'COMPLETED')
      .orderBy('job_id')
      .executeTakeFirstOrThrow();
    const answer = await call(api.url, path, { key: KEYS.writer, json: { jobId: job.job_id } });
    expect(answer.status, answer.text).toBe(200);
    expect(optimizeJob.output.safeParse(answer.body).success).toBe(true);
  }, 120_000);

  it('POST /api/v1/optimize/batch: collect → analyze → recommend → measure as a task', async () => {
    const path = '/api/v1/optimize/batch';
    expectError(await call(api.url, path, { key: KEYS.reader, json: {} }), 403);
    expectError(await call(api.url, path, { key: KEYS.writer, json: { profiles: -1 } }), 400);
    expectError(await call(limited.url, path, { key: KEYS.writer, json: {} }), 429);
    const started = await call(api.url, path, { key: KEYS.writer, json: { profiles: 10 } });
    expect(started.status, started.text).toBe(202);
    const task = await finished(taskOutput.parse(started.body).id);
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded');
    expect(runPipeline.output.safeParse(task.result).success).toBe(true);
  }, 180_000);

  it('recommendation actions: status by PATCH with lifecycle rules, apply needs the apply scope and confirm, waivers', async () => {
    const rec = await test.store.db
      .selectFrom('recommendations')
      .select('id')
      .where('status', '=', 'pending')
      .orderBy('id')
      .executeTakeFirst();
    expect(rec, 'the batch left pending recommendations').toBeDefined();
    const status = `/api/v1/recommendations/${rec!.id}/status`;
    expectError(await call(api.url, status, { method: 'PATCH', json: { to: 'accepted' } }), 401);
    expectError(
      await call(api.url, status, { key: KEYS.reader, method: 'PATCH', json: { to: 'accepted' } }),
      403,
    );
    expect(
      expectError(
        await call(api.url, status, { key: KEYS.writer, method: 'PATCH', json: { to: 'sideways' } }),
        400,
      ).problems?.[0]?.field,
    ).toBe('to');
    expectError(
      await call(api.url, '/api/v1/recommendations/0000000000000000/status', {
        key: KEYS.writer,
        method: 'PATCH',
        json: { to: 'accepted' },
      }),
      404,
    );
    expectError(
      await call(limited.url, status, { key: KEYS.writer, method: 'PATCH', json: { to: 'accepted' } }),
      429,
    );
    const accepted = await call(api.url, status, {
      key: KEYS.writer,
      method: 'PATCH',
      json: { to: 'accepted', actor: 'someone else' },
    });
    expect(accepted.status, accepted.text).toBe(200);
    const history = await test.store.db
      .selectFrom('recommendation_status_history')
      .selectAll()
      .where('recommendation_id', '=', rec!.id)
      .execute();
    expect(history.map((h) => h.actor)).toContain('api:writer');
    expect(history.map((h) => h.actor)).not.toContain('someone else');

    const apply = `/api/v1/recommendations/${rec!.id}/apply`;
    expectError(await call(api.url, apply, { key: KEYS.writer, json: { confirm: true } }), 403);
    const unconfirmed = expectError(await call(api.url, apply, { key: KEYS.admin, json: {} }), 409);
    expect(unconfirmed.field).toBe('confirm');

    const waiver = await call(api.url, '/api/v1/waivers', {
      key: KEYS.writer,
      json: { target: 'small-files:lake.*', reason: 'known, fixed next quarter' },
    });
    expect(waiver.status, waiver.text).toBe(200);
    expect(
      expectError(await call(api.url, '/api/v1/waivers', { key: KEYS.writer, json: { reason: 'x' } }), 400)
        .problems?.[0]?.field,
    ).toBe('target');
  }, 120_000);

  it.each([
    ['/api/v1/analysis/run', 'analyze'],
    ['/api/v1/analysis/recommend', 'recommend'],
    ['/api/v1/measurements/run', 'measure'],
  ])(
    'POST %s runs %s as a task: 401, 403, 400, 429, 202 then succeeded',
    async (path, kind) => {
      expectError(await call(api.url, path, { json: {} }), 401);
      expectError(await call(api.url, path, { key: KEYS.reader, json: {} }), 403);
      expect(
        expectError(await call(api.url, path, { key: KEYS.writer, json: { cluster: '' } }), 400).problems?.[0]
          ?.field,
      ).toBe('cluster');
      expectError(await call(limited.url, path, { key: KEYS.writer, json: {} }), 429);
      const started = await call(api.url, path, { key: KEYS.writer, json: { at: '2026-12-01T00:00:00Z' } });
      expect(started.status, started.text).toBe(202);
      const task = await finished(taskOutput.parse(started.body).id);
      expect(task.kind).toBe(kind);
      expect(task.status, JSON.stringify(task.error)).toBe('succeeded');
    },
    120_000,
  );

  it('mark applied and verify: 401, 403, 400, 404 on an unknown recommendation', async () => {
    for (const action of ['applied', 'verify']) {
      const path = `/api/v1/recommendations/0000000000000000/${action}`;
      expectError(await call(api.url, path, { json: {} }), 401);
      expectError(await call(api.url, path, { key: KEYS.reader, json: {} }), 403);
      expectError(await call(api.url, path, { key: KEYS.writer, json: { cluster: '' } }), 400);
      expectError(await call(limited.url, path, { key: KEYS.writer, json: {} }), 429);
    }
    expectError(
      await call(api.url, '/api/v1/recommendations/0000000000000000/applied', {
        key: KEYS.writer,
        json: { at: '2026-11-01T00:00:00Z' },
      }),
      404,
    );
    expectError(
      await call(api.url, '/api/v1/recommendations/0000000000000000/verify', { key: KEYS.writer, json: {} }),
      404,
    );
  });

  it('POST /api/v1/analysis/baselines/refresh: 403 for a reader, 400 on a bad window, 200 for a writer', async () => {
    const path = '/api/v1/analysis/baselines/refresh';
    expectError(await call(api.url, path, { json: {} }), 401);
    expectError(await call(api.url, path, { key: KEYS.reader, json: {} }), 403);
    expect(
      expectError(await call(api.url, path, { key: KEYS.writer, json: { windowDays: 0 } }), 400).problems?.[0]
        ?.field,
    ).toBe('windowDays');
    expectError(await call(api.url, path, { key: KEYS.writer, json: { cluster: 'no-such-cluster' } }), 404);
    expectError(await call(limited.url, path, { key: KEYS.writer, json: {} }), 429);
    const answer = await call(api.url, path, { key: KEYS.writer, json: {} });
    expect(answer.status, answer.text).toBe(200);
    expect(refreshBaselines.output.safeParse(answer.body).success).toBe(true);
  }, 120_000);
});
