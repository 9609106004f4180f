import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppDeps } from '../../src/app/app-deps.js';
import { configuredClusters } from '../../src/app/configured-clusters.js';
import { newLeaseHolder } from '../../src/app/with-lease.js';
import { configSchema } from '../../src/config/index.js';
import { type CycleEvent, runPipelineSchedule, scheduledClusters } from '../../src/schedule/index.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { findCluster, listJobIds } from '../../src/store/index.js';
import { silentLogger } from '../support/sim-app.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}`;
}

function configWith(clusters: unknown[], dremio: Record<string, unknown> = {}) {
  return configSchema.parse({
    dremio,
    clusters,
    database: {},
    log: { level: 'silent' },
    profiles: {},
    api: {},
    llm: {},
  });
}

describe('the clusters a schedule runs', () => {
  const entry = (name: string, schedule?: string) => ({
    name,
    url: 'http://x:9047',
    token: 't',
    ...(schedule === undefined ? {} : { schedule }),
  });

  it('runs each at its own schedule, else the command’s; without either a cluster is not scheduled', () => {
    const config = configWith([entry('a', '1h'), entry('b'), entry('c', '30s')]);
    expect(scheduledClusters(configuredClusters(config), 15 * 60_000)).toEqual([
      { name: 'a', intervalMs: 3_600_000 },
      { name: 'b', intervalMs: 900_000 },
      { name: 'c', intervalMs: 30_000 },
    ]);
    expect(scheduledClusters(configuredClusters(config), undefined)).toEqual([
      { name: 'a', intervalMs: 3_600_000 },
      { name: 'c', intervalMs: 30_000 },
    ]);
  });

  it('is the dremio section alone when no clusters are listed, as before', () => {
    const config = configWith([], { url: 'http://dremio.example.com:9047' });
    expect(configuredClusters(config).map((c) => [c.name, c.source])).toEqual([
      ['dremio.example.com:9047', 'dremio'],
    ]);
    expect(configuredClusters(config, 'mine').map((c) => c.name)).toEqual(['mine']);
  });
});

describe.each(testBackends())('a schedule over configured clusters [$name]', (backend) => {
  it('gives callers that name no cluster the one listed, and refuses to guess among several', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const entry = (name: string) => ({ name, url: `http://${name}:9047`, token: 't' });
    const one = createAppDeps({ config: configWith([entry('solo')]), logger: silentLogger, store: t.store });
    cleanups.push(() => one.close());
    expect(one.config.dremio.url).toBe('http://solo:9047');
    const two = createAppDeps({
      config: configWith([entry('a'), entry('b')]),
      logger: silentLogger,
      store: t.store,
    });
    cleanups.push(() => two.close());
    expect(() => two.dremio()).toThrow('2 clusters are configured and this call names none');
  });

  it('runs a cycle of every cluster with its own Dremio; the unreachable one fails alone', async () => {
    const sims: RunningSimulator[] = [];
    for (const [flavor, seed] of [
      ['software-24.3', 31],
      ['cloud', 32],
    ] as const) {
      const sim = await startSimulator({ port: 0, flavor, jobs: 80, days: 2, seed });
      cleanups.push(() => sim.stop());
      sims.push(sim);
    }
    const [software, cloud] = sims as [RunningSimulator, RunningSimulator];
    const config = configWith([
      {
        name: 'sw',
        url: software.url,
        username: software.credentials.userName,
        password: software.credentials.password,
      },
      { name: 'dead', url: await refusingUrl(), token: 'unused-token' },
      { name: 'cl', url: cloud.url, token: cloud.credentials.token, projectId: cloud.credentials.projectId },
    ]);
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const deps = createAppDeps({ config, logger: silentLogger, store: t.store });
    cleanups.push(() => deps.close());

    const stop = new AbortController();
    const events: CycleEvent[] = [];
    let allReported!: () => void;
    const reported = new Promise<void>((done) => {
      allReported = done;
    });
    const schedule = runPipelineSchedule(deps, {
      clusters: scheduledClusters(configuredClusters(config), 86_400_000),
      stop: stop.signal,
      holder: newLeaseHolder('test'),
      profiles: 5,
      onCycle: (event) => {
        events.push(event);
        if (events.length === 3) allReported();
      },
    });
    await reported;
    stop.abort();
    expect(await schedule).toBe(3);

    const byCluster = Object.fromEntries(events.map((e) => [e.cluster, e.kind]));
    expect(byCluster).toEqual({ sw: 'ran', cl: 'ran', dead: 'failed' });
    for (const e of events) {
      if (e.kind !== 'ran') continue;
      expect(e.output.clusterName).toBe(e.cluster);
      expect(e.output.collect.status).toBe('succeeded');
      const cluster = await findCluster(t.store.db, e.cluster);
      expect((await listJobIds(t.store.db, cluster!.id)).length).toBe(e.output.collect.history!.inserted);
    }
    const failed = events.find((e) => e.kind === 'failed');
    expect(failed?.kind === 'failed' && (failed.error as { code?: string }).code).toBe('DREMIO_UNREACHABLE');
  }, 120_000);
});
