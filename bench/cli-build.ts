import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/dremio-optimizer.js', import.meta.url));
let built = false;

/**
 * The command line of the installed CLI (`bin/dremio-optimizer.js` over `dist/`), built from the
 * current sources once per bench run: the scale benchmarks measure the program users run, not the
 * sources under a TypeScript loader, whose own memory would count in the peak.
 */
export function cliCommand(args: readonly string[]): string[] {
  if (!built) {
    execFileSync(process.execPath, ['scripts/build.mjs'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    built = true;
  }
  return [process.execPath, BIN, ...args];
}
