import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWorkload, waiveFindings } from '../../src/analysis/analysis-service.js';
import { findingId } from '../../src/analysis/finding-id.js';
import type { JobRecord } from '../../src/domain/job.js';
import { ConfigError, InvalidInputError, NotFoundError } from '../../src/errors.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { importFiles } from '../../src/sources/import-service.js';
import { listBaselines } from '../../src/store/baselines-repository.js';
import { listFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, type Store, upsertJobs } from '../../src/store/index.js';
import { realFixture } from '../support/fixtures.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const T0 = new Date('2026-10-01T00:00:00.000Z');
const NOW = new Date('2026-11-24T06:00:00.000Z');
const HOUR = 3_600_000;
const ONLY = { detectorIds: ['queue-wait'] } as const;

/** A run of `fingerprint` at `hours` after T0 that waited `queuedMs` of its `durationMs`. */
function run(input: {
  jobId: string;
  hours: number;
  fingerprint: string | null;
  queuedMs: number;
  durationMs?: number;
}): JobRecord {
  const base = buildJob({ jobId: input.jobId });
  return buildJob({
    jobId: input.jobId,
    fingerprint: input.fingerprint,
    sqlText: input.fingerprint === null ? null : `SELECT region FROM lake.sales /* ${input.fingerprint} */`,
    timestamps: { ...base.timestamps, submittedAt: new Date(T0.getTime() + input.hours * HOUR) },
    durationMs: input.durationMs ?? input.queuedMs + 5_000,
    phases: { ...base.phases, queuedMs: input.queuedMs },
  });
}

/**
 * Two days: fingerprint `queued` waits 30 s on each of 40 runs, `healthy` never waits. Both scan the
 * same unaccelerated table 20 times a day, which reflection-missing rightly reports, so these tests
 * run queue-wait only (`ONLY`) to follow one finding through the framework.
 */
function workload(): JobRecord[] {
  return [
    ...Array.from({ length: 40 }, (_, i) =>
      run({ jobId: `q${i}`, hours: i * 1.2, fingerprint: 'queued', queuedMs: 30_000 }),
    ),
    ...Array.from({ length: 40 }, (_, i) =>
      run({ jobId: `h${i}`, hours: i * 1.2, fingerprint: 'healthy', queuedMs: 5 }),
    ),
    { ...run({ jobId: 'lone', hours: 24, fingerprint: null, queuedMs: 120_000 }), source: 'queries-json' },
  ];
}

