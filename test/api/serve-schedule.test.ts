import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { detailedHealthOutput, healthOutput } from '../../src/api/openapi.js';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import { testBackends } from '../support/store-backends.js';
import { call, KEYS } from './api-harness.js';

const CLI_ENTRY = join(process.cwd(), 'test/support/cli-entry.ts');
const TSX = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** `serve --schedule` as its own process; resolves once it printed its URL and its first cycle's line. */
function serveWithSchedule(
  cwd: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; cycleLine: string }> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, CLI_ENTRY, 'serve', '--port', '0', '--schedule', '1h', '--profiles', '20'],
    { cwd, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env } },
  );
  cleanups.push(() => {
    child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /API at (http:\/\/\S+)/.exec(out)?.[1];
      const line = /^.* cycle 1: .*$/m.exec(out)?.[0];
      if (url !== undefined && line !== undefined) resolve({ child, url, cycleLine: line });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}\n${err}`)));
  });
}

describe('serve --schedule', () => {
  it('runs a pipeline cycle on the configured Dremio and /health shows when it completed', async () => {
    const sim = await startSimulator({ flavor: 'software-25.1', jobs: 400, days: 5 });
    cleanups.push(() => sim.stop());
    const location = await testBackends().at(-1)!.emptyLocation();
    cleanups.push(() => location.dispose());
    const cwd = mkdtempSync(join(tmpdir(), 'do-serve-schedule-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const cluster = new URL(sim.url).host;

    const { child, url, cycleLine } = await serveWithSchedule(cwd, {
      API_KEY: KEYS.admin,
      DREMIO_URL: sim.url,
      DREMIO_USERNAME: sim.credentials.userName,
      DREMIO_PASSWORD: sim.credentials.password,
      DATA_DIR: location.dataDir,
      ...(location.databaseUrl === undefined ? {} : { DATABASE_URL: location.databaseUrl }),
    });
    expect(cycleLine).toMatch(new RegExp(`${cluster} cycle 1: \\d+ new jobs, 20 profiles \\(succeeded\\)`));

    // No key: /health stays open, and says when the cluster's cycle completed (times only).
    const health = await call(url, '/health');
    expect(health.status).toBe(200);
    const body = healthOutput.parse(health.body);
    expect(body.schedule).toHaveLength(1);
    const [entry] = body.schedule!;
    expect(entry).toMatchObject({ cluster, status: 'succeeded', lastFailedAt: null });
    expect(Date.parse(entry!.lastSucceededAt!)).toBeGreaterThanOrEqual(Date.parse(entry!.lastStartedAt));

    const detailed = detailedHealthOutput.parse(
      (await call(url, '/health/detailed', { key: KEYS.admin })).body,
    );
    expect(detailed.checks).toContainEqual(
      expect.objectContaining({ name: `schedule ${cluster}`, ok: true }),
    );

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
