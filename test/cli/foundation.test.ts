import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

const exec = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'do-cli-'));
  dirs.push(d);
  return d;
}

describe('cli foundation', () => {
  it('answers --help from a real process', async () => {
    const { stdout } = await exec(process.execPath, [
      '--import',
      'tsx',
      'test/support/cli-entry.ts',
      '--help',
    ]);
    expect(stdout).toContain('Usage: dremio-optimizer');
    expect(stdout).toContain('db');
  });

  it('exits 2 and names DREMIO_URL when it is not a URL', async () => {
    const run = await runCli(['config', 'show'], { env: { DREMIO_URL: 'not-a-url' }, cwd: workdir() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('DREMIO_URL');
    expect(run.stderr).toContain('not-a-url');
  });

  it('never prints a password, even at debug level', async () => {
    const env = { DREMIO_PASSWORD: 'secret', LOG_LEVEL: 'debug', DREMIO_URL: 'http://localhost:9047' };
    const table = await runCli(['config', 'show'], { env, cwd: workdir() });
    const json = await runCli(['config', 'show', '--format', 'json'], { env, cwd: workdir() });
    for (const run of [table, json]) {
      expect(run.exitCode).toBe(0);
      expect(run.stdout + run.stderr).not.toContain('secret');
    }
    expect(table.stdout).toMatch(/DREMIO_PASSWORD\s+\*\*\*\*\s+\[environment\]/);
  });

  it('prints list settings (alert rules) as JSON, not [object Object]', async () => {
    const rules =
      '[{"name":"serious","channels":["webhook"],"events":["finding-opened"],"minSeverity":"high"}]';
    const env = { ALERT_WEBHOOK_URL: 'https://hooks.example.com/x', ALERT_RULES: rules };
    const run = await runCli(['config', 'show'], { env, cwd: workdir() });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('[object Object]');
    expect(run.stdout).toContain('"minSeverity":"high"');
  });

  it('rejects an unknown command with the usage exit code', async () => {
    const run = await runCli(['frobnicate'], { cwd: workdir() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe.each(testBackends())('cli db commands [$name]', (backend) => {
  it('migrates then reports status', async () => {
    const location = await backend.emptyLocation();
    const cwd = workdir();
    const env: Record<string, string> =
      location.databaseUrl === undefined ? {} : { DATABASE_URL: location.databaseUrl };
    try {
      const before = await runCli(['db', 'status'], { env, cwd });
      expect(before.stdout).toMatch(/1 pending|0 applied/);
      const migrate = await runCli(['db', 'migrate'], { env, cwd });
      expect(migrate.exitCode).toBe(0);
      expect(migrate.stdout).toContain('applied 0001_init');
      expect((await runCli(['db', 'migrate'], { env, cwd })).stdout).toContain('nothing to apply');
      const status = await runCli(['db', 'status', '--format', 'json'], { env, cwd });
      const parsed = JSON.parse(status.stdout) as {
        backend: string;
        migrations: { pending: unknown[] };
        location: string;
      };
      expect(parsed.backend).toBe(backend.name);
      expect(parsed.migrations.pending).toEqual([]);
      if (backend.name === 'pglite') expect(parsed.location).toBe(join(cwd, '.dremio-optimizer'));
    } finally {
      await location.dispose();
    }
  });
});
