import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { sql } from 'kysely';
import type { z } from 'zod';
import { errorResponse } from '../app/error-wire.js';
import { refreshStoreGauges } from '../app/metrics-hooks.js';
import { scheduleChecks, scheduleHealth } from '../app/schedule-health.js';
import type { AppDeps } from '../app/service.js';
import type { TaskRunner } from '../app/tasks.js';
import { stringifyWire } from '../app/wire-json.js';
import type { ResolvedConfig } from '../config/index.js';
import { API_SCOPES } from '../config/schema.js';
import { getServerInfo } from '../dremio/index.js';
import { InvalidInputError } from '../errors.js';
import { withLogFields } from '../log/index.js';
import { SpanStatusCode, withIncomingTrace, withSpan } from '../observe/span.js';
import { type ApiClient, type ApiKeyring, type ApiScope, isLoopback, presentedKey } from './auth.js';
import { docsAsset, docsPage } from './docs.js';
import { buildOpenApi, pathParameters } from './openapi.js';
import type { RateLimiter } from './rate-limit.js';
import { API_ROUTES, type ApiRoute, type ServiceRoute } from './routes.js';
import { DASHBOARD_CSP, loadWebAssets, type WebAssets } from './web-assets.js';

export interface ApiAppOptions {
  readonly deps: AppDeps;
  readonly keyring: ApiKeyring;
  readonly limiter: RateLimiter;
  readonly tasks: TaskRunner;
  readonly api: ResolvedConfig['api'];
  readonly version: string;
  readonly routes?: readonly ApiRoute[];
  /** The dashboard's files; absent: loaded from dist/web. */
  readonly web?: WebAssets;
  /**
   * `/mcp`: the MCP server over streamable HTTP, answering one request for an admitted client (key
   * checked, request counted against its rate limit); absent: no `/mcp`.
   */
  readonly mcp?: (request: Request, client: ApiClient) => Promise<Response>;
}

type Env = { Variables: { requestId: string; route: string; client: string } };

/** An answer decided by the transport (auth, limits, body), not by a service. */
class HttpProblem extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 413 | 429,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const ALL_SCOPES: ReadonlySet<ApiScope> = new Set(API_SCOPES);

/**
 * The HTTP API: one handler per route of the table, each checking the key and its scope, counting the
 * request against the key's rate limit, building the service input from the path, query or body, and
 * answering with the service's JSON form. Errors map by class (see app/error-wire.ts).
 */
