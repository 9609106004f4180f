/**
 * The product's error hierarchy. Each class carries a stable `code` and structured fields (file, line,
 * endpoint, HTTP status) so the CLI can map it to an exit code and a one-line message, and the API (later)
 * to an HTTP status, without parsing message text.
 */
export const ERROR_KINDS = ['config', 'input', 'dremio', 'store', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface AppErrorOptions {
  readonly cause?: unknown;
  readonly code?: string;
  /** What the user can do about it, shown after the message. */
  readonly hint?: string;
}

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(message: string, defaultCode: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaultCode;
    this.hint = options.hint;
  }
}

export interface ConfigProblem {
  /** The environment variable or config key at fault, e.g. `DREMIO_URL` or `detectors.spill.minTimeAtStakeMs`. */
  readonly key: string;
  /** The offending value, already masked when it is a secret. */
  readonly value: string;
  readonly expected: string;
}

export class ConfigError extends AppError {
  readonly kind = 'config';
  readonly problems: readonly ConfigProblem[];

  constructor(message: string, options: AppErrorOptions & { problems?: readonly ConfigProblem[] } = {}) {
    super(message, 'CONFIG_INVALID', options);
    this.problems = options.problems ?? [];
  }
}

export class InputError extends AppError {
  readonly kind = 'input';
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, options: AppErrorOptions & { file?: string; line?: number } = {}) {
    super(message, 'INPUT_INVALID', options);
    this.file = options.file;
    this.line = options.line;
  }
}

export class DremioError extends AppError {
  readonly kind = 'dremio';
  readonly endpoint: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: AppErrorOptions & { endpoint?: string; status?: number } = {}) {
    super(message, 'DREMIO_REQUEST_FAILED', options);
    this.endpoint = options.endpoint;
    this.status = options.status;
  }
}

export class StoreError extends AppError {
  readonly kind = 'store';

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, 'STORE_FAILED', options);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
