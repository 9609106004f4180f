import type { Location } from '../router.js';

/** Rows per page unless the URL asks for another size: what one screen shows, and all it asks for. */
export const PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

/** The page size from the URL's `limit` when it is a whole number in 1–100, else the default. */
export function pageSize(where: Location): number {
  const asked = Number(where.query.get('limit'));
  return Number.isInteger(asked) && asked >= 1 && asked <= MAX_PAGE_SIZE ? asked : PAGE_SIZE;
}
