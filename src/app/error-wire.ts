import { z } from 'zod';
import { type AppError, isAppError } from '../errors.js';

/** Every error body of the API: `{ error: { code, message, ... } }`. */
export const errorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    problems: z
      .array(z.object({ field: z.string(), value: z.string().optional(), expected: z.string() }))
      .optional()
      .describe('Each input field at fault (400), or each setting at fault (503)'),
    entity: z.string().optional(),
    id: z.string().optional(),
    field: z.string().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.input<typeof errorOutput>;

export const STATUS_BY_KIND: Record<AppError['kind'], number> = {
  invalid: 400,
  input: 400,
  'not-found': 404,
  conflict: 409,
  config: 503,
  dremio: 502,
  model: 502,
  store: 503,
  internal: 500,
};

/** The status and body for an error a service threw; unknown errors say only the request id. */
export function errorResponse(error: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (!isAppError(error)) {
    return {
      status: 500,
      body: {
        error: {
          code: 'INTERNAL',
          message: `internal error; the server log has the details under request id ${requestId}`,
          requestId,
        },
      },
    };
  }
  const base = {
    code: error.code,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    requestId,
  };
  const e = error as AppError & Record<string, unknown>;
  switch (error.kind) {
    case 'invalid':
      return {
        status: 400,
        body: { error: { ...base, problems: [...(e.problems as { field: string; expected: string }[])] } },
      };
    case 'not-found':
      return {
        status: 404,
        body: {
          error: {
            ...base,
            entity: e.entity as string,
            id: e.id as string,
            ...(e.field === undefined ? {} : { field: e.field as string }),
          },
        },
      };
    case 'conflict':
      return {
        status: 409,
        body: { error: { ...base, ...(e.field === undefined ? {} : { field: e.field as string }) } },
      };
    case 'config': {
      const problems = (e.problems as { key: string; value: string; expected: string }[]).map((p) => ({
        field: p.key,
        value: p.value,
        expected: p.expected,
      }));
      return { status: 503, body: { error: { ...base, ...(problems.length === 0 ? {} : { problems }) } } };
    }
    default:
      return { status: STATUS_BY_KIND[error.kind], body: { error: base } };
  }
}
