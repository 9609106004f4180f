import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface PtFingerprintRun {
  readonly fingerprints: readonly string[];
  readonly elapsedMs: number;
  readonly version: string;
}

const BINARY = 'pt-fingerprint';

function available(): boolean {
  return spawnSync(BINARY, ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Makes sure pt-fingerprint (Debian `percona-toolkit`) is installed, installing it with apt-get when it
 * is missing and saying so. Throws with what to do when it cannot be installed.
 */
export function ensurePtFingerprint(log: (line: string) => void): string {
  if (!available()) {
    log('pt-fingerprint is missing: installing the Debian package percona-toolkit (apt-get install -y)…');
    const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'percona-toolkit'], {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.status !== 0 || !available()) {
      throw new Error(
        `could not install percona-toolkit (apt-get exit ${install.status}): ${install.stderr.slice(-400)}; install it yourself (apt-get install percona-toolkit) and re-run`,
      );
    }
    log('percona-toolkit installed.');
  }
  return spawnSync(BINARY, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * Fingerprints every query with one pt-fingerprint process reading a file. pt-fingerprint reads a
 * file as statements ended by `;` + newline, so each query is written on its own line, newlines inside
 * it turned to spaces (the caller gives both tools these same one-line texts).
 */
export function runPtFingerprint(options: {
  readonly queries: readonly string[];
  readonly workFile: string;
  readonly version: string;
}): PtFingerprintRun {
  writeFileSync(options.workFile, options.queries.map((q) => `${q};\n`).join(''));
  const start = performance.now();
  const run = spawnSync(BINARY, [options.workFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const elapsedMs = performance.now() - start;
  if (run.status !== 0) throw new Error(`pt-fingerprint exited ${run.status}: ${run.stderr.slice(-400)}`);
  const fingerprints = run.stdout.split('\n');
  if (fingerprints.at(-1) === '') fingerprints.pop();
  if (fingerprints.length !== options.queries.length) {
    throw new Error(
      `pt-fingerprint printed ${fingerprints.length} fingerprints for ${options.queries.length} queries; a query probably holds ";\\n"`,
    );
  }
  return { fingerprints, elapsedMs, version: options.version };
}
