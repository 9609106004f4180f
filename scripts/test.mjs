// Runs the whole test suite and ends with the plain totals line CI reads: `N passed, N failed[, N skipped]`.
// Store tests carry their backend in their name ([pglite], [postgres]); the summary counts each, so the
// log shows that both backends really ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, '.test-results');
const resultsFile = join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });

// The bin file is not an exported subpath; find it beside the package's package.json.
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: process.env },
);

if (!existsSync(resultsFile)) {
  console.log('0 passed, 1 failed');
  console.error('the test runner produced no results (see the output above)');
  process.exit(run.status === 0 ? 1 : (run.status ?? 1));
}

const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
const counts = { passed: 0, failed: 0, skipped: 0 };
const backends = new Map();
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    const status = test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped';
    counts[status]++;
    // Vitest prints `$name` from describe.each as ['pglite']; plain [pglite] titles count too.
    const backend = /\[\s*'?(pglite|postgres)'?\s*\]/.exec(test.fullName)?.[1];
    if (backend !== undefined) {
      const b = backends.get(backend) ?? { passed: 0, failed: 0, skipped: 0 };
      b[status]++;
      backends.set(backend, b);
    }
  }
}
// A suite that fails to load has no assertion results but still failed.
const brokenFiles = report.testResults.filter(
  (f) => f.status === 'failed' && f.assertionResults.length === 0,
).length;
counts.failed += brokenFiles;

console.log('');
for (const name of ['pglite', 'postgres']) {
  const b = backends.get(name);
  console.log(
    b === undefined
      ? `store tests on ${name}: not run${name === 'postgres' ? ' (no PostgreSQL server reachable)' : ''}`
      : `store tests on ${name}: ${b.passed} passed, ${b.failed} failed`,
  );
}
console.log(
  `${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`,
);
process.exit(counts.failed > 0 || run.status !== 0 ? 1 : 0);
