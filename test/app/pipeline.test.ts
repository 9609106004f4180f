import { afterEach, describe, expect, it } from 'vitest';
import { pipelineOutput, runPipeline } from '../../src/app/pipeline.js';
import { listStoredRecommendations } from '../../src/recommend/recommend-service.js';
import { findCluster } from '../../src/store/index.js';
import { simulatorApp } from '../support/sim-app.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe.each(testBackends())('pipeline service [$name]', (backend) => {
  async function setup() {
    const fresh = await backend.fresh();
    cleanups.push(() => fresh.dispose());
    const app = await simulatorApp(fresh.store, { jobs: 400, days: 6 });
    cleanups.push(() => app.dispose());
    return { store: fresh.store, ...app };
  }

  it('collects, analyses, recommends and measures in one call, stamped with the time given', async () => {
    const { store, deps } = await setup();
    const at = '2026-12-01T12:00:00.000Z';
    const out = await runPipeline(deps, { cluster: 'sim', profiles: '60', at });
    expect(pipelineOutput.parse(out)).toEqual(out);
    expect(out.stoppedEarly).toBe(false);
    expect(out.collect.status).toBe('succeeded');
    expect(out.collect.profiles?.fetched).toBe(60);
    expect(out.analysis?.jobs).toBe(out.collect.history?.inserted);
    expect(out.analysis?.findings).toBeGreaterThan(0);
    const bySeverity = Object.values(out.analysis!.bySeverity).reduce((n, k) => n + k, 0);
    expect(bySeverity).toBe(out.analysis?.findings);
    // What was recommended is stored.
    const stored = await listStoredRecommendations(store, { clusterName: 'sim' });
    expect(out.recommendations?.count).toBeGreaterThan(0);
    expect(stored.length).toBe(out.recommendations?.count);
    expect(out.measure).not.toBeNull();
    const cluster = (await findCluster(store.db, 'sim'))!;
    const seen = await store.db
      .selectFrom('findings')
      .select('last_seen_at')
      .where('cluster_id', '=', cluster.id)
      .execute();
    expect(seen.length).toBeGreaterThan(0);
    for (const row of seen) expect(new Date(row.last_seen_at).toISOString()).toBe(at);
  });

  it('stops between stages when asked to, and says so', async () => {
    const { deps } = await setup();
    const stop = new AbortController();
    const out = await runPipeline(
      {
        ...deps,
        signal: stop.signal,
        onProgress: (stage) => {
          if (stage === 'analyze') stop.abort(new Error('stop'));
        },
      },
      { cluster: 'sim', profiles: 10 },
    );
    expect(out.stoppedEarly).toBe(true);
    expect(out.analysis).not.toBeNull();
    expect(out.measure).toBeNull();
  });
});
