import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ApiRoute } from '../../src/api/routes.js';
import { type RunningApi, startApi } from '../../src/api/start-api.js';
import { loadConfig, type ResolvedConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import type { Store } from '../../src/store/index.js';

/** One key per scope mix; `admin` is configured by its SHA-256 only, as a deployment would. */
export const KEYS = {
  reader: 'reader-key-0123456789abcdef',
  writer: 'writer-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdefgh',
  writeOnly: 'write-only-key-0123456789ab',
} as const;

export const API_KEYS_JSON = JSON.stringify([
  { name: 'reader', key: KEYS.reader, scopes: ['read'] },
  { name: 'writer', key: KEYS.writer, scopes: ['read', 'write'] },
  {
    name: 'admin',
    keySha256: createHash('sha256').update(KEYS.admin).digest('hex'),
    scopes: ['read', 'write', 'apply'],
  },
  { name: 'write-only', key: KEYS.writeOnly, scopes: ['write'] },
]);

/** The configuration `serve` would load from this environment (and an empty working directory). */
export function apiConfig(env: Record<string, string> = {}): { config: ResolvedConfig; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'do-api-cwd-'));
  const loaded = loadConfig({ env: { API_KEYS: API_KEYS_JSON, LOG_LEVEL: 'info', ...env }, cwd });
  return { config: loaded.config, cwd };
}

export interface TestApi {
  readonly api: RunningApi;
  readonly url: string;
  /** Every log line the server wrote. */
  readonly logs: string[];
  /** Steps the rate limiter's clock. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startTestApi(options: {
  readonly store?: Store;
  readonly env?: Record<string, string>;
  readonly routes?: readonly ApiRoute[];
  readonly config?: { config: ResolvedConfig; cwd: string };
  /** The dashboard's built files (see test/web/dashboard-harness.ts). */
  readonly webDir?: string;
  /** `serve --mcp-allow-writes`. */
  readonly mcpAllowWrites?: boolean;
}): Promise<TestApi> {
  const { config, cwd } = options.config ?? apiConfig(options.env);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const logger = createLogger({ level: 'info', format: 'json', destination });
  let clock = Date.UTC(2026, 0, 1, 0, 0, 10);
  const api = await startApi({
    config,
    logger,
    host: '127.0.0.1',
    port: 0,
    cwd,
    version: 'test',
    now: () => clock,
    ...(options.store === undefined ? {} : { store: options.store }),
    ...(options.routes === undefined ? {} : { routes: options.routes }),
    ...(options.webDir === undefined ? {} : { webDir: options.webDir }),
    ...(options.mcpAllowWrites === undefined ? {} : { mcpAllowWrites: options.mcpAllowWrites }),
  });
  return {
    api,
    url: api.url,
    logs,
    advance: (ms) => {
      clock += ms;
    },
    close: () => api.close(),
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** One request over real HTTP; `key` goes in `Authorization: Bearer` (or `X-API-Key` with `header: 'x-api-key'`). */
export async function call(
  url: string,
  path: string,
  options: {
    readonly key?: string;
    readonly header?: 'bearer' | 'x-api-key';
    readonly method?: string;
    readonly json?: unknown;
    readonly body?: Uint8Array | string;
    readonly headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) {
    if (options.header === 'x-api-key') headers['X-API-Key'] = options.key;
    else headers.Authorization = `Bearer ${options.key}`;
  }
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    body = options.body as RequestInit['body'];
  }
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
