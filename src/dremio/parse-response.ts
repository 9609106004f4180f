import type { z } from 'zod';
import { DremioError } from '../errors.js';

/**
 * Parses an answer with a tolerant schema; a mismatch is a DremioError naming the endpoint and the
 * first offending field, never a crash deep inside a reader.
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  answer: { body: unknown; endpoint: string },
): z.output<S> {
  const { body, endpoint } = answer;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new DremioError(
    `${endpoint} answered with an unexpected shape${where}: ${issue?.message ?? 'invalid'}`,
    {
      cause: parsed.error,
      endpoint,
      code: 'DREMIO_BAD_RESPONSE',
      hint: 'This Dremio version answers differently than expected; report it with the Dremio version.',
    },
  );
}

/** JSON integers arrive as number or, past 2^53, bigint; counts are safe as numbers. */
export function toNumber(value: number | bigint | undefined): number {
  return value === undefined ? 0 : Number(value);
}
