import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A page is its URL: the path names the screen and the query string holds its filters and page, so a
 * link copied from the address bar shows the same list to a colleague.
 */
export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

const listeners = new Set<() => void>();
const current = (): Location => ({
  path: location.pathname,
  query: new URLSearchParams(location.search),
});

globalThis.addEventListener?.('popstate', () => {
  for (const listener of listeners) listener();
});

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
  if (options.replace !== true) window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [where, setWhere] = useState(current);
  useEffect(() => {
    const update = () => setWhere(current());
    listeners.add(update);
    return () => listeners.delete(update);
  }, []);
  return where;
}

/** The URL of `path` with `params` as its query string; empty values are left out. */
export function href(path: string, params: Readonly<Record<string, string | undefined>> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/**
 * The current URL with some query parameters changed (undefined removes one). A filter change drops
 * the page cursor: the new list starts at its first page.
 */
export function withQuery(where: Location, changes: Readonly<Record<string, string | undefined>>): string {
  const query = new URLSearchParams(where.query);
  if (!('cursor' in changes)) query.delete('cursor');
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  return text === '' ? where.path : `${where.path}?${text}`;
}

/** An ordinary link the router follows without reloading the page (a modified click opens a tab). */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  rel?: string;
  title?: string;
  'aria-current'?: 'page' | undefined;
  'aria-label'?: string;
}) {
  const { href: to, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
