/**
 * What the Dremio client needs to connect. The config layer builds this from env and files; the client
 * never reads the environment itself.
 */
export type DremioAuth =
  | { readonly kind: 'password'; readonly userName: string; readonly password: string }
  | { readonly kind: 'pat'; readonly token: string };

export interface TlsOptions {
  /** PEM file with extra CA certificates, trusted in addition to the system store. */
  readonly caFile?: string;
  /** Skip certificate verification entirely; logged once as a warning. */
  readonly insecure: boolean;
}

export interface RetryOptions {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Pino-compatible subset, so tests can pass a recorder and the CLI a pino child logger. */
export interface DremioLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface DremioConnectionOptions {
  /** Software: `https://dremio.example.com:9047`; Cloud: `https://api.dremio.cloud` (a trailing `/v0` is accepted). */
  readonly url: string;
  readonly auth: DremioAuth;
  /** Dremio Cloud project; its presence selects Cloud paths. */
  readonly projectId?: string;
  readonly tls: TlsOptions;
  readonly requestTimeoutMs: number;
  readonly maxConcurrency: number;
  readonly maxRequestsPerSecond: number;
  readonly retry: RetryOptions;
  readonly logger?: DremioLogger;
  /**
   * Told the outcome of every attempt (metrics): the endpoint as a template without ids
   * (`GET /api/v3/job/:id`) and the HTTP status, or the transport failure (`timeout`, `refused`…).
   */
  readonly onAttempt?: (endpoint: string, status: string) => void;
}

/** Defaults that are gentle on a shared cluster; the config layer overrides them. */
export const DEFAULT_CONNECTION_TUNING = {
  requestTimeoutMs: 60_000,
  maxConcurrency: 4,
  maxRequestsPerSecond: 20,
  retry: { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 },
} as const satisfies Pick<
  DremioConnectionOptions,
  'requestTimeoutMs' | 'maxConcurrency' | 'maxRequestsPerSecond' | 'retry'
>;

export const SILENT_LOGGER: DremioLogger = {
  debug: () => {},
  warn: () => {},
};