export function createApiApp(options: ApiAppOptions): Hono<Env> {
  const { deps, keyring, limiter, tasks, api } = options;
  const routes = options.routes ?? API_ROUTES;
  const app = new Hono<Env>();
  const openapi = JSON.stringify(buildOpenApi(routes, { version: options.version }));

  app.use('*', async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('route', '(no route)');
    // One trace per request (joining the caller's when it sent `traceparent`), and the request id on
    // every line logged while serving it. The route is known only once a handler set it.
    await withLogFields({ requestId }, () =>
      withIncomingTrace(c.req.header(), () =>
        withSpan('api.request', { 'http.request.method': c.req.method, requestId }, async (span) => {
          await next();
          span.updateName(`api.${c.get('route')}`);
          span.setAttributes({ 'http.route': c.get('route'), 'http.response.status_code': c.res.status });
          if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }),
      ),
    );
    c.header('X-Request-Id', requestId);
    deps.metrics?.apiRequest(c.get('route'), c.res.status);
    deps.logger.info(
      {
        requestId,
        method: c.req.method,
        route: c.get('route'),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(c.get('client') === undefined ? {} : { client: c.get('client') }),
      },
      'request',
    );
  });

  if (api.corsOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: [...api.corsOrigins],
        allowHeaders: [
          'Authorization',
          'X-API-Key',
          'Content-Type',
          'X-Request-Id',
          'Mcp-Protocol-Version',
          'Mcp-Session-Id',
        ],
        exposeHeaders: [
          'X-Request-Id',
          'Retry-After',
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'RateLimit-Reset',
        ],
      }),
    );
  }

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (error instanceof HttpProblem) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return json(c, error.status, { error: { code: error.code, message: error.message, requestId } });
    }
    const { status, body } = errorResponse(error, requestId);
    if (status === 500) deps.logger.error({ requestId, err: error }, 'request failed');
    return json(c, status, body);
  });

  app.notFound((c) =>
    json(c, 404, {
      error: {
        code: 'NOT_FOUND',
        message: `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
        requestId: c.get('requestId'),
      },
    }),
  );

  /** The caller, once its key and scope are checked and the request is counted against its limit. */
  const admit = (c: Context<Env>, scope: ApiScope | undefined): ApiClient => {
    let client: ApiClient | undefined;
    if (!keyring.configured) {
      client = { name: '(local, no key configured)', scopes: ALL_SCOPES };
    } else {
      const key = presentedKey((name) => c.req.header(name));
      if (key === undefined) {
        throw new HttpProblem(
          401,
          'UNAUTHENTICATED',
          'an API key is required: `Authorization: Bearer KEY` or `X-API-Key: KEY`',
          {
            'WWW-Authenticate': 'Bearer',
          },
        );
      }
      client = keyring.authenticate(key);
      if (client === undefined) {
        throw new HttpProblem(401, 'UNAUTHENTICATED', 'the API key is not one this server knows', {
          'WWW-Authenticate': 'Bearer',
        });
      }
    }
    c.set('client', client.name);
    const decision = limiter.take(client.name);
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    c.header('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      throw new HttpProblem(429, 'RATE_LIMITED', `over ${decision.limit} requests a minute for this key`, {
        'Retry-After': String(decision.resetSeconds),
      });
    }
    if (scope !== undefined && !client.scopes.has(scope)) {
      throw new HttpProblem(
        403,
        'FORBIDDEN',
        `this key (${client.name}) lacks the ${scope} scope this route needs`,
      );
    }
    return client;
  };

  app.get('/health', async (c) => {
    c.set('route', '/health');
    // One small table read; liveness answers even when the store does not (then without `schedule`).
    const schedule = await scheduleHealth(deps.store).catch(() => undefined);
    return json(c, 200, {
      status: 'ok',
      version: options.version,
      keyRequired: keyring.configured,
      ...(schedule === undefined ? {} : { schedule }),
    });
  });

  app.get('/health/detailed', async (c) => {
    c.set('route', '/health/detailed');
    admit(c, 'read');
    const checks: { name: string; ok: boolean; detail: string }[] = [];
    try {
      await sql`SELECT 1`.execute(deps.store.db);
      checks.push({ name: 'store', ok: true, detail: `${deps.store.backend} at ${deps.store.location}` });
      checks.push(...(await scheduleChecks(deps.store)));
    } catch (error) {
      checks.push({ name: 'store', ok: false, detail: (error as Error).message });
    }
    if (deps.config.dremio.url !== undefined && deps.dremio !== undefined) {
      try {
        const info = await getServerInfo(deps.dremio().connection, { signal: AbortSignal.timeout(10_000) });
        checks.push({
          name: 'dremio',
          ok: true,
          detail: info === undefined ? 'reachable' : `Dremio ${info.version}`,
        });
      } catch (error) {
        checks.push({ name: 'dremio', ok: false, detail: (error as Error).message });
      }
    }
    return json(c, 200, {
      status: checks.every((check) => check.ok) ? 'healthy' : 'degraded',
      version: options.version,
      checks,
    });
  });

  // Prometheus scrapes without a key by default, as it reads /health; the labels carry no ids or SQL.
  const metrics = deps.metrics;
  if (metrics !== undefined) {
    app.get('/metrics', async (c) => {
      c.set('route', '/metrics');
      if (api.metricsRequireKey) admit(c, 'read');
      await refreshStoreGauges(deps);
      const { contentType, body } = await metrics.render();
      return c.body(body, 200, { 'Content-Type': contentType });
    });
  }

  // Who the key is, whatever its scopes: the dashboard hides the buttons a key may not use.
  app.get('/api/v1/session', (c) => {
    c.set('route', '/api/v1/session');
    const client = admit(c, undefined);
    return json(c, 200, {
      client: client.name,
      scopes: API_SCOPES.filter((scope) => client.scopes.has(scope)),
      keyRequired: keyring.configured,
    });
  });

  app.get('/openapi.json', (c) => {
    c.set('route', '/openapi.json');
    return c.body(openapi, 200, { 'Content-Type': 'application/json' });
  });
  app.get('/docs', (c) => {
    c.set('route', '/docs');
    return c.html(docsPage());
  });
  app.get('/docs/:asset', (c) => {
    c.set('route', '/docs/{asset}');
    const asset = docsAsset(c.req.param('asset'));
    if (asset === undefined) throw new HttpProblem(404, 'NOT_FOUND', 'no such documentation asset');
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });

  const mcp = options.mcp;
  if (mcp !== undefined) {
    // Stateless streamable HTTP: every message is a POST answered with JSON; no session, no SSE stream.
    app.post('/mcp', (c) => {
      c.set('route', '/mcp');
      // Without keys, a web page whose name an attacker points at 127.0.0.1 (DNS rebinding) would be
      // same-origin here and could call the tools from the user's browser: only a loopback Host answers.
      if (!keyring.configured && !isLoopback(hostName(c.req.header('host') ?? ''))) {
        throw new HttpProblem(
          403,
          'FORBIDDEN',
          'without an API key, /mcp answers only requests addressed to a loopback host (localhost, 127.0.0.1, [::1])',
        );
      }
      return mcp(c.req.raw, admit(c, undefined));
    });
    app.on(['GET', 'DELETE'], '/mcp', (c) => {
      c.set('route', '/mcp');
      admit(c, undefined);
      return json(c, 405, {
        jsonrpc: '2.0',
        error: { code: -32000, message: 'this server is stateless: POST each message to /mcp' },
        id: null,
      });
    });
  }

  for (const route of routes) {
    const honoPath = route.path.replace(/\{([^}]+)\}/g, ':$1');
    app.on(route.method, honoPath, async (c) => {
      c.set('route', route.path);
      const client = admit(c, route.scope);
      if (route.kind === 'upload') {
        const body = await readBody(c.req.raw, api.maxUploadBytes);
        const result = await route.operation.run(deps, body, queryObject(new URL(c.req.url).searchParams));
        return wire(c, 200, result);
      }
      const input = await serviceInput(route, c, api.maxBodyBytes);
      if (route.fixed !== undefined) Object.assign(input, route.fixed(client));
      if (route.task === true) return wire(c, 202, await tasks.start(route.service, input));
      return wire(c, 200, await route.service(deps, input));
    });
  }
  const web = options.web ?? loadWebAssets();
  app.get('/assets/:name', (c) => {
    c.set('route', '/assets/{name}');
    const asset = web.asset(c.req.param('name'));
    if (asset === undefined) throw new HttpProblem(404, 'NOT_FOUND', 'no such dashboard asset');
    // The names do not change between builds, so a browser revalidates instead of caching for long.
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
  });
  // Every other GET outside the API is a dashboard page: the page routes itself from its URL.
  app.get('*', (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/api/') || path === '/health' || path === '/metrics' || path.startsWith('/docs'))
      return next();
    c.set('route', '/(dashboard)');
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-cache');
    if (web.index === undefined) {
      return c.html(
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Dremio Optimizer</title></head><body><h1>The dashboard is not built</h1><p>No dashboard files in ${escapeHtml(web.dir)}. Run <code>npm run build</code> in the package, then restart <code>serve</code>. The API answers under <a href="/docs">/docs</a>.</p></body></html>`,
        503,
      );
    }
    return c.html(web.index);
  });
  return app;
}

