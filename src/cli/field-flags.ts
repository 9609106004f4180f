import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';

/**
 * Services name the input fields at fault (`profiles`, `since`, `jobId`); the CLI speaks of its
 * options. A field maps to the option of the same name in kebab case (`dryRun` → `--dry-run`), the
 * first segment of a nested field standing for the whole (`only.1` → `--only`), unless the table below
 * says otherwise (positional arguments, options named differently from their field).
 */
export const FIELD_FLAG_OVERRIDES: Readonly<Record<string, string>> = {
  paths: '<paths...>',
  jobId: '<job-id>',
  id: '<id>',
};

export function flagOf(field: string, overrides: Readonly<Record<string, string>> = {}): string {
  const head = field.split('.')[0] ?? field;
  const override =
    overrides[field] ?? overrides[head] ?? FIELD_FLAG_OVERRIDES[field] ?? FIELD_FLAG_OVERRIDES[head];
  if (override !== undefined) return override;
  return `--${head.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Replaces each field name standing alone in a service's message by its option (`since is…` → `--since is…`). */
export function withFlags(
  message: string,
  fields: readonly string[],
  overrides: Readonly<Record<string, string>> = {},
): string {
  let out = message;
  for (const field of new Set(fields)) {
    const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(
      new RegExp(`(^|[\\s:;(])${escaped}(?=$|[\\s:;),])`, 'g'),
      (_m, before: string) => `${before}${flagOf(field, overrides)}`,
    );
  }
  return out;
}

/**
 * The lines the CLI prints for a service error that names input fields, in its options' words; undefined
 * for other errors. First line: the message; then one line per problem.
 */
export function describeFieldError(
  error: unknown,
  overrides: Readonly<Record<string, string>> = {},
): readonly string[] | undefined {
  if (error instanceof InvalidInputError) {
    const fields = error.problems.map((p) => p.field);
    return [
      withFlags(error.message, fields, overrides),
      ...error.problems.map(
        (p) =>
          `  ${flagOf(p.field, overrides)}: ${p.value === undefined ? 'missing' : `got ${JSON.stringify(p.value)}`}, expected ${p.expected}`,
      ),
    ];
  }
  if (error instanceof NotFoundError || error instanceof ConflictError) {
    if (error.field === undefined) return undefined;
    const flag = flagOf(error.field, overrides);
    return [
      withFlags(error.message, [error.field], overrides),
      error instanceof NotFoundError ? `  (given as ${flag})` : `  (see ${flag})`,
    ];
  }
  return undefined;
}
