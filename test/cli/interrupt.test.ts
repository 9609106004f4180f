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

/** Runs the CLI as a real process and sends it SIGTERM once its output matches `when`. */
function runAndTerminate(
  args: readonly string[],
  env: Record<string, string>,
  when: RegExp,
): Promise<{ exitCode: number | null; signalled: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'support', 'cli-entry.ts'), ...args],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    let output = '';
    let signalled = false;
    const onData = (c: Buffer) => {
      output += c.toString();
      if (!signalled && when.test(output)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (exitCode) => resolve({ exitCode, signalled, output }));
  });
}

describe('SIGTERM during collect', () => {
  it('exits 143, says it was interrupted and what is kept, and the run reads as interrupted', async () => {
    const sim = await startSimulator({ flavor: 'software-24.3', jobs: 3000, days: 5 });
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
    // The first SQL sent: the run has started and the history stage is under way.
    const run = await runAndTerminate(
      ['collect', '--profiles', '50'],
      env,
      /"endpoint":"POST \/api\/v3\/sql"/,
    );
    expect(run.signalled, run.output).toBe(true);
    expect(run.exitCode, run.output).toBe(143);
    expect(run.output).toMatch(/interrupted by SIGTERM.*What was stored before it is kept/);
    expect(run.output).not.toMatch(/error \[DREMIO/);

    const store = await openStore({ dataDir: location.dataDir, databaseUrl: location.databaseUrl });
    cleanups.push(() => store.close());
    const runs = await store.db.selectFrom('collection_runs').select(['status', 'error']).execute();
    expect(runs).toHaveLength(1);
    // Either left open for the next collect to finish, or closed with the signal named.
    const [only] = runs;
    expect(
      only!.status === 'running' || /interrupted by SIGTERM/.test(only!.error ?? ''),
      JSON.stringify(only),
    ).toBe(true);
  }, 180_000);
});
