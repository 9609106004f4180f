import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The dashboard's static files (built by scripts/build-web.mjs into dist/web), read once at start: a
 * handful of files, so a request never touches the disk and no path from a request reaches the file
 * system.
 */
export interface WebAssets {
  /** The page every dashboard URL answers with; undefined when the dashboard was not built. */
  readonly index: string | undefined;
  /** A bundle file by name (`app.js`), or undefined. */
  asset(name: string): { readonly body: Uint8Array<ArrayBuffer>; readonly type: string } | undefined;
  /** Where the files were looked for, for the error shown when they are missing. */
  readonly dir: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** dist/web of this package, from src/api (tests) as from dist/api (installed). */
export function defaultWebDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');
}

export function loadWebAssets(dir: string = defaultWebDir()): WebAssets {
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  let index: string | undefined;
  if (existsSync(join(dir, 'index.html'))) {
    index = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const name of readdirSync(dir)) {
      const type = TYPES[extname(name)];
      if (type !== undefined) files.set(name, { body: new Uint8Array(readFileSync(join(dir, name))), type });
    }
  }
  return { index, dir, asset: (name) => files.get(name) };
}

/**
 * Same-origin everything: the bundle is a file of ours, charts draw on canvas, and styles set by the
 * chart library are inline (hence 'unsafe-inline' for styles only; scripts stay strict).
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
