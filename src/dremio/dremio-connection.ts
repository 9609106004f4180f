import { DremioError } from '../errors.js';
import { AuthSession, parseLoginResponse } from './auth-session.js';
import { parseDremioBaseUrl } from './base-url.js';
import type { DremioConnectionOptions, DremioLogger } from './connection-options.js';
import { SILENT_LOGGER } from './connection-options.js';
import { createHttpTransport } from './http-transport.js';
import { type ExecutorContext, executeRequest } from './request-executor.js';
import { createRequestLimiter } from './request-limiter.js';
import type { DremioResponse, RequestSpec } from './request-spec.js';

/** One authenticated, rate-limited channel to a Dremio cluster or Cloud project. */
export interface DremioConnection {
  readonly options: DremioConnectionOptions;
  readonly logger: DremioLogger;
  /** True when a project id was given or the URL is a Dremio Cloud API host. */
  readonly cloud: boolean;
  readonly projectId: string;
  readonly origin: string;
  readonly cloudAppOrigin: string;
  readonly session: AuthSession;
  /** `/api/v3{resource}` on Software, `/v0/projects/{projectId}{resource}` on Cloud. */
  restPath(resource: string): string;
  request(spec: RequestSpec): Promise<DremioResponse>;
  /** A GET whose 2xx JSON answer is returned as `unknown`, to be parsed by the caller's schema. */
  getJson(path: string, extra?: Omit<RequestSpec, 'method' | 'path' | 'safety'>): Promise<unknown>;
  close(): void;
}

/**
 * Opens a connection lazily: nothing is sent until the first request, and a password login happens
 * then.
 *
 * @example
 * const connection = createDremioConnection({ url: 'http://localhost:9047', auth: { kind: 'password', userName, password }, ...DEFAULT_CONNECTION_TUNING, tls: { insecure: false } });
 * const info = await connection.getJson(connection.restPath('/info'));
 */
export function createDremioConnection(options: DremioConnectionOptions): DremioConnection {
  const base = parseDremioBaseUrl(options.url);
  const projectId = options.projectId?.trim() ?? '';
  const cloud = projectId !== '' || base.cloudHost;
  if (cloud && projectId === '') {
    throw new DremioError(`${options.url} is a Dremio Cloud host but no project id was given`, {
      code: 'DREMIO_PROJECT_NOT_FOUND',
      hint: 'Set DREMIO_PROJECT_ID to the project id from Project Settings → General.',
    });
  }
  const logger = options.logger ?? SILENT_LOGGER;
  const transport = createHttpTransport({ tls: options.tls, logger });
  const limiter = createRequestLimiter(options);
  let ctx: ExecutorContext | undefined;
  const session = new AuthSession(options.auth, async () => {
    if (!ctx) throw new Error('connection not initialised');
    if (options.auth.kind !== 'password') throw new Error('login needs a password');
    const path = '/apiv2/login';
    const response = await executeRequest(ctx, {
      method: 'POST',
      path,
      body: { userName: options.auth.userName, password: options.auth.password },
      safety: 'read',
      authenticate: false,
    });
    return parseLoginResponse(response.json, `POST ${path}`);
  });
  ctx = { options, transport, limiter, session, logger, origin: base.origin, basePath: base.basePath, cloud };
  const context = ctx;
  return {
    options,
    logger,
    cloud,
    projectId,
    origin: base.origin,
    cloudAppOrigin: base.cloudAppOrigin,
    session,
    restPath: (resource) =>
      cloud ? `/v0/projects/${encodeURIComponent(projectId)}${resource}` : `/api/v3${resource}`,
    request: (spec) => executeRequest(context, spec),
    async getJson(path, extra = {}) {
      const response = await executeRequest(context, { ...extra, method: 'GET', path, safety: 'read' });
      return response.json;
    },
    close: () => transport.close(),
  };
}
