import type { IncomingHttpHeaders } from 'node:http';
import type { HttpMethod } from './http-transport.js';

/**
 * `read`: repeating it is harmless, so every transient failure is retried. `submit`: it changes
 * state on the server (a SQL job), so it is sent again only when the server provably did not act on
 * it: connection refused, or an explicit 429/503 refusal.
 */
export const REQUEST_SAFETIES = ['read', 'submit'] as const;
export type RequestSafety = (typeof REQUEST_SAFETIES)[number];

export interface RequestSpec {
  readonly method: HttpMethod;
  /** Absolute path on the Dremio origin, e.g. `/api/v3/job/1f2e…`. */
  readonly path: string;
  /** Another origin, for the Cloud profile download host. */
  readonly origin?: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Serialised as JSON. */
  readonly body?: unknown;
  readonly accept?: 'json' | 'binary';
  readonly safety: RequestSafety;
  readonly signal?: AbortSignal;
  /** False only for the login call itself and bootstrap endpoints. */
  readonly authenticate?: boolean;
  /** Statuses handed back to the caller instead of raised, e.g. 404 for "no profile". */
  readonly allowStatuses?: readonly number[];
  readonly timeoutMs?: number;
}

export interface DremioResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The body parsed losslessly (big integers as bigint) for 2xx JSON answers; undefined otherwise. */
  readonly json: unknown;
}
