import { DremioError } from '../errors.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { type Span, withSpan } from '../observe/span.js';
import type { AuthSession } from './auth-session.js';
import type { DremioConnectionOptions, DremioLogger } from './connection-options.js';
import { endpointTemplate } from './endpoint-template.js';
import { adviceForStatus, adviceForTransport, type FailureAdvice } from './failure-hints.js';
import type { HttpTransport, RawResponse } from './http-transport.js';
import {
  describeBody,
  looksLikeHtml,
  notAnApi,
  redirected,
  statusError,
  uncertainSubmit,
} from './request-errors.js';
import type { RequestLimiter } from './request-limiter.js';
import { sleep } from './request-limiter.js';
import type { DremioResponse, RequestSpec } from './request-spec.js';
import { backoffDelayMs, DECLINED_STATUSES, parseRetryAfterMs, RETRYABLE_STATUSES } from './retry-policy.js';
import { TransportFailure } from './transport-failure.js';

export interface ExecutorContext {
  readonly options: DremioConnectionOptions;
  readonly transport: HttpTransport;
  readonly limiter: RequestLimiter;
  readonly session: AuthSession;
  readonly logger: DremioLogger;
  readonly origin: string;
  readonly basePath: string;
  readonly cloud: boolean;
}

/** One logical request in flight: where it goes and with what. */
interface Call {
  readonly ctx: ExecutorContext;
  readonly spec: RequestSpec;
  readonly endpoint: string;
  /** The `dremio.request` span: attempts and the last status go on it. */
  readonly span: Span;
}

type Attempt =
  | { readonly kind: 'done'; readonly response: DremioResponse }
  | {
      readonly kind: 'retry';
      readonly cause: string;
      readonly advice: FailureAdvice;
      readonly delayMs?: number;
    }
  | { readonly kind: 'reauth'; readonly rejectedHeader: string };

/**
 * Sends one logical request: rate-limited, authenticated, retried with backoff and full jitter when
 * that is safe, re-authenticated once on 401. Ends in a DremioError naming method, endpoint,
 * attempts and last cause.
 */
export function executeRequest(ctx: ExecutorContext, spec: RequestSpec): Promise<DremioResponse> {
  const attributes = { endpoint: endpointTemplate(spec.method, spec.path) };
  return withSpan('dremio.request', attributes, (span) => sendWithRetries({ ctx, spec, span }));
}

async function sendWithRetries(input: Omit<Call, 'endpoint'>): Promise<DremioResponse> {
  const { ctx, spec } = input;
  const endpoint = `${spec.method} ${spec.path}`;
  const call: Call = { ...input, endpoint };
  const { maxAttempts } = ctx.options.retry;
  let reauthenticated = false;
  let last: Extract<Attempt, { kind: 'retry' }> | undefined;
  for (let attempt = 1; attempt <= Math.max(1, maxAttempts); attempt++) {
    call.span.setAttribute('attempt', attempt);
    const outcome = await attemptOnce(call);
    if (outcome.kind === 'done') return outcome.response;
    if (outcome.kind === 'reauth') {
      if (!(await ctx.session.refresh(outcome.rejectedHeader))) {
        throw statusError({ ctx, endpoint, status: 401, message: 'authentication failed' });
      }
      ctx.logger.debug({ endpoint }, 'dremio rejected the token; authenticating again');
      if (!reauthenticated) {
        // The first re-login is the normal end of a 30 h token: retry at once, without using an attempt.
        reauthenticated = true;
        attempt--;
        continue;
      }
      last = { kind: 'retry', cause: 'HTTP 401 again after a fresh login', advice: adviceForRelogin(ctx) };
    } else {
      last = outcome;
    }
    if (attempt >= maxAttempts) break;
    const delayMs = Math.max(last.delayMs ?? 0, backoffDelayMs({ attempt, retry: ctx.options.retry }));
    ctx.logger.warn({ endpoint, attempt, delayMs, cause: last.cause }, 'retrying dremio request');
    await sleepOrAbort(call, delayMs);
  }
  throw new DremioError(
    `${endpoint} failed after ${maxAttempts} attempt${maxAttempts === 1 ? '' : 's'}; last cause: ${last?.cause}`,
    { endpoint, code: last?.advice.code ?? 'DREMIO_REQUEST_FAILED', hint: last?.advice.hint },
  );
}

/**
 * Credentials Dremio has accepted before are not wrong now: a 401 again after a fresh login is the
 * server dropping sessions (a restart, a coordinator failover), worth another try later. Never
 * accepted (wrong secret, a proxy stripping the header), it stays an authentication failure.
 */
function adviceForRelogin(ctx: ExecutorContext): FailureAdvice {
  if (!ctx.session.everAccepted) return adviceForStatus(401, { auth: ctx.session.method, cloud: ctx.cloud });
  return {
    code: 'DREMIO_UNAVAILABLE',
    hint: 'Dremio accepted the login but dropped each new session at once; check for coordinator restarts.',
  };
}

