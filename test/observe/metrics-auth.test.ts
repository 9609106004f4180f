import { afterEach, describe, expect, it } from 'vitest';
import { call, KEYS, startTestApi, type TestApi } from '../api/api-harness.js';

const running: TestApi[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
});

describe('/metrics and API keys', () => {
  it('is open by default even when keys are configured, as /health is', async () => {
    const api = await startTestApi({});
    running.push(api);
    const answer = await call(api.url, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('# TYPE optimizer_requests_total counter');
  }, 60_000);

  it('asks for a key with the read scope when API_METRICS_REQUIRE_KEY is set', async () => {
    const api = await startTestApi({ env: { API_METRICS_REQUIRE_KEY: 'true' } });
    running.push(api);
    expect((await call(api.url, '/metrics')).status).toBe(401);
    expect((await call(api.url, '/metrics', { key: KEYS.writeOnly })).status).toBe(403);
    const answer = await call(api.url, '/metrics', { key: KEYS.reader });
    expect(answer.status).toBe(200);
    // The refused scrapes are counted too, by route and status.
    expect(answer.text).toContain('optimizer_requests_total{route="/metrics",status="401"} 1');
  }, 60_000);
});
