import { describe, expect, it } from 'vitest';
import { endpointTemplate } from './endpoint-template.js';

describe('endpointTemplate', () => {
  it('replaces ids and drops the query', () => {
    expect(endpointTemplate('GET', '/api/v3/job/1f2e-77aa-0001/results?offset=500&limit=500')).toBe(
      'GET /api/v3/job/:id/results',
    );
    expect(endpointTemplate('GET', '/apiv2/profiles/1f2e-77aa.json?attempt=0')).toBe(
      'GET /apiv2/profiles/:id',
    );
    expect(endpointTemplate('POST', '/api/v3/sql')).toBe('POST /api/v3/sql');
    expect(endpointTemplate('GET', '/v0/projects/0a1b2c/catalog/by-path/space/table')).toBe(
      'GET /v0/projects/:id/catalog/by-path/:id/:id',
    );
  });

  it('never passes free text through', () => {
    expect(endpointTemplate('GET', '/api/v3/catalog/SELECT * FROM t')).toBe('GET /api/v3/catalog/:id');
  });
});
