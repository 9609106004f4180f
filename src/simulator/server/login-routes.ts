import type { Route, RouteContext } from './route.js';
import { tokenFromHeader } from './session-store.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';
import { stableUuid } from './stable-id.js';

function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** `POST /apiv2/login`: the full `UserLoginSession` (dremio-api.md §1.1). */
function login(context: RouteContext): SimResponse {
  const userName = field(context.body, 'userName');
  const password = field(context.body, 'password');
  if (userName === '' || password === '') {
    return errorResponse(401, 'userName and password must not be empty.');
  }
  const session = context.state.sessions.login(userName, password);
  if (session === undefined)
    return errorResponse(401, 'Login was unsuccessful. Check the user name and password.');
  const { spec, world } = context.state;
  const createdAtMs = world.options.endAt.getTime() - 365 * 24 * 3_600_000;
  return jsonResponse(200, {
    token: session.token,
    userName,
    firstName: 'Sim',
    lastName: 'Admin',
    expires: session.expiresAtMs,
    email: `${userName}@example.com`,
    userId: stableUuid(`user:${userName}`),
    admin: true,
    userCreatedAt: createdAtMs,
    clusterId: stableUuid(`cluster:${world.options.seed}`),
    clusterCreatedAt: createdAtMs,
    version: spec.dremioVersion,
    permissions: {
      canUploadProfiles: true,
      canDownloadProfiles: true,
      canEmailForSupport: true,
      canChatForSupport: false,
    },
  });
}

function sessionValid(context: RouteContext): SimResponse {
  const result = context.state.sessions.authenticate(headerOf(context));
  return result.ok ? jsonResponse(200, true) : errorResponse(401, result.message);
}

function logout(context: RouteContext): SimResponse {
  const token = tokenFromHeader(headerOf(context));
  if (token === undefined || !context.state.sessions.logout(token))
    return errorResponse(401, 'Invalid token.');
  return jsonResponse(200, true);
}

function headerOf(context: RouteContext): string | undefined {
  const value = context.headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}

export function loginRoutes(): Route[] {
  return [
    { method: 'POST', pattern: '/apiv2/login', auth: false, handler: login },
    { method: 'GET', pattern: '/apiv2/login', auth: false, handler: sessionValid },
    { method: 'DELETE', pattern: '/apiv2/login', auth: false, handler: logout },
  ];
}
