import { afterEach, describe, expect, it } from 'vitest';
import { listClusters } from '../../src/app/clusters.js';
import type { AppDeps } from '../../src/app/service.js';
import { ensureCluster, finishRun, recordCollectionError, startRun } from '../../src/store/index.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { defaultConfig, silent } from './read-fixture.js';

describe.each(testBackends())('clusters.list collection health [$name]', (backend) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it("shows each cluster's newest collection or import run with its jobs and error count", async () => {
    t = await backend.fresh();
    const { db } = t.store;
    const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
    const live = await ensureCluster(db, { name: 'live', kind: 'software' });
    const offline = await ensureCluster(db, { name: 'offline', kind: 'software' });
    const busy = await ensureCluster(db, { name: 'busy', kind: 'cloud' });
    await ensureCluster(db, { name: 'never', kind: 'software' });

    const older = await startRun(db, { clusterId: live.id, kind: 'collect', options: {} });
    await recordCollectionError(db, {
      runId: older,
      clusterId: live.id,
      error: { stage: 'profiles', item: 'j0', message: 'timeout' },
    });
    await finishRun(db, {
      runId: older,
      status: 'partial',
      counts: { history: { inserted: 50, updated: 0 } },
    });
    const newer = await startRun(db, { clusterId: live.id, kind: 'collect', options: {} });
    for (const item of ['j1', 'j2'])
      await recordCollectionError(db, {
        runId: newer,
        clusterId: live.id,
        error: { stage: 'profiles', item, message: 'HTTP 500' },
      });
    await finishRun(db, {
      runId: newer,
      status: 'partial',
      counts: { history: { rowsRead: 9, inserted: 5, updated: 2, unchanged: 2 }, errors: 2 },
    });
    const imported = await startRun(db, { clusterId: offline.id, kind: 'import', options: {} });
    await finishRun(db, {
      runId: imported,
      status: 'succeeded',
      counts: { files: 1, jobs: { inserted: 3, updated: 1, unchanged: 0 } },
    });
    const running = await startRun(db, { clusterId: busy.id, kind: 'collect', options: {} });

    const page = await listClusters(deps, {});
    listClusters.output.parse(page);
    const byName = new Map(page.items.map((c) => [c.name, c.lastCollection]));
    expect(byName.get('live')).toMatchObject({
      id: Number(newer),
      status: 'partial',
      jobsCollected: 7,
      errors: 2,
    });
    expect(Date.parse(byName.get('live')!.finishedAt!)).toBeGreaterThanOrEqual(
      Date.parse(byName.get('live')!.startedAt),
    );
    expect(byName.get('offline')).toMatchObject({
      id: Number(imported),
      status: 'succeeded',
      jobsCollected: 4,
      errors: 0,
    });
    expect(byName.get('busy')).toMatchObject({
      id: Number(running),
      status: 'running',
      finishedAt: null,
      jobsCollected: null,
      errors: 0,
    });
    expect(byName.get('never')).toBeNull();
  });
});
