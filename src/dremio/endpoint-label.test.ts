import { describe, expect, it } from 'vitest';
import { endpointLabel } from './endpoint-label.js';

describe('endpointLabel', () => {
  it('replaces ids and user-chosen names, keeps the fixed words', () => {
    const cases: [string, string, string][] = [
      ['GET', '/api/v3/job/1f2e3d4c-0000-4aaa-8bbb-123456789abc', 'GET /api/v3/job/:id'],
      ['GET', '/api/v3/job/1f2e3d4c-0000-4aaa-8bbb-123456789abc/results', 'GET /api/v3/job/:id/results'],
      ['GET', '/apiv2/profiles/1a2b3c4d5e6f7a8b.json', 'GET /apiv2/profiles/:id.json'],
      ['POST', '/apiv2/login', 'POST /apiv2/login'],
      ['GET', '/apiv2/jobs-listing/v1.0', 'GET /apiv2/jobs-listing/v1.0'],
      ['GET', '/api/v3/catalog/by-path/Samples/secret%20table', 'GET /api/v3/catalog/by-path/:path'],
      ['get', '/v0/projects/0f9e8d7c-1111-4222-8333-444455556666/sql', 'GET /v0/projects/:id/sql'],
      ['GET', '/api/v3/catalog/My%20Space', 'GET /api/v3/catalog/:name'],
      ['GET', '/api/v3/reflection/12345678?x=1', 'GET /api/v3/reflection/:id'],
    ];
    for (const [method, path, label] of cases) expect(endpointLabel(method, path)).toBe(label);
  });
});
