import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs per property: modest in `npm test`, 3000 with `npm run fuzz`, or as many as FUZZ_RUNS asks. */
export function fuzzRuns(ciDefault: number): number {
  const asked = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : ciDefault;
}

/** A fixed seed unless FUZZ_SEED is given, so a CI failure replays; the long run can vary it. */
export function fuzzSeed(): number {
  const asked = Number(process.env.FUZZ_SEED);
  return Number.isInteger(asked) ? asked : 20_261_206;
}

/** `npm run fuzz` may take many minutes; the CI counts finish in seconds. */
export const LONG_RUN_TIMEOUT_MS = 3_600_000;

export const ALLOWED_EXIT_CODES: readonly number[] = [0, 1, 3];

export function tempDir(prefix: string): { readonly path: string; readonly dispose: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The real binary in a child process: what a user runs, with its own exit code and streams. */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ readonly exitCode: number; readonly stdout: string; readonly stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'test/support/cli-entry.ts', ...args],
      { cwd: REPO, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}
