import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parsePromText } from './prom-text.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Starts the CLI as a real process; `waitFor` resolves with the output once it matches. */
function startCli(args: readonly string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join('test', 'support', 'cli-entry.ts'), ...args],
    { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env } },
  );
  let output = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      const match = w.pattern.exec(output);
      if (match !== null) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    waitFor: (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const match = pattern.exec(output);
        if (match !== null) return resolve(match);
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`exited with ${code} before ${pattern}: ${output}`)));
      }),
  };
}

describe('run --every --metrics-port', () => {
  it('serves /metrics on loopback while it runs, with the cycle it ran, and stops with the schedule', async () => {
    const sim = await startSimulator({ flavor: 'software-25.1', jobs: 300, days: 3, seed: 3 });
    cleanups.push(() => sim.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'do-run-metrics-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const cli = startCli(['run', '--every', '1h', '--profiles', '20', '--metrics-port', '0'], {
      DREMIO_URL: sim.url,
      DREMIO_USERNAME: sim.credentials.userName,
      DREMIO_PASSWORD: sim.credentials.password,
      DATA_DIR: dataDir,
    });
    cleanups.push(() => {
      cli.child.kill('SIGKILL');
    });
    const url = (await cli.waitFor(/Metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/))[1]!;
    await cli.waitFor(/cycle 1: /);

    const scrape = await fetch(`${url}/metrics`);
    expect(scrape.status).toBe(200);
    const { samples } = parsePromText(await scrape.text());
    const value = (name: string, labels: Record<string, string>) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    expect(value('optimizer_duration_seconds_count', { operation: 'full_optimization' })).toBe(1);
    expect(value('dremio_api_requests_total', {})).toBeGreaterThan(0);
    expect(value('collection_jobs_total', {})).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
    expect((await fetch(`${url}/other`)).status).toBe(404);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  }, 180_000);

  it('refuses a metrics port that is not a port number', async () => {
    const cli = startCli(['run', '--every', '1h', '--metrics-port', 'x'], {
      DREMIO_URL: 'http://127.0.0.1:9',
      DREMIO_TOKEN: 'token-for-a-test',
    });
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toContain('--metrics-port x is not a port number');
  }, 60_000);
});
