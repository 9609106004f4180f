import type { RetryOptions } from './connection-options.js';

/**
 * HTTP statuses that mean "try again later" for an idempotent read. 500 is included because
 * coordinators and proxies answer it for transient trouble too; a persistent 500 still ends after
 * `maxAttempts`.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Statuses where the server explicitly declined the request without doing it, so even a
 * non-idempotent submit may be sent again (429 Too Many Requests, 503 Service Unavailable).
 */
export const DECLINED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Never wait longer than this for a `Retry-After`, whatever the server asks. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelayMs(options: {
  attempt: number;
  retry: RetryOptions;
  random?: () => number;
}): number {
  const { attempt, retry, random = Math.random } = options;
  const ceilingMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceilingMs);
}

/** Reads `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return clampRetryAfter(seconds * 1000);
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? undefined : clampRetryAfter(dateMs - nowMs);
}

function clampRetryAfter(delayMs: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(delayMs)));
}

/**
 * Error codes that mean "Dremio or the path to it had a bad moment", not "this request is wrong":
 * a caller that can repeat one step (a poll, a results page, a read-only query) should do so.
 */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'DREMIO_UNAVAILABLE',
  'DREMIO_TIMEOUT',
  'DREMIO_UNREACHABLE',
  'DREMIO_QUERY_REJECTED',
]);

/** True when repeating the failed step later may succeed. */
export function isTransientFailure(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    TRANSIENT_CODES.has(String((error as { code?: unknown }).code))
  );
}

/**
 * Dremio Software does not answer 429 when it is overloaded: it accepts the query and fails the job
 * with a rejection naming `QUERY_REJECTED` (fidelity-gaps, smaller differences).
 */
export function isQueryRejected(errorMessage: string): boolean {
  return /QUERY_REJECTED/i.test(errorMessage);
}
