import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWorkload } from '../../src/analysis/analysis-service.js';
import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { SqlFacts } from '../../src/domain/sql-facts.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import {
  ensureCluster,
  upsertDataset,
  upsertJobs,
  upsertProfile,
  upsertReflections,
} from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { buildWorldSnapshot } from '../support/world-snapshot.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/**
 * The store path must show detectors what the in-memory path shows: a simulated world written to the
 * store (jobs, profile summaries, datasets with file statistics, reflections with refreshes) and
 * analysed by `analyzeWorkload` gives the same findings as the detectors run on the world directly.
 */
describe.each(testBackends())('analysis through the store [$name]', (backend) => {
  it('finds exactly what the in-memory snapshot finds for a simulated world', async () => {
    const { snapshot } = await buildWorldSnapshot({ flavor: 'software-26', seed: 7, jobs: 600, days: 5 });
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const db = t.store.db;
    const cluster = await ensureCluster(db, { name: 'sim', kind: 'software' });
    await upsertJobs(
      db,
      cluster.id,
      snapshot.jobs.map((c) => c.job),
    );
    for (const { job, profile } of snapshot.jobs) {
      if (profile === undefined) continue;
      const row = { dremioVersion: null, sizeBytes: 1, rawGzip: null, source: 'test', sourceRef: null };
      await upsertProfile(db, cluster.id, {
        ...row,
        jobId: job.jobId,
        attempt: profile.attempt,
        summary: profile,
      });
    }
    for (const dataset of snapshot.datasets.values()) await upsertDataset(db, cluster.id, dataset);
    await upsertReflections(db, cluster.id, snapshot.reflections);

    const report = await analyzeWorkload(t.store, { since: snapshot.window.from, dryRun: true });
    expect(report.jobCount).toBe(snapshot.jobs.length);

    const facts = new Map<string, SqlFacts | undefined>();
    const expected = runDetectors({
      detectors: Object.values(DETECTORS),
      thresholds: resolveThresholds({ detectors: Object.values(DETECTORS), overrides: {} }),
      snapshot: buildSnapshot({
        window: report.window,
        jobs: snapshot.jobs.map((c) => c.job),
        profiles: new Map(
          snapshot.jobs.flatMap((c) => (c.profile === undefined ? [] : [[c.job.jobId, c.profile]])),
        ),
        facts: (fp, sql) => {
          if (!facts.has(fp)) facts.set(fp, sql === null ? undefined : extractSqlFacts(sql));
          return facts.get(fp);
        },
        datasets: snapshot.datasets,
        reflections: snapshot.reflections,
      }),
    });
    expect(expected.findings.length).toBeGreaterThan(0);
    const summary = (f: (typeof expected.findings)[number]) => [f.id, f.severity, f.jobIds.length];
    expect(report.findings.map(summary)).toEqual(expected.findings.map(summary));
    expect(report.findings).toEqual(expected.findings);
  });
});
