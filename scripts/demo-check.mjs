// Runs the README's main command (`demo`) with the Node that runs this script and checks what a user
// must see: findings from select-star and small-files, and datasets collected. CI calls it on Node 24
// and under a clock shifted by a year, so a wall-clock dependency or a runtime difference shows up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'dremio-optimizer.js');
const dataDir = mkdtempSync(join(tmpdir(), 'dremio-optimizer-demo-check-'));
const label = `demo on Node ${process.versions.node} at ${new Date().toISOString()}`;

function cli(args, env = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    console.error(run.stderr);
    throw new Error(`${label}: \`dremio-optimizer ${args.join(' ')}\` exited ${run.status}`);
  }
  return JSON.parse(run.stdout);
}

try {
  const report = cli(['demo', '--data-dir', dataDir, '--jobs', '1500', '--format', 'json']);
  const detectors = new Set(report.findings.map((f) => f.detector));
  const status = cli(['db', 'status', '--format', 'json'], { DATA_DIR: dataDir });
  const problems = [];
  for (const id of ['select-star', 'small-files']) {
    if (!detectors.has(id)) problems.push(`no ${id} finding`);
  }
  if (!(status.rowCounts.datasets > 0)) problems.push('no datasets collected');
  if (!(report.recommendations.length > 0)) problems.push('no recommendations');
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
  console.log(
    `${label}: ${report.findings.length} findings from ${detectors.size} detectors, ${status.rowCounts.datasets} datasets, ${report.recommendations.length} recommendations`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
