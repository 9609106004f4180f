import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import { openStore } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/**
 * Runs the CLI as a real process and sends it a SIGTERM once its output matches `when`, then (with
 * `again`) a second one once it says it heard the first.
 */
function runAndTerminate(
  args: readonly string[],
  env: Record<string, string>,
  when: RegExp,
  again = false,
): Promise<{ exitCode: number | null; signalled: boolean; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'support', 'cli-entry.ts'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...env } },
    );
    let output = '';
    let stdout = '';
    let signalled = false;
    const onData = (c: Buffer) => {
      output += c.toString();
      if (!signalled && when.test(output)) {
        signalled = true;
        child.kill('SIGTERM');
      }
      if (again && signalled && /the current cycle finishes first/.test(output)) {
        again = false;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onData(c);
    });
    child.stderr.on('data', onData);
    child.on('close', (exitCode) => resolve({ exitCode, signalled, stdout, output }));
  });
}

describe('run --every stopped by SIGTERM', () => {
  async function setup() {
    const sim = await startSimulator({ flavor: 'software-24.3', jobs: 800, days: 5 });
    cleanups.push(() => sim.stop());
    const backend = testBackends().at(-1)!;
    const location = await backend.emptyLocation();
    cleanups.push(() => location.dispose());
    const env = {
      DREMIO_URL: sim.url,
      DREMIO_USERNAME: sim.credentials.userName,
      DREMIO_PASSWORD: sim.credentials.password,
      DATA_DIR: location.dataDir,
      ...(location.databaseUrl === undefined ? {} : { DATABASE_URL: location.databaseUrl }),
      LOG_LEVEL: 'debug',
    };
    const readBack = async () => {
      const store = await openStore({ dataDir: location.dataDir, databaseUrl: location.databaseUrl });
      try {
        return {
          runs: await store.db.selectFrom('collection_runs').select(['status', 'error']).execute(),
          cycles: await store.db.selectFrom('schedule_cycles').selectAll().execute(),
          leases: await store.db.selectFrom('leases').selectAll().execute(),
        };
      } finally {
        await store.close();
      }
    };
    return { env, readBack };
  }

  it('lets the cycle under way finish at the first signal, then exits 0', async () => {
    const { env, readBack } = await setup();
    // The first SQL sent: the cycle is collecting its history.
    const run = await runAndTerminate(
      ['run', '--every', '1h', '--profiles', '20'],
      env,
      /"endpoint":"POST \/api\/v3\/sql"/,
    );
    expect(run.signalled, run.output).toBe(true);
    expect(run.exitCode, run.output).toBe(0);
    // The cycle's line: it collected, analysed, recommended and measured.
    expect(run.stdout).toMatch(/cycle 1: \d+ new jobs, \d+ profiles \(succeeded\); \d+ findings/);
    expect(run.output).not.toMatch(/interrupted by/);

    const { runs, cycles, leases } = await readBack();
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({
      last_outcome: 'succeeded',
      cluster_name: new URL(env.DREMIO_URL).host,
    });
    expect(cycles[0]!.last_succeeded_at).not.toBeNull();
    expect(leases).toEqual([]);
  }, 180_000);

  it('stops the cycle at a second signal and says it was interrupted', async () => {
    const { env, readBack } = await setup();
    const run = await runAndTerminate(
      ['run', '--every', '1h', '--profiles', '20'],
      env,
      /"endpoint":"POST \/api\/v3\/sql"/,
      true,
    );
    expect(run.signalled, run.output).toBe(true);
    expect(run.exitCode, run.output).toBe(143);
    expect(run.stdout).not.toMatch(/cycle 1:/);
    expect(run.output).toMatch(/interrupted by SIGTERM/);
    const { cycles, leases } = await readBack();
    expect(cycles[0]).toMatchObject({ last_outcome: 'stopped', last_succeeded_at: null });
    expect(leases).toEqual([]);
  }, 180_000);
});