async function attemptOnce(call: Call): Promise<Attempt> {
  const { ctx, spec, endpoint } = call;
  const authenticate = spec.authenticate ?? true;
  const authHeader = authenticate ? await ctx.session.header() : undefined;
  const release = await ctx.limiter.acquire(spec.signal).catch((cause: unknown) => {
    throw new DremioError(`${endpoint} was cancelled before it was sent`, {
      cause,
      endpoint,
      code: 'DREMIO_ABORTED',
    });
  });
  const startedMs = Date.now();
  let raw: RawResponse;
  try {
    raw = await ctx.transport.send({
      method: spec.method,
      url: buildUrl(ctx, spec),
      headers: buildHeaders(spec, authHeader),
      ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
      timeoutMs: spec.timeoutMs ?? ctx.options.requestTimeoutMs,
      ...(spec.signal ? { signal: spec.signal } : {}),
    });
  } catch (error) {
    if (error instanceof TransportFailure)
      ctx.options.onAttempt?.(endpointTemplate(spec.method, spec.path), error.reason);
    return transportOutcome(call, error);
  } finally {
    release();
  }
  ctx.logger.debug({ endpoint, status: raw.status, durationMs: Date.now() - startedMs }, 'dremio request');
  ctx.options.onAttempt?.(endpointTemplate(spec.method, spec.path), String(raw.status));
  call.span.setAttribute('status', raw.status);
  return statusOutcome(call, { raw, authHeader });
}

function transportOutcome(call: Call, error: unknown): Attempt {
  const { ctx, spec, endpoint } = call;
  if (!(error instanceof TransportFailure)) throw error;
  const advice = adviceForTransport(error.reason, ctx.origin);
  const retryable = ['refused', 'reset', 'timeout', 'truncated'].includes(error.reason);
  if (retryable && (spec.safety === 'read' || error.reason === 'refused')) {
    return { kind: 'retry', cause: `${error.reason}: ${error.message}`, advice };
  }
  if (retryable) throw uncertainSubmit({ endpoint, cause: `${error.reason}: ${error.message}`, error });
  throw new DremioError(`${endpoint} failed: ${error.message}`, {
    cause: error,
    endpoint,
    code: advice.code,
    hint: advice.hint,
  });
}

function statusOutcome(call: Call, answer: { raw: RawResponse; authHeader: string | undefined }): Attempt {
  const { ctx, spec, endpoint } = call;
  const { raw, authHeader } = answer;
  if (raw.status === 401 && authHeader !== undefined) return { kind: 'reauth', rejectedHeader: authHeader };
  if (RETRYABLE_STATUSES.has(raw.status)) {
    const cause = `HTTP ${raw.status}${describeBody(raw.body)}`;
    const advice = adviceForStatus(raw.status, { auth: ctx.session.method, cloud: ctx.cloud });
    if (spec.safety === 'submit' && !DECLINED_STATUSES.has(raw.status))
      throw uncertainSubmit({ endpoint, cause });
    const delayMs = parseRetryAfterMs(raw.headers['retry-after'], Date.now());
    return { kind: 'retry', cause, advice, ...(delayMs === undefined ? {} : { delayMs }) };
  }
  const ok = raw.status >= 200 && raw.status < 300;
  if (ok && authHeader !== undefined) ctx.session.noteAccepted();
  if (!ok && spec.allowStatuses?.includes(raw.status))
    return { kind: 'done', response: { ...raw, json: undefined } };
  if (raw.status >= 300 && raw.status < 400)
    throw redirected({ endpoint, status: raw.status, location: raw.headers.location });
  if (!ok) throw statusError({ ctx, endpoint, status: raw.status, message: describeBody(raw.body) });
  if (spec.accept === 'binary') return { kind: 'done', response: { ...raw, json: undefined } };
  try {
    return { kind: 'done', response: { ...raw, json: parseBody(raw.body) } };
  } catch (error) {
    if (looksLikeHtml(raw.body)) throw notAnApi(endpoint, error);
    const cause = `the JSON answer is cut short or malformed (${raw.body.length} bytes)`;
    if (spec.safety === 'submit') throw uncertainSubmit({ endpoint, cause, error });
    return { kind: 'retry', cause, advice: adviceForTransport('truncated', ctx.origin) };
  }
}

function parseBody(body: Buffer): unknown {
  return body.length === 0 ? undefined : parseLosslessJson(body.toString('utf8'));
}

function buildUrl(ctx: ExecutorContext, spec: RequestSpec): URL {
  const url = new URL(`${ctx.basePath}${spec.path}`, spec.origin ?? ctx.origin);
  for (const [key, value] of Object.entries(spec.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

function buildHeaders(spec: RequestSpec, authHeader: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    accept: spec.accept === 'binary' ? 'application/octet-stream' : 'application/json',
    'user-agent': 'dremio-optimizer',
  };
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  if (authHeader !== undefined) headers.authorization = authHeader;
  return headers;
}

async function sleepOrAbort(call: Call, delayMs: number): Promise<void> {
  const { spec, endpoint } = call;
  try {
    await sleep(delayMs, spec.signal);
  } catch (cause) {
    throw new DremioError(`${endpoint} was cancelled while waiting to retry`, {
      cause,
      endpoint,
      code: 'DREMIO_ABORTED',
    });
  }
}
