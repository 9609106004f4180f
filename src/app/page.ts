import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/**
 * Keyset pagination shared by every list service: `limit` (1–500, default 50) and an opaque `cursor`
 * returned as `nextCursor` by the previous page (null on the last). The cursor is the sort key of the
 * last item, base64url JSON, so pages stay stable while rows are added and cost the same at any depth.
 */
export const pageInput = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(1000).optional(),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key of a cursor; a cursor that was not ours is an invalid `cursor` field, not a crash. */
export function decodeCursor(cursor: string, arity: number): (string | number | null)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => k === null || typeof k === 'string' || typeof k === 'number')
    ) {
      return key as (string | number | null)[];
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('cursor is not one this service returned', {
    problems: [{ field: 'cursor', value: cursor, expected: 'the nextCursor of a previous page' }],
  });
}
