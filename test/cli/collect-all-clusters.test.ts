import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cloudHistoryVisible,
  type Flavor,
  type RunningSimulator,
  startSimulator,
} from '../../src/simulator/index.js';
import { findCluster, listJobIds, openStore } from '../../src/store/index.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A loopback port nothing listens on: connecting to it is refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}`;
}

async function simulator(flavor: Flavor, seed: number): Promise<RunningSimulator> {
  const sim = await startSimulator({ port: 0, flavor, jobs: 150, days: 2, seed });
  cleanups.push(() => sim.stop());
  return sim;
}

/** The jobs a collector can see: Cloud shows a job only an hour after it ended (fidelity-gaps #9). */
function visibleIds(sim: RunningSimulator, flavor: Flavor): string[] {
  const end = new Date(sim.truth.generatedAt).getTime();
  const ids: string[] = [];
  for (let i = 0; i < sim.world.jobCount; i++) {
    const job = sim.world.job(i);
    if (flavor !== 'cloud' || cloudHistoryVisible(job, end)) ids.push(job.jobId);
  }
  return ids.sort();
}

interface ClusterJson {
  cluster: string;
  url: string | null;
  status: string;
  summary: { clusterName: string; history: { inserted: number; rowsRead: number } | null } | null;
  error: { code: string; message: string; hint?: string } | null;
}

describe.each(testBackends())('collect --all-clusters [$name]', (backend) => {
  it('stores each cluster’s jobs under its own name exactly once, and reports the unreachable one while the others succeed', async () => {
    const software = await simulator('software-24.2', 11);
    const enterprise = await simulator('software-26', 12);
    const cloud = await simulator('cloud', 13);
    const deadUrl = await refusingUrl();
    const cli: CliStore = await seededCliStore(backend, async () => {});
    cleanups.push(() => cli.dispose());
    writeFileSync(
      join(cli.cwd, 'dremio-optimizer.config.json'),
      JSON.stringify({
        clusters: [
          // Its password comes from DREMIO_PROD_EU_PASSWORD below.
          { name: 'prod-eu', url: software.url, username: software.credentials.userName },
          { name: 'staging', url: enterprise.url, token: enterprise.credentials.token },
          { name: 'gone', url: deadUrl, token: 'never-sent-token' },
          {
            name: 'cloud',
            url: cloud.url,
            token: cloud.credentials.token,
            projectId: cloud.credentials.projectId,
          },
        ],
      }),
    );
    const env = { ...cli.env, DREMIO_PROD_EU_PASSWORD: software.credentials.password };
    const expected: Record<string, string[]> = {
      'prod-eu': visibleIds(software, 'software-24.2'),
      staging: visibleIds(enterprise, 'software-26'),
      cloud: visibleIds(cloud, 'cloud'),
    };
    // Different seeds, different jobs: a job stored under the wrong cluster would show.
    expect(new Set(Object.values(expected).flat()).size).toBe(Object.values(expected).flat().length);

    const first = await runCli(['collect', '--all-clusters', '--only', 'history', '--format', 'json'], {
      env,
      cwd: cli.cwd,
    });
    expect(first.exitCode, first.stderr).toBe(4);
    const report = JSON.parse(first.stdout) as { clusters: ClusterJson[]; failed: number };
    expect(report.clusters.map((c) => [c.cluster, c.status])).toEqual([
      ['prod-eu', 'succeeded'],
      ['staging', 'succeeded'],
      ['gone', 'failed'],
      ['cloud', 'succeeded'],
    ]);
    expect(report.failed).toBe(1);
    const gone = report.clusters[2]!;
    expect(gone.url).toBe(deadUrl);
    expect(gone.summary).toBeNull();
    expect(gone.error?.code).toMatch(/^DREMIO/);
    expect(gone.error?.message).toContain(new URL(deadUrl).host);
    expect(gone.error?.code).toBe('DREMIO_UNREACHABLE');
    expect(gone.error?.hint).toContain(`Nothing answers at ${deadUrl}`);
    expect(gone.error?.hint).toContain('its entry in `clusters`');
    expect(gone.error?.hint).toContain('DREMIO_GONE_TOKEN');
    for (const c of report.clusters.filter((x) => x.status === 'succeeded')) {
      expect(c.summary?.clusterName).toBe(c.cluster);
      expect(c.summary?.history?.inserted).toBe(expected[c.cluster]!.length);
    }

    // Again: every job is known, nothing is stored twice.
    const second = await runCli(['collect', '--all-clusters', '--only', 'history'], { env, cwd: cli.cwd });
    expect(second.exitCode, second.stderr).toBe(4);
    expect(second.stdout).toMatch(/into cluster "prod-eu"[\s\S]*history: +\d+ jobs read, 0 new/);
    expect(second.stdout).toMatch(/into cluster "staging"[\s\S]*history: +\d+ jobs read, 0 new/);
    expect(second.stdout).toMatch(/into cluster "cloud"[\s\S]*history: +\d+ jobs read, 0 new/);
    expect(second.stdout).toContain(`cluster "gone" at ${deadUrl}: not collected:`);
    expect(second.stdout).toMatch(/what to do: /);
    expect(second.stdout).toContain('3 of 4 cluster(s) collected; not fully: gone (failed)');
    for (const secret of [software.credentials.password, 'never-sent-token', cloud.credentials.token]) {
      expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(secret);
    }

    const store = await openStore({
      dataDir: cli.env.DATA_DIR!,
      ...(cli.env.DATABASE_URL === undefined ? {} : { databaseUrl: cli.env.DATABASE_URL }),
    });
    try {
      for (const [name, ids] of Object.entries(expected)) {
        const cluster = await findCluster(store.db, name);
        expect(cluster, name).toBeDefined();
        expect([...(await listJobIds(store.db, cluster!.id))].sort(), name).toEqual(ids);
      }
      expect(await findCluster(store.db, 'gone')).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 120_000);

  it('collects and checks one configured cluster by --cluster, and names the configured ones for an unknown name', async () => {
    const software = await simulator('software-24.3', 21);
    const cli: CliStore = await seededCliStore(backend, async () => {});
    cleanups.push(() => cli.dispose());
    writeFileSync(
      join(cli.cwd, 'dremio-optimizer.config.json'),
      JSON.stringify({
        clusters: [
          {
            name: 'a',
            url: software.url,
            username: software.credentials.userName,
            password: software.credentials.password,
          },
          { name: 'b', url: await refusingUrl(), token: 'unused-token' },
        ],
      }),
    );
    const one = await runCli(['collect', '--cluster', 'a', '--only', 'history'], {
      env: cli.env,
      cwd: cli.cwd,
    });
    expect(one.exitCode, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/into cluster "a"/);
    const unknown = await runCli(['collect', '--cluster', 'c', '--only', 'history'], {
      env: cli.env,
      cwd: cli.cwd,
    });
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain('"c" is not one of the configured clusters');
    expect(unknown.stderr).toContain('--cluster: got "c", expected one of a, b');
    expect(unknown.stderr).toContain('one of a, b');
    const unnamed = await runCli(['collect', '--only', 'history'], { env: cli.env, cwd: cli.cwd });
    expect(unnamed.exitCode).not.toBe(0);
    expect(unnamed.stderr).toContain('2 clusters are configured: name one');
    const check = await runCli(['check', '--cluster', 'a'], { env: cli.env, cwd: cli.cwd });
    expect(check.exitCode, check.stderr).toBe(0);
    expect(check.stdout).toContain(`Dremio at ${software.url}`);
  }, 60_000);
});