describe.each(testBackends())('analysis service [$name]', (backend) => {
  async function fresh(): Promise<Store> {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t.store;
  }
  async function seeded(): Promise<Store> {
    const store = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(store.db, cluster.id, workload());
    return store;
  }

  it('finds nothing without cause in the real fixtures, and says what it could not evaluate', async () => {
    const store = await fresh();
    await importFiles(store, {
      paths: [realFixture('dqd'), realFixture('ddc')],
      clusterName: 'real',
      redactSql: false,
      storeRawProfiles: false,
      limits: DEFAULT_ARCHIVE_LIMITS,
    });
    for (const since of [undefined, new Date('2000-01-01T00:00:00Z')]) {
      const report = await analyzeWorkload(store, { ...(since ? { since } : {}), now: NOW });
      expect(report.findings).toEqual([]);
      expect(report.detectors).toHaveLength(16);
      expect(report.notEvaluated.map((n) => `${n.detector}: ${n.reason}`)).toEqual(
        expect.arrayContaining(['reflection-unused: no reflections', 'small-files: no dataset metadata']),
      );
    }
    const all = await analyzeWorkload(store, { since: new Date('2000-01-01T00:00:00Z'), now: NOW });
    // 16 jobs since 2000 (three test rows carry 1970 times); 3 of them have profiles.
    expect(all.jobCount).toBe(16);
    expect(all.notEvaluated).toContainEqual({
      detector: 'spill',
      missing: 'profile',
      reason: 'no profile',
      skippedJobs: 13,
      totalJobs: 16,
    });
    expect(all.window.to).toEqual(new Date('2024-04-25T08:24:18.006Z'));
  });

  it('reports a problem once per fingerprint with every affected job, stores it and its baselines', async () => {
    const store = await seeded();
    const report = await analyzeWorkload(store, { ...ONLY, clusterName: 'prod', now: NOW });
    const ids = report.findings.map((f) => `${f.detector} ${f.subject.kind}`);
    expect(ids).toEqual(['queue-wait fingerprint', 'queue-wait job']);
    const [queued, lone] = report.findings;
    expect(queued!.jobIds).toEqual(Array.from({ length: 40 }, (_, i) => `q${i}`));
    expect(queued!.evidence).toMatchObject({ queuedMs: 30_000, affectedJobCount: 40, runCount: 40 });
    expect(lone!.subject).toEqual({ kind: 'job', jobId: 'lone' });
    // The window ends at the newest job, not at the wall clock, and covers two days of data.
    expect(report.window.to).toEqual(new Date(T0.getTime() + 46.8 * HOUR));
    expect(report.window.days).toBeCloseTo(46.8 / 24, 6);
    // Runs every 1.2 h from midnight on 1 October to 22:48 on the 2nd: two UTC days with jobs.
    expect(report.daysWithJobs).toBe(2);
    // 30 s on each of 40 runs over 1.95 days.
    expect(queued!.impactMsPerDay).toBeCloseTo((40 * 30_000) / (46.8 / 24), 3);

    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const stored = await listFindings(store.db, cluster.id);
    expect(stored.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    expect(stored[0]!.evidence).toEqual(queued!.evidence);
    const baselines = await listBaselines(store.db, { clusterId: cluster.id, windowDays: 30 });
    expect([...baselines.keys()].sort()).toEqual(['healthy', 'queued']);
    expect(baselines.get('queued')!.get('duration_ms')!.p50).toBe(35_000);
  });

  it('counts days of data from the oldest job in the window, so one old import does not dilute impact', async () => {
    const store = await seeded();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    // A job imported from a year before: outside the 30-day window, it must not stretch the two days.
    await upsertJobs(store.db, cluster.id, [
      run({ jobId: 'ancient', hours: -365 * 24, fingerprint: 'healthy', queuedMs: 5 }),
    ]);
    const report = await analyzeWorkload(store, { ...ONLY, clusterName: 'prod', now: NOW });
    expect(report.window.days).toBeCloseTo(46.8 / 24, 6);
    expect(report.daysWithJobs).toBe(2);
    const queued = report.findings.find((f) => f.subject.kind === 'fingerprint');
    expect(queued?.impactMsPerDay).toBeCloseTo((40 * 30_000) / (46.8 / 24), 3);
  });

  it('stores nothing on a dry run', async () => {
    const store = await seeded();
    const report = await analyzeWorkload(store, { ...ONLY, dryRun: true, now: NOW });
    expect(report.findings).toHaveLength(2);
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    expect(await listFindings(store.db, cluster.id)).toEqual([]);
    expect((await listBaselines(store.db, { clusterId: cluster.id, windowDays: 30 })).size).toBe(0);
  });

  it('runs only the chosen detectors and resolves what no longer shows within what it looked at', async () => {
    const store = await seeded();
    const first = await analyzeWorkload(store, { detectorIds: ['queue-wait'], now: NOW });
    expect(first.detectors.map((d) => d.id)).toEqual(['queue-wait']);
    const lone = findingId('queue-wait', { kind: 'job', jobId: 'lone' });
    // Restricting the window to the last day leaves the lone job out of view: its finding stays open.
    const second = await analyzeWorkload(store, {
      detectorIds: ['queue-wait'],
      since: new Date(T0.getTime() + 30 * HOUR),
      now: new Date(NOW.getTime() + HOUR),
    });
    expect(second.findings.map((f) => f.subject.kind)).toEqual(['fingerprint']);
    expect(second.resolvedIds).toEqual([]);
    // The lone job's wait turns out to be a bad record: a run over all the data resolves its finding.
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(store.db, cluster.id, [
      run({ jobId: 'lone', hours: 24, fingerprint: null, queuedMs: 5 }),
    ]);
    const third = await analyzeWorkload(store, {
      detectorIds: ['queue-wait'],
      now: new Date(NOW.getTime() + 2 * HOUR),
    });
    expect(third.resolvedIds).toEqual([lone]);
  });

  it('applies waivers by id and by pattern, until they expire', async () => {
    const store = await seeded();
    const report = await analyzeWorkload(store, { ...ONLY, now: NOW });
    const loneId = report.findings.find((f) => f.subject.kind === 'job')!.id;
    await waiveFindings(store, { target: loneId, reason: 'ad-hoc backfill', now: NOW });
    await waiveFindings(store, {
      target: 'queue-wait:fingerprint:que*',
      reason: 'accepted until the new engine',
      until: new Date(NOW.getTime() + 24 * HOUR),
      clusterName: 'prod',
      now: NOW,
    });
    const waived = await analyzeWorkload(store, { ...ONLY, now: NOW });
    expect(waived.findings).toEqual([]);
    expect(waived.waived.map((w) => w.reason).sort()).toEqual([
      'accepted until the new engine',
      'ad-hoc backfill',
    ]);
    const expired = await analyzeWorkload(store, { ...ONLY, now: new Date(NOW.getTime() + 25 * HOUR) });
    expect(expired.findings.map((f) => f.subject.kind)).toEqual(['fingerprint']);
  });

  const badWaivers = [
    {
      name: 'an unknown finding id',
      options: { target: '0123456789abcdef', reason: 'x' },
      code: 'FINDING_UNKNOWN',
    },
    { name: 'an empty reason', options: { target: 'spill:*', reason: '  ' }, code: 'WAIVER_REASON_MISSING' },
    {
      name: 'an expiry in the past',
      options: { target: 'spill:*', reason: 'x', until: new Date('2020-01-01T00:00:00Z') },
      code: 'WAIVER_UNTIL_PAST',
    },
    {
      name: 'an unreadable target',
      options: { target: 'spill', reason: 'x' },
      code: 'WAIVER_TARGET_INVALID',
    },
  ];
  it.each(badWaivers)('refuses a waiver with $name', async ({ options, code }) => {
    const store = await seeded();
    await expect(waiveFindings(store, { ...options, now: NOW })).rejects.toMatchObject({ code });
    const error = await waiveFindings(store, { ...options, now: NOW }).catch((e: unknown) => e);
    // Caller-neutral: the error names the input field at fault, never a command-line flag.
    expect(error).toBeInstanceOf(code === 'FINDING_UNKNOWN' ? NotFoundError : InvalidInputError);
    expect(String((error as Error).message) + String((error as { hint?: string }).hint)).not.toMatch(/--/);
  });

  it('stops on bad thresholds before reading anything, naming the key', async () => {
    const store = await seeded();
    const overrides = { 'queue-wait': { queuedMs: { low: 100_000 } } };
    const error = await analyzeWorkload(store, { detectorOverrides: overrides, now: NOW }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key)).toEqual(['detectors.queue-wait.queuedMs']);
    // Also for a detector this run does not select.
    const other = { spill: { spilledBytes: { high: 1 } } };
    const unselected = await analyzeWorkload(store, { ...ONLY, detectorOverrides: other, now: NOW }).catch(
      (e) => e,
    );
    expect((unselected as ConfigError).problems.map((p) => p.key)).toEqual(['detectors.spill.spilledBytes']);
  });

  it('asks which cluster when the store holds several', async () => {
    const store = await seeded();
    await ensureCluster(store.db, { name: 'other', kind: 'cloud' });
    await expect(analyzeWorkload(store, { now: NOW })).rejects.toMatchObject({ code: 'CLUSTER_UNKNOWN' });
    await expect(analyzeWorkload(store, { clusterName: 'nope', now: NOW })).rejects.toThrow(
      /no cluster named "nope"/,
    );
    const other = await analyzeWorkload(store, { clusterName: 'other', now: NOW });
    expect(other).toMatchObject({ jobCount: 0, findings: [] });
  });
});
