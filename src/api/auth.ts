import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { ResolvedConfig } from '../config/index.js';
import { API_SCOPES, type ApiScope } from '../config/schema.js';
import { ConfigError } from '../errors.js';

export type { ApiScope } from '../config/schema.js';

/** Who called: the key's name (never the key) and what it may do. */
export interface ApiClient {
  readonly name: string;
  readonly scopes: ReadonlySet<ApiScope>;
}

export interface ApiKeyring {
  /** Whether any key is configured; without one a loopback server is open to every local caller. */
  readonly configured: boolean;
  /** The client whose key this is, or undefined; every configured key is compared, in constant time. */
  authenticate(presented: string): ApiClient | undefined;
}

interface Entry {
  readonly client: ApiClient;
  readonly sha256: Buffer;
}

/** The keys of `API_KEY` (every scope) and `API_KEYS` / `api.keys`, held only as SHA-256 digests. */
export function createKeyring(api: ResolvedConfig['api']): ApiKeyring {
  const entries: Entry[] = [];
  if (api.key !== undefined) {
    entries.push({ client: { name: 'API_KEY', scopes: new Set(API_SCOPES) }, sha256: sha256(api.key) });
  }
  for (const k of api.keys) {
    entries.push({
      client: { name: k.name, scopes: new Set(k.scopes) },
      sha256: k.key !== undefined ? sha256(k.key) : Buffer.from(k.keySha256!, 'hex'),
    });
  }
  return {
    configured: entries.length > 0,
    authenticate(presented) {
      const digest = sha256(presented);
      let found: ApiClient | undefined;
      // No early exit: the time taken does not tell which entry (or whether any) matched.
      for (const entry of entries) {
        if (timingSafeEqual(digest, entry.sha256) && found === undefined) found = entry.client;
      }
      return found;
    },
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The key a request presents: `Authorization: Bearer KEY` or `X-API-Key: KEY`. */
export function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const authorization = header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match !== null) return match[1];
  }
  const apiKey = header('x-api-key')?.trim();
  return apiKey === undefined || apiKey === '' ? undefined : apiKey;
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare.startsWith('::ffff:127.');
  return false;
}

/** A server others can reach must not answer without a key. */
export function assertSafeBinding(host: string, keyring: ApiKeyring): void {
  if (keyring.configured || isLoopback(host)) return;
  throw new ConfigError(`the API would listen on ${host}, reachable from other machines, with no API key`, {
    problems: [
      {
        key: 'API_KEY',
        value: '(unset)',
        expected: 'an API key of at least 16 characters (or keys with scopes in API_KEYS / api.keys)',
      },
    ],
    hint: 'set API_KEY, or listen on a loopback address such as 127.0.0.1',
  });
}
