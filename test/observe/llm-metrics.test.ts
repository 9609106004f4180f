import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PII_FINDING, scriptedAnswer, seedWorld } from '../agent/agent-world.js';
import { call, KEYS, startTestApi, type TestApi } from '../api/api-harness.js';
import { type ScriptedLlm, startScriptedLlm } from '../support/scripted-llm-server.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { parsePromText } from './prom-text.js';

/** Model calls of `explain` in `/metrics`, with the model a scripted server over real HTTP. */
describe('llm metrics', () => {
  let t: TestStore;
  let llm: ScriptedLlm;
  let api: TestApi;
  beforeAll(async () => {
    t = await testBackends()[0]!.fresh();
    await seedWorld(t.store);
    llm = await startScriptedLlm([
      { toolCalls: [{ name: 'get_job', arguments: { jobId: 'pii-0' } }] },
      { content: JSON.stringify(scriptedAnswer()) },
      { status: 503, error: 'down' },
      { status: 503, error: 'down' },
    ]);
    api = await startTestApi({
      store: t.store,
      env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'scripted-model', LLM_API_KEY: 'sk-metrics-test-0123456789' },
    });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await llm?.close();
    await t?.dispose();
  });

  it('counts model calls by outcome and their tokens by kind', async () => {
    const ok = await call(api.url, '/api/v1/explain', {
      key: KEYS.reader,
      json: { findingId: PII_FINDING.id },
    });
    expect(ok.status, ok.text).toBe(200);
    const usage = (ok.body as { usage: { promptTokens: number; completionTokens: number } }).usage;
    expect(
      (await call(api.url, '/api/v1/explain', { key: KEYS.reader, json: { jobId: 'pii-1' } })).status,
    ).toBe(502);
    const { samples } = parsePromText((await call(api.url, '/metrics')).text);
    const value = (name: string, label: string, v: string) =>
      samples.find((s) => s.name === name && s.labels[label] === v)?.value;
    expect(value('llm_requests_total', 'outcome', 'ok')).toBe(2);
    expect(value('llm_requests_total', 'outcome', 'error')).toBe(1);
    expect(value('llm_tokens_total', 'kind', 'prompt')).toBe(usage.promptTokens);
    expect(value('llm_tokens_total', 'kind', 'completion')).toBe(usage.completionTokens);
    expect(usage.promptTokens).toBeGreaterThan(0);
  }, 60_000);
});
