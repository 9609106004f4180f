import { Link, type Location, withQuery } from '../router.js';

/**
 * Keyset pages as the API serves them: the cursor is in the URL, so "Next" is a link (shareable, and
 * the browser's Back returns to the previous page); every page costs the server the same at any depth.
 */
export function Pager({ where, nextCursor }: { where: Location; nextCursor: string | null }) {
  const onFirst = !where.query.has('cursor');
  if (onFirst && nextCursor === null) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {!onFirst && <Link href={withQuery(where, { cursor: undefined })}>First page</Link>}
      {nextCursor !== null && (
        <Link href={withQuery(where, { cursor: nextCursor })} rel="next">
          Next page
        </Link>
      )}
    </nav>
  );
}
