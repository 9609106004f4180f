import type { AppDeps } from '../app/service.js';

type PagedService<I, T> = (
  deps: AppDeps,
  options: I & { limit?: number; cursor?: string },
) => Promise<{ items: T[]; nextCursor: string | null }>;

/**
 * Every item of a paged list service, page after page: a command prints the whole list (as it always
 * has), in the same JSON form the API returns a page of.
 */
export async function allPages<I, T>(service: PagedService<I, T>, deps: AppDeps, options: I): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await service(deps, { ...options, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}
