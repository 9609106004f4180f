import type { z } from 'zod';
import type { Service } from '../app/service.js';
import { getTask } from '../app/tasks.js';
import type { ApiScope } from './auth.js';
import { profileUpload } from './profile-upload.js';

// biome-ignore lint/suspicious/noExplicitAny: a route holds any service, whatever its schemas
export type AnyService = Service<z.ZodObject<any>, z.ZodType>;

/**
 * One route: it calls one service. The service's input is built from the path parameters (renamed by
 * `params`) plus the query string (`from: 'query'`) or the JSON body (`from: 'body'`), then validated by
 * the service's own zod schema, so the API, the CLI and MCP accept and refuse the same inputs.
 */
export interface ServiceRoute {
  readonly kind: 'service';
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** OpenAPI form: `/api/v1/findings/{id}`. */
  readonly path: string;
  readonly scope: ApiScope;
  readonly service: AnyService;
  readonly from: 'query' | 'body';
  /** Path parameter → service input field, when the names differ (`task_id` → `taskId`). */
  readonly params?: Readonly<Record<string, string>>;
  /** Run as a stored background task: answers 202 with the task, polled with `tasks.get`. */
  readonly task?: boolean;
  /** Fixed input fields set by the route (e.g. the caller's identity); not documented as parameters. */
  readonly fixed?: (client: { readonly name: string }) => Readonly<Record<string, unknown>>;
}

/** A route taking the raw request body (a file upload); it documents its own body and query. */
export interface UploadRoute {
  readonly kind: 'upload';
  readonly method: 'POST';
  readonly path: string;
  readonly scope: ApiScope;
  readonly operation: typeof profileUpload;
}

export type ApiRoute = ServiceRoute | UploadRoute;

const get = (path: string, service: AnyService, extra: Partial<ServiceRoute> = {}): ServiceRoute => ({
  kind: 'service',
  method: 'GET',
  path,
  scope: 'read',
  service,
  from: 'query',
  ...extra,
});

/**
 * Every route of the API (besides `/health`, `/openapi.json` and `/docs`). Read routes need the `read`
 * scope, routes that change the store `write`, and routes that change Dremio `apply`.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  get('/api/v1/optimize/batch/{task_id}', getTask as AnyService, { params: { task_id: 'taskId' } }),
  {
    kind: 'upload',
    method: 'POST',
    path: '/api/v1/profiles/analyze',
    scope: 'read',
    operation: profileUpload,
  },
];
