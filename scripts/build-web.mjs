// Bundles the dashboard (src/web) into static files `serve` answers at `/`: index.html, app.js, app.css.
// esbuild is already in the tree (tsx runs on it), bundles TypeScript, JSX and CSS in well under a second,
// and needs no dev server: the dashboard is a handful of screens over the public API, not a site.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the bundle into `outDir` (default dist/web); resolves once every file is written. */
export async function buildWeb(outDir = join(root, 'dist', 'web')) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'src/web/main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'src/web/index.html'), join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildWeb(process.argv[2]);
  console.log(`dashboard built into ${out}`);
}
