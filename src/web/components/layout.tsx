import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { Link, type Location } from '../router.js';
import { SessionContext } from '../session-context.js';

const NAV: readonly { path: string; label: string }[] = [
  { path: '/', label: 'Overview' },
  { path: '/shapes', label: 'Query shapes' },
  { path: '/findings', label: 'Findings' },
  { path: '/recommendations', label: 'Recommendations' },
  { path: '/measurements', label: 'Measurements' },
  { path: '/jobs', label: 'Jobs' },
  { path: '/reflections', label: 'Reflections' },
];

type Theme = 'light' | 'dark' | 'system';
const THEME_KEY = 'dremio-optimizer.theme';

function applyTheme(theme: Theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  const theme: Theme = saved === 'light' || saved === 'dark' ? saved : 'system';
  applyTheme(theme);
  return theme;
}

export function Layout(props: {
  where: Location;
  title: string;
  onSignOut?: () => void;
  children: ComponentChildren;
}) {
  const session = useContext(SessionContext);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.title = `${props.title} · Dremio Optimizer`;
  }, [props.title]);
  const section = `/${props.where.path.split('/')[1] ?? ''}`;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Dremio Optimizer</span>
        <nav aria-label="Screens">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <Link href={item.path} aria-current={section === item.path ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <label for="theme" class="visually-hidden">
            Colour theme
          </label>
          <select
            id="theme"
            value={theme}
            onChange={(e) => {
              const next = e.currentTarget.value as Theme;
              localStorage.setItem(THEME_KEY, next);
              applyTheme(next);
              setTheme(next);
            }}
          >
            <option value="system">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <span title={`scopes: ${session.scopes.join(', ')}`}>
            {session.client} <span class="muted">({session.scopes.join(', ')})</span>
          </span>
          {props.onSignOut !== undefined && (
            <button type="button" class="secondary" onClick={props.onSignOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </>
  );
}
