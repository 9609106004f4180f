import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startApi } from '../../src/api/start-api.js';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/log/index.js';
import { runCli } from '../support/run-cli.js';
import { call, KEYS } from './api-harness.js';

const CLI_ENTRY = join(process.cwd(), 'test/support/cli-entry.ts');
// The child runs in a directory of its own, so tsx is named by path, not resolved from there.
const TSX = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** `dremio-optimizer serve --port 0` as its own process; resolves with the URL it prints. */
function serveProcess(
  cwd: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', TSX, CLI_ENTRY, 'serve', '--port', '0'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
  });
  cleanups.push(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /API at (http:\/\/\S+)/.exec(out);
      if (match !== null) resolve({ child, url: match[1]! });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

describe('serve', () => {
  it('refuses to listen beyond loopback without an API key, naming the setting', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-serve-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const { config } = loadConfig({ env: {}, cwd });
    const start = startApi({
      config,
      logger: createLogger({ level: 'silent', format: 'json' }),
      host: '0.0.0.0',
      port: 0,
      cwd,
      version: 'test',
    });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toMatchObject({ problems: [expect.objectContaining({ key: 'API_KEY' })] });
  });

  it('holds the embedded store: a command on it is refused naming the server pid and its API, and works once it stops', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-serve-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const env = { API_KEY: KEYS.admin };
    const { child, url } = await serveProcess(cwd, env);
    expect((await call(url, '/health/detailed', { key: KEYS.admin })).status).toBe(200);

    const refused = await runCli(['db', 'status'], { cwd, env });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(`process ${child.pid}`);
    expect(refused.stderr).toContain(`use the API at ${url}`);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const after = await runCli(['db', 'status'], { cwd, env });
    expect(after.exitCode, after.stderr).toBe(0);
  });
});
