import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWorkload } from '../../src/analysis/analysis-service.js';
import { findingId } from '../../src/analysis/finding-id.js';
import type { JobRecord } from '../../src/domain/job.js';
import { listFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, type Store, upsertJobs } from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const T0 = new Date('2026-09-01T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SQL = 'SELECT region, SUM(amount) FROM lake.sales GROUP BY region';
const REGRESSION = findingId('regression', { kind: 'fingerprint', fingerprint: 'daily', sampleSql: SQL });

/** A run imported from queries.json; live history (`corrected`) outranks it when it says otherwise. */
function run(index: number, durationMs: number, source: JobRecord['source'] = 'queries-json'): JobRecord {
  const base = buildJob({ jobId: `r${index}` });
  return buildJob({
    jobId: `r${String(index).padStart(3, '0')}`,
    fingerprint: 'daily',
    sqlText: SQL,
    timestamps: { ...base.timestamps, submittedAt: new Date(T0.getTime() + index * 12 * HOUR) },
    durationMs,
    source,
  });
}

/** Live history shows the eight "slow" days ran as fast as before: the import was wrong. */
const corrected = (): JobRecord[] => Array.from({ length: 16 }, (_, i) => run(40 + i, 10_000, 'live'));

/**
 * Twenty days at 10 s twice a day, then eight days at 60 s: a regression the default 30-day window sees,
 * but a 7-day window holds only slow runs and cannot (no baseline inside it).
 */
const regressed = (): JobRecord[] => [
  ...Array.from({ length: 40 }, (_, i) => run(i, 10_000)),
  ...Array.from({ length: 16 }, (_, i) => run(40 + i, 60_000)),
];

describe.each(testBackends())('a partial analysis leaves findings outside it alone [$name]', (backend) => {
  async function seeded(): Promise<{ store: Store; clusterId: bigint }> {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(t.store.db, cluster.id, regressed());
    return { store: t.store, clusterId: cluster.id };
  }
  const statusOf = async (store: Store, clusterId: bigint) =>
    (await listFindings(store.db, clusterId, { detector: 'regression' })).map((f) => `${f.id} ${f.status}`);
  const now = (day: number) => new Date(T0.getTime() + (40 + day) * DAY);

  it('keeps a regression open through partial runs, and resolves it once a full run no longer sees it', async () => {
    const { store, clusterId } = await seeded();
    const full = await analyzeWorkload(store, { now: now(0) });
    expect(full.findings.map((f) => f.id)).toContain(REGRESSION);
    expect(await statusOf(store, clusterId)).toEqual([`${REGRESSION} open`]);

    // Another detector only: regression did not run, so its finding is not touched.
    const other = await analyzeWorkload(store, { detectorIds: ['queue-wait'], now: now(1) });
    expect(other.resolvedIds).toEqual([]);
    expect(await statusOf(store, clusterId)).toEqual([`${REGRESSION} open`]);

    // Regression only, over the last 7 days: only slow runs are in view, the baseline is not.
    const newest = regressed().at(-1)!.timestamps.submittedAt;
    const narrow = await analyzeWorkload(store, {
      detectorIds: ['regression'],
      since: new Date(newest.getTime() - 7 * DAY),
      now: now(2),
    });
    expect(narrow.findings).toEqual([]);
    expect(narrow.resolvedIds).toEqual([]);
    expect(await statusOf(store, clusterId)).toEqual([`${REGRESSION} open`]);

    // The cause goes: the slow runs were a bad import, corrected by live history.
    await upsertJobs(store.db, clusterId, corrected());
    const after = await analyzeWorkload(store, { now: now(3) });
    expect(after.resolvedIds).toEqual([REGRESSION]);
    expect(await statusOf(store, clusterId)).toEqual([`${REGRESSION} resolved`]);
  });

  it('a wider run resolves what a narrower one saw, and a run as wide as the last sighting does too', async () => {
    const { store, clusterId } = await seeded();
    const newest = regressed().at(-1)!.timestamps.submittedAt;
    await analyzeWorkload(store, { detectorIds: ['regression'], now: now(0) });
    await upsertJobs(store.db, clusterId, corrected());
    // 25 days still hold baseline and the (now fast) recent runs: it sees the whole story, but is
    // narrower than the 30-day run that last saw the finding, so it does not resolve it.
    const shorter = await analyzeWorkload(store, {
      detectorIds: ['regression'],
      since: new Date(newest.getTime() - 25 * DAY),
      now: now(1),
    });
    expect(shorter.resolvedIds).toEqual([]);
    const wider = await analyzeWorkload(store, {
      detectorIds: ['regression'],
      since: new Date(newest.getTime() - 90 * DAY),
      now: now(2),
    });
    expect(wider.resolvedIds).toEqual([REGRESSION]);
    expect(await statusOf(store, clusterId)).toEqual([`${REGRESSION} resolved`]);
  });
});
