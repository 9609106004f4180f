import type { IncomingHttpHeaders } from 'node:http';
import { matchRoute } from './match-route.js';
import type { Route, ServerState } from './route.js';
import { emptyResponse, errorResponse, type SimResponse } from './sim-response.js';

export interface IncomingCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly bodyText: string;
  /** An `expired-token` fault: the caller's session ends now and the call answers 401. */
  readonly expireToken: boolean;
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `Malformed JSON body: ${(error as Error).message}` };
  }
}

/** Routes one call: match, authenticate, check the project, parse the body, run the handler. */
export function dispatch(routes: readonly Route[], state: ServerState, call: IncomingCall): SimResponse {
  const match = matchRoute(routes, call.method, call.url.pathname);
  if (match === undefined) {
    // Jersey answers 405 for a path some other method serves (OSS `GET /api/v3/reflection`).
    const otherMethod = routes.some(
      (route) => matchRoute([route], route.method, call.url.pathname) !== undefined,
    );
    return !otherMethod
      ? errorResponse(404, 'HTTP 404 Not Found')
      : errorResponse(405, 'HTTP 405 Method Not Allowed');
  }
  let user = '';
  let token = '';
  if (match.route.auth) {
    const auth = state.sessions.authenticate(call.headers.authorization);
    // Dremio's auth filter answers 401 with no body at all.
    if (!auth.ok) return emptyResponse(401);
    if (call.expireToken) {
      state.sessions.expire(auth.token);
      return emptyResponse(401);
    }
    user = auth.user;
    token = auth.token;
  }
  const projectId = match.params.projectId;
  if (projectId !== undefined && projectId !== state.projectId) {
    return errorResponse(
      404,
      `Project with id '${projectId}' was not found or you do not have access to it.`,
    );
  }
  const body = parseBody(call.bodyText);
  if (!body.ok) return errorResponse(400, body.message);
  try {
    return match.route.handler({
      state,
      params: match.params,
      query: call.url.searchParams,
      body: body.value,
      headers: call.headers,
      user,
      token,
    });
  } catch (error) {
    // A handler bug must not take the simulator down: report it like Dremio reports internal errors.
    return errorResponse(500, `Unexpected error occurred: ${(error as Error).message}`);
  }
}
