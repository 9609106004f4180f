/**
 * The product's error hierarchy. Each class carries a stable `code` and structured fields (file, line,
 * endpoint, HTTP status, the input field at fault) so each caller maps it to its own words without
 * parsing message text: the CLI to an exit code and an option name, the API to an HTTP status and a
 * field, the MCP server to a tool parameter. Messages and hints never name a caller's syntax (no
 * `--flag`, no route): they name the input field, and the caller translates.
 */
export const ERROR_KINDS = [
  'config',
  'input',
  'invalid',
  'not-found',
  'conflict',
  'dremio',
  'model',
  'store',
  'internal',
] as const;
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

/** One input field a service refused: `field` is the key of the service's options (dotted when nested). */
export interface FieldProblem {
  readonly field: string;
  /** The offending value as text, already masked when it is a secret; absent when the field is missing. */
  readonly value?: string;
  readonly expected: string;
}

/** A service's options failed its input schema or its rules; each problem names the field. */
export class InvalidInputError extends AppError {
  readonly kind = 'invalid';
  readonly problems: readonly FieldProblem[];

  constructor(message: string, options: AppErrorOptions & { problems?: readonly FieldProblem[] } = {}) {
    super(message, 'INVALID_INPUT', options);
    this.problems = options.problems ?? [];
  }
}

/** The thing asked for does not exist in the store (a finding id, a job id, a cluster name). */
export class NotFoundError extends AppError {
  readonly kind = 'not-found';
  /** What was looked for, e.g. `recommendation`, `job`, `cluster`. */
  readonly entity: string;
  readonly id: string;
  /** The input field the id came from, so a caller can point at it. */
  readonly field: string | undefined;

  constructor(message: string, options: AppErrorOptions & { entity: string; id: string; field?: string }) {
    super(message, 'NOT_FOUND', options);
    this.entity = options.entity;
    this.id = options.id;
    this.field = options.field;
  }
}

/**
 * The request is well-formed but the state forbids it: a lifecycle transition that is not allowed, an
 * apply without confirmation, a second collection while one runs.
 */
export class ConflictError extends AppError {
  readonly kind = 'conflict';
  /** The input field whose value would resolve the conflict (e.g. `confirm`), when there is one. */
  readonly field: string | undefined;

  constructor(message: string, options: AppErrorOptions & { field?: string } = {}) {
    super(message, 'CONFLICT', options);
    this.field = options.field;
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

/**
 * The language model behind `explain` failed: the endpoint refused or timed out, or its answer broke the
 * answer schema even after one retry. An external service failed, as with Dremio.
 */
export class ModelError extends AppError {
  readonly kind = 'model';
  /** The model endpoint called (never with credentials). */
  readonly endpoint: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: AppErrorOptions & { endpoint?: string; status?: number } = {}) {
    super(message, 'MODEL_FAILED', options);
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
