import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

describe.each(testBackends())('collect from Dremio Cloud [$name]', (backend) => {
  let cli: CliStore | undefined;
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await cli?.dispose();
    await sim?.stop();
    cli = undefined;
    sim = undefined;
  });

  it('names the Cloud project and where its region comes from, never "cloud unknown"', async () => {
    sim = await startSimulator({ port: 0, flavor: 'cloud', jobs: 120, days: 2, seed: 3 });
    cli = await seededCliStore(backend, async () => {});
    const env = {
      ...cli.env,
      DREMIO_URL: sim.url,
      DREMIO_TOKEN: sim.credentials.token,
      DREMIO_PROJECT_ID: sim.credentials.projectId,
    };
    const run = await runCli(['collect', '--only', 'history', '--cluster', 'cloud'], { env, cwd: cli.cwd });
    expect(run.exitCode).toBe(0);
    const first = run.stdout.split('\n')[0]!;
    // The simulator is served from 127.0.0.1, a host that names no Cloud region, so the line says where.
    expect(first).toMatch(
      new RegExp(
        `^collected from Dremio Cloud project ${sim.credentials.projectId} \\(region unknown: API at ${new URL(sim.url).host}\\) into cluster "cloud" in \\d+\\.\\d s$`,
      ),
    );
    expect(run.stdout).not.toContain('unknown into');
    expect(run.stdout).toMatch(/^history: +\d+ jobs read, \d+ new/m);
  });

  it('says how far profile coverage has grown, run after run', async () => {
    sim = await startSimulator({ port: 0, flavor: 'cloud', jobs: 120, days: 2, seed: 3 });
    cli = await seededCliStore(backend, async () => {});
    const env = {
      ...cli.env,
      DREMIO_URL: sim.url,
      DREMIO_TOKEN: sim.credentials.token,
      DREMIO_PROJECT_ID: sim.credentials.projectId,
    };
    const coverage = async () => {
      const run = await runCli(
        ['collect', '--only', 'history,profiles', '--profiles', '10', '--cluster', 'cloud'],
        { env, cwd: cli!.cwd },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^profiles: +10 fetched of 10 planned/m);
      const line =
        /coverage: (\d+) of (\d+) finished jobs in the window have a profile.*; (\d+) left for later runs/.exec(
          run.stdout,
        );
      expect(line, run.stdout).not.toBeNull();
      return { withProfile: Number(line![1]), inWindow: Number(line![2]), left: Number(line![3]) };
    };
    const first = await coverage();
    const second = await coverage();
    expect(first.withProfile).toBe(10);
    expect(second).toEqual({ withProfile: 20, inWindow: first.inWindow, left: first.left - 10 });
  });
});
