import { describe, expect, it } from 'vitest';
import { DremioError } from '../errors.js';
import { parseDremioBaseUrl } from './base-url.js';

describe('parseDremioBaseUrl', () => {
  const cases = [
    {
      name: 'Software with a port',
      url: 'http://dremio.local:9047/',
      expected: { origin: 'http://dremio.local:9047', basePath: '', cloudHost: false },
    },
    {
      name: 'Cloud US with /v0',
      url: 'https://api.dremio.cloud/v0/',
      expected: {
        origin: 'https://api.dremio.cloud',
        basePath: '',
        cloudHost: true,
        cloudAppOrigin: 'https://app.dremio.cloud',
      },
    },
    {
      name: 'Cloud EU',
      url: 'https://API.eu.dremio.cloud',
      expected: { cloudHost: true, cloudAppOrigin: 'https://app.eu.dremio.cloud' },
    },
    {
      name: 'behind a proxy path, with /api/v3 pasted in',
      url: 'https://proxy.example.com/dremio/api/v3',
      expected: {
        origin: 'https://proxy.example.com',
        basePath: '/dremio',
        cloudAppOrigin: 'https://proxy.example.com',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseDremioBaseUrl(c.url)).toMatchObject(c.expected);
    });
  }

  it('names DREMIO_URL for text that is not a URL', () => {
    const error = (() => {
      try {
        parseDremioBaseUrl('dremio.local:9047');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DremioError);
    expect((error as DremioError).message + (error as DremioError).hint).toContain('DREMIO_URL');
  });
});
