import { DremioError } from '../errors.js';
import { createRedactor } from '../log/redact-text.js';
import type { DremioAuth } from './connection-options.js';
import { adviceForStatus } from './failure-hints.js';

/**
 * Dremio's `errorMessage` when the body has one, else the start of the body. A server or proxy may
 * echo the request (a login body, an Authorization header): secret shapes go before it is shortened,
 * and it is cut between words, so no part of a secret the shapes missed is left showing.
 */
export function describeBody(body: Buffer): string {
  if (body.length === 0) return '';
  const text = body.toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      return `: ${shorten(String(parsed.errorMessage), 500)}`;
    }
  } catch {
    // Not JSON: an HTML error page or a proxy message; show its start.
  }
  return `: ${shorten(text.replace(/\s+/g, ' '), 200)}`;
}

function shorten(text: string, maxChars: number): string {
  const clean = bodyRedactor.redact(text);
  if (clean.length <= maxChars) return clean;
  const cut = clean.lastIndexOf(' ', maxChars);
  return `${clean.slice(0, cut > 0 ? cut : 0)} …`;
}

const bodyRedactor = createRedactor();

export function statusError(args: {
  ctx: { session: { method: DremioAuth['kind'] }; cloud: boolean };
  endpoint: string;
  status: number;
  message: string;
}): DremioError {
  const advice = adviceForStatus(args.status, { auth: args.ctx.session.method, cloud: args.ctx.cloud });
  const detail = args.message.startsWith(':') ? args.message : args.message ? `: ${args.message}` : '';
  return new DremioError(`${args.endpoint} answered HTTP ${args.status}${detail}`, {
    endpoint: args.endpoint,
    status: args.status,
    code: advice.code,
    hint: advice.hint,
  });
}

export function uncertainSubmit(failure: { endpoint: string; cause: string; error?: unknown }): DremioError {
  const { endpoint, cause, error } = failure;
  return new DremioError(`${endpoint} may or may not have reached Dremio (${cause}); it was not resent`, {
    cause: error,
    endpoint,
    code: 'DREMIO_SUBMIT_UNCERTAIN',
    hint: 'Resending could run the statement twice. Check the job list in Dremio, then run the command again.',
  });
}

/** A 2xx HTML page where JSON was expected: a login portal, a proxy, or the Dremio UI itself. */
export function looksLikeHtml(body: Buffer): boolean {
  return /^\s*</.test(body.subarray(0, 64).toString('utf8'));
}

export function notAnApi(endpoint: string, cause: unknown): DremioError {
  return new DremioError(`${endpoint} answered with an HTML page instead of JSON`, {
    cause,
    endpoint,
    code: 'DREMIO_BAD_RESPONSE',
    hint: 'DREMIO_URL points at a web page (a proxy, SSO portal or the UI path), not the Dremio REST API; use the coordinator address, e.g. https://dremio.example.com:9047.',
  });
}

/** Redirects are not followed: credentials must not travel to a host the user did not name. */
export function redirected(answer: {
  endpoint: string;
  status: number;
  location: string | undefined;
}): DremioError {
  const where = answer.location ? ` to ${answer.location}` : '';
  return new DremioError(`${answer.endpoint} was redirected (HTTP ${answer.status})${where}`, {
    endpoint: answer.endpoint,
    status: answer.status,
    code: 'DREMIO_BAD_REQUEST',
    hint: `Set DREMIO_URL to the address Dremio answers at directly${answer.location ? ` (the redirect points at ${answer.location})` : ''}, e.g. https:// instead of http://.`,
  });
}
