import { DremioError } from '../errors.js';

/** The control-plane API hosts of Dremio Cloud (US and EU). */
export const CLOUD_API_HOSTS = ['api.dremio.cloud', 'api.eu.dremio.cloud'] as const;

export interface DremioBaseUrl {
  /** Scheme, host and port, e.g. `https://dremio.example.com:9047`. */
  readonly origin: string;
  /** A path prefix for Dremio behind a reverse proxy, without trailing slash; usually empty. */
  readonly basePath: string;
  readonly cloudHost: boolean;
  /**
   * Where Cloud serves profile downloads: `app.` instead of `api.` on the real Cloud hosts (DDC
   * `DownloadJobProfile`), the same origin anywhere else (simulators, private gateways).
   */
  readonly cloudAppOrigin: string;
}

const API_SUFFIXES = [/\/v0$/, /\/api\/v3$/, /\/apiv2$/];

/** Accepts `https://api.dremio.cloud/v0/` or `http://host:9047/` and normalises both. */
export function parseDremioBaseUrl(url: string): DremioBaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new DremioError(`DREMIO_URL "${url}" is not a URL`, {
      cause,
      code: 'DREMIO_UNREACHABLE',
      hint: 'Set DREMIO_URL to e.g. https://dremio.example.com:9047 or https://api.dremio.cloud.',
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DremioError(`DREMIO_URL "${url}" must start with http:// or https://`, {
      code: 'DREMIO_UNREACHABLE',
      hint: 'Set DREMIO_URL to e.g. https://dremio.example.com:9047 or https://api.dremio.cloud.',
    });
  }
  let basePath = parsed.pathname.replace(/\/+$/, '');
  for (const suffix of API_SUFFIXES) basePath = basePath.replace(suffix, '');
  const host = parsed.hostname.toLowerCase();
  const cloudHost = (CLOUD_API_HOSTS as readonly string[]).includes(host);
  const cloudAppOrigin = cloudHost ? `${parsed.protocol}//${host.replace(/^api\./, 'app.')}` : parsed.origin;
  return { origin: parsed.origin, basePath, cloudHost, cloudAppOrigin };
}
