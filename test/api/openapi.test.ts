import { readFileSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_TYPES_PATH, renderOpenApiTypes } from '../../scripts/openapi-types.js';
import { buildOpenApi } from '../../src/api/openapi.js';
import type { paths } from '../../src/api/openapi-types.js';
import { API_ROUTES } from '../../src/api/routes.js';
import { taskOutput } from '../../src/app/tasks.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { call, KEYS, startTestApi, type TestApi } from './api-harness.js';

describe('the OpenAPI document', () => {
  const document = buildOpenApi(API_ROUTES, { version: 'test' });

  it('passes a standard OpenAPI 3.1 validator', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('names each operation by its service, and documents every route of the table with its scope', () => {
    const operations = Object.values(
      document.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap((item) => Object.values(item));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const route of API_ROUTES) {
      const id = route.kind === 'service' ? route.service.serviceName : route.operation.name;
      const operation = (document.paths as Record<string, Record<string, Record<string, unknown>>>)[
        route.path
      ]?.[route.method.toLowerCase()];
      expect(operation?.operationId).toBe(id);
      expect(operation?.['x-scope']).toBe(route.scope);
    }
  });

  it('the committed client types are what openapi-typescript generates from it (`npm run docs`)', async () => {
    expect(readFileSync(OPENAPI_TYPES_PATH, 'utf8')).toBe(await renderOpenApiTypes());
  });
});

describe.each(testBackends())('a client generated from the document [$name]', (backend) => {
  let test: TestStore;
  let api: TestApi;
  beforeAll(async () => {
    test = await backend.fresh();
    api = await startTestApi({ store: test.store });
  });
  afterAll(async () => {
    await api?.close();
    await test?.dispose();
  });

  it('is served at /openapi.json, with the interactive docs at /docs from local assets', async () => {
    const served = await call(api.url, '/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(buildOpenApi(API_ROUTES, { version: 'test' }));
    const docs = await call(api.url, '/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/docs/swagger-ui-bundle.js');
    expect(docs.text).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${api.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it('calls the API through openapi-fetch with the generated types', async () => {
    const client = createClient<paths>({
      baseUrl: api.url,
      headers: { Authorization: `Bearer ${KEYS.reader}` },
    });
    const health = await client.GET('/health/detailed');
    expect(health.response.status).toBe(200);
    expect(health.data?.status).toBe('healthy');
    const findings = await client.GET('/api/v1/findings', {
      params: { query: { limit: 5, severity: 'high' } },
    });
    expect(findings.response.status).toBe(200);
    expect(findings.data?.items).toEqual([]);
    expect(findings.data?.nextCursor).toBeNull();
    const badLimit = await client.GET('/api/v1/findings', { params: { query: { limit: 0 } } });
    expect(badLimit.response.status).toBe(400);
    expect(badLimit.error?.error.problems?.[0]?.field).toBe('limit');
    const missing = await client.GET('/api/v1/optimize/batch/{task_id}', {
      params: { path: { task_id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('NOT_FOUND');
    expect(taskOutput.safeParse(missing.data).success).toBe(false);
  });
});
