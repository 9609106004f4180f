// Compiles src/ to dist/, bundles the dashboard into dist/web, and copies the non-TypeScript assets (SQL migrations) beside the output.
// Runs from `npm ci` (prepare) so a fresh clone has a working `dremio-optimizer` bin without extra steps.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
// Assets are copied even when tsc reports errors, so a half-broken tree still runs while being fixed;
// the build fails at the end either way.
let failed = false;
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
} catch {
  failed = true;
}

const ASSET = /\.(sql|json)$/;
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (ASSET.test(name)) {
      const target = join(root, 'dist', relative(join(root, 'src'), path));
      cpSync(path, target);
    }
  }
}
if (existsSync(join(root, 'src'))) copyAssets(join(root, 'src'));
// The dashboard `serve` answers at `/`, bundled for the browser (see build-web.mjs).
try {
  await (await import('./build-web.mjs')).buildWeb();
} catch (error) {
  console.error(`dashboard build failed: ${error.message}`);
  failed = true;
}
if (failed) {
  console.error('build failed: TypeScript reported the errors above');
  process.exit(1);
}
