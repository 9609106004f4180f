import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainOutput } from '../../src/agent/explain.js';
import { errorOutput } from '../../src/app/error-wire.js';
import { call, KEYS, startTestApi, type TestApi } from '../api/api-harness.js';
import { type ScriptedLlm, startScriptedLlm } from '../support/scripted-llm-server.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { PII_FINDING, SECRET_EMAIL, scriptedAnswer, seedWorld } from './agent-world.js';

const LLM_KEY = 'sk-api-test-0123456789abcdef';

/** `POST /api/v1/explain` over real HTTP, with the model a scripted server over real HTTP too. */
describe.each(testBackends())('POST /api/v1/explain [$name]', (backend) => {
  let t: TestStore;
  let llm: ScriptedLlm;
  let api: TestApi;
  let plain: TestApi;
  beforeAll(async () => {
    t = await backend.fresh();
    await seedWorld(t.store);
    llm = await startScriptedLlm([
      { toolCalls: [{ name: 'get_job', arguments: { jobId: 'pii-0' } }] },
      { content: JSON.stringify(scriptedAnswer()) },
      // Then the endpoint breaks: the first request and the client's one retry.
      { status: 503, error: 'down' },
      { status: 503, error: 'down' },
    ]);
    api = await startTestApi({
      store: t.store,
      env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'scripted-model', LLM_API_KEY: LLM_KEY },
    });
    plain = await startTestApi({ store: t.store });
  }, 60_000);
  afterAll(async () => {
    await plain?.close();
    await api?.close();
    await llm?.close();
    await t?.dispose();
  });

  it('needs a key with the read scope and validates its body', async () => {
    expect((await call(api.url, '/api/v1/explain', { json: { findingId: PII_FINDING.id } })).status).toBe(
      401,
    );
    const writeOnly = await call(api.url, '/api/v1/explain', {
      key: KEYS.writeOnly,
      json: { findingId: 'x' },
    });
    expect(writeOnly.status).toBe(403);
    const neither = await call(api.url, '/api/v1/explain', { key: KEYS.reader, json: {} });
    expect(neither.status).toBe(400);
    expect(errorOutput.parse(neither.body).error.problems?.[0]?.field).toBe('findingId');
    const unknown = await call(api.url, '/api/v1/explain', { key: KEYS.reader, json: { findingId: 'nope' } });
    expect(unknown.status).toBe(404);
    expect(llm.requests).toHaveLength(0);
  });

  it('answers from the model, then 502 when the model fails; the key and literals stay out of logs and prompts', async () => {
    const answer = await call(api.url, '/api/v1/explain', {
      key: KEYS.reader,
      json: { findingId: PII_FINDING.id },
    });
    expect(answer.status, answer.text).toBe(200);
    const body = explainOutput.parse(answer.body);
    expect(body).toMatchObject({ source: 'model', model: 'scripted-model', findingId: PII_FINDING.id });
    expect(body.answer).toEqual(scriptedAnswer());
    expect(body.toolCalls.map((c) => [c.name, c.ok])).toEqual([['get_job', true]]);
    expect(body.usage).toMatchObject({ promptTokens: 200, completionTokens: 40 });
    expect(llm.requests.every((r) => r.authorization === `Bearer ${LLM_KEY}`)).toBe(true);
    expect(llm.requests.map((r) => r.text).join('\n')).not.toContain(SECRET_EMAIL);

    const failed = await call(api.url, '/api/v1/explain', { key: KEYS.reader, json: { jobId: 'pii-1' } });
    expect(failed.status, failed.text).toBe(502);
    expect(errorOutput.parse(failed.body).error.code).toBe('MODEL_FAILED');
    expect(api.logs.join('\n')).not.toContain(LLM_KEY);
    expect(api.logs.join('\n')).toContain('model call');
  });

  it('answers deterministically when no model is configured', async () => {
    const answer = await call(plain.url, '/api/v1/explain', { key: KEYS.reader, json: { jobId: 'pii-3' } });
    expect(answer.status, answer.text).toBe(200);
    expect(explainOutput.parse(answer.body)).toMatchObject({
      source: 'deterministic',
      modelConfigured: false,
      findingId: PII_FINDING.id,
    });
  });
});
