import { describe, expect, it } from 'vitest';
import { matchRoute } from './match-route.js';
import type { Route } from './route.js';
import { emptyResponse } from './sim-response.js';

const route = (method: Route['method'], pattern: string): Route => ({
  method,
  pattern,
  auth: false,
  handler: () => emptyResponse(200),
});

const ROUTES = [
  route('GET', '/api/v3/catalog/by-path/*path'),
  route('GET', '/api/v3/catalog/:id'),
  route('GET', '/v0/projects/:projectId/job/:id/results'),
  route('POST', '/api/v3/sql'),
];

describe('matchRoute', () => {
  const cases = [
    {
      name: 'rest capture decodes and joins',
      method: 'GET',
      path: '/api/v3/catalog/by-path/a%20b/c%2Fd/e',
      pattern: '/api/v3/catalog/by-path/*path',
      params: { path: 'a b/c/d/e' },
    },
    {
      name: 'single capture',
      method: 'GET',
      path: '/api/v3/catalog/abc-123',
      pattern: '/api/v3/catalog/:id',
      params: { id: 'abc-123' },
    },
    {
      name: 'two captures',
      method: 'GET',
      path: '/v0/projects/p1/job/j1/results',
      pattern: '/v0/projects/:projectId/job/:id/results',
      params: { projectId: 'p1', id: 'j1' },
    },
    { name: 'trailing slash', method: 'POST', path: '/api/v3/sql/', pattern: '/api/v3/sql', params: {} },
  ] as const;
  for (const { name, method, path, pattern, params } of cases) {
    it(`matches: ${name}`, () => {
      const match = matchRoute(ROUTES, method, path);
      expect(match?.route.pattern).toBe(pattern);
      expect(match?.params).toEqual(params);
    });
  }

  const misses = [
    { name: 'wrong method', method: 'GET', path: '/api/v3/sql' },
    { name: 'too many segments', method: 'GET', path: '/api/v3/catalog/a/b' },
    { name: 'malformed escape stays as text but the path is unknown', method: 'GET', path: '/api/v4/%E0' },
  ] as const;
  for (const { name, method, path } of misses) {
    it(`does not match: ${name}`, () => {
      expect(matchRoute(ROUTES, method, path)).toBeUndefined();
    });
  }
});