/** The host of a Host header, without its port: `[::1]:8000` → `[::1]`, `localhost:8000` → `localhost`. */
function hostName(header: string): string {
  const bracketed = /^(\[[^\]]*\])(?::\d+)?$/.exec(header);
  if (bracketed !== null) return bracketed[1]!;
  return header.replace(/:\d+$/, '');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

async function serviceInput(
  route: ServiceRoute,
  c: Context<Env>,
  maxBodyBytes: number,
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> =
    route.from === 'query'
      ? queryInput(route.service.input, new URL(c.req.url).searchParams)
      : await jsonBody(c.req.raw, maxBodyBytes);
  for (const name of pathParameters(route.path)) input[route.params?.[name] ?? name] = c.req.param(name);
  return input;
}

/** Query values as the input schema wants them: every value for an array field, else the one value. */
function queryInput(schema: z.ZodObject, params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    const field = schema.shape[name] as z.ZodType | undefined;
    input[name] =
      field !== undefined && isArrayField(field) ? values : values.length === 1 ? values[0] : values;
  }
  return input;
}

function queryObject(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params.entries());
}

function isArrayField(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const def = current.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === 'array') return true;
    current = def.innerType ?? def.in;
  }
  return false;
}

async function jsonBody(request: Request, max: number): Promise<Record<string, unknown>> {
  const bytes = await readBody(request, max);
  if (bytes.byteLength === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InvalidInputError('the request body is not JSON', {
      problems: [{ field: '(body)', expected: 'a JSON object' }],
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError('the request body is not a JSON object', {
      problems: [{ field: '(body)', expected: 'a JSON object' }],
    });
  }
  return value as Record<string, unknown>;
}

/** The whole body, refused with 413 as soon as it passes `max` bytes (declared or streamed). */
async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const tooLarge = () => new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `the request body is over ${max} bytes`);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (request.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function wire(c: Context<Env>, status: 200 | 202, value: unknown): Response {
  return c.body(stringifyWire(value), status, { 'Content-Type': 'application/json' });
}

function json(c: Context<Env>, status: number, value: unknown): Response {
  return c.body(stringifyWire(value), status as 200, { 'Content-Type': 'application/json' });
}
