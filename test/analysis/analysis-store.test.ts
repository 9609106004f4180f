import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { computeBaseline } from '../../src/analysis/baseline.js';
import { findingId } from '../../src/analysis/finding-id.js';
import type { Finding, FindingSubject } from '../../src/domain/finding.js';
import type { JobRecord } from '../../src/domain/job.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { jobTimeRange, loadWindowJobs } from '../../src/store/analysis-snapshot-repository.js';
import { listBaselines, refreshBaselines } from '../../src/store/baselines-repository.js';
import { CompactTimestamps } from '../../src/store/compact-timestamps.js';
import { listFindings, saveFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, upsertJobs, upsertProfile } from '../../src/store/index.js';
import { addWaiver, listActiveWaivers } from '../../src/store/waivers-repository.js';
import { realFixture } from '../support/fixtures.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const T0 = new Date('2026-10-01T00:00:00.000Z');
/** Every analysis here looked back 30 days, so each covers what the one before it saw. */
const WINDOW_MS = 30 * 86_400_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function finding(detector: Finding['detector'], subject: FindingSubject, jobIds: string[]): Finding {
  return {
    id: findingId(detector, subject),
    detector,
    severity: 'high',
    confidence: 0.9,
    title: `${detector} on ${subject.kind}`,
    subject,
    jobIds,
    evidence: { spilledBytes: 2 ** 40, operator: '02-03', thresholds: [] },
    impactMsPerDay: 120_000,
  };
}

function timedJob(jobId: string, minutes: number, overrides: Partial<JobRecord> = {}): JobRecord {
  const base = buildJob({ jobId });
  return buildJob({
    jobId,
    ...overrides,
    timestamps: { ...base.timestamps, submittedAt: at(minutes) },
  });
}

describe.each(testBackends())('analysis store [$name]', (backend) => {
  async function fresh() {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    return { db: t.store.db, clusterId: cluster.id };
  }

  it('records findings with first/last seen and occurrences, and resolves the ones not seen again', async () => {
    const { db, clusterId } = await fresh();
    const spill = finding('spill', { kind: 'fingerprint', fingerprint: 'fp1', sampleSql: 'SELECT 1' }, [
      'j1',
      'j2',
    ]);
    const files = finding('small-files', { kind: 'dataset', path: 'lake.t' }, []);
    const first = await saveFindings(db, {
      clusterId,
      findings: [spill, files],
      seenAt: at(0),
      evaluatedDetectors: ['spill', 'small-files'],
      windowMs: WINDOW_MS,
    });
    expect(first).toEqual({
      inserted: 2,
      updated: 0,
      resolvedIds: [],
      openedIds: [spill.id, files.id].sort(),
    });

    // Second analysis: spill again (other jobs), small-files gone; skew ran and found nothing.
    const again = { ...spill, jobIds: ['j2', 'j3'], severity: 'critical' as const };
    const second = await saveFindings(db, {
      clusterId,
      findings: [again],
      seenAt: at(60),
      evaluatedDetectors: ['spill', 'small-files', 'skew'],
      windowMs: WINDOW_MS,
    });
    expect(second).toEqual({ inserted: 0, updated: 1, resolvedIds: [files.id], openedIds: [] });

    const stored = await listFindings(db, clusterId);
    const s = stored.find((f) => f.id === spill.id)!;
    expect(s).toMatchObject({
      status: 'open',
      severity: 'critical',
      jobIds: ['j2', 'j3'],
      occurrences: 2n,
      firstSeenAt: at(0),
      lastSeenAt: at(60),
      resolvedAt: null,
    });
    // Evidence round-trips losslessly.
    expect(s.evidence).toEqual(spill.evidence);
    expect(stored.find((f) => f.id === files.id)).toMatchObject({ status: 'resolved', resolvedAt: at(60) });

    // Third: small-files is back: it opens again (what an alert of its opening keys on).
    const third = await saveFindings(db, {
      clusterId,
      findings: [again, files],
      seenAt: at(120),
      evaluatedDetectors: ['spill', 'small-files'],
      windowMs: WINDOW_MS,
    });
    expect(third).toEqual({ inserted: 0, updated: 2, resolvedIds: [], openedIds: [files.id] });
  });

  it('leaves the findings of detectors that did not run alone, and reopens a finding that returns', async () => {
    const { db, clusterId } = await fresh();
    const files = finding('small-files', { kind: 'dataset', path: 'lake.t' }, []);
    await saveFindings(db, {
      clusterId,
      findings: [files],
      seenAt: at(0),
      evaluatedDetectors: ['small-files'],
      windowMs: WINDOW_MS,
    });
    const skipped = await saveFindings(db, {
      clusterId,
      findings: [],
      seenAt: at(1),
      evaluatedDetectors: ['spill'],
      windowMs: WINDOW_MS,
    });
    expect(skipped.resolvedIds).toEqual([]);
    await saveFindings(db, {
      clusterId,
      findings: [],
      seenAt: at(2),
      evaluatedDetectors: ['small-files'],
      windowMs: WINDOW_MS,
    });
    expect((await listFindings(db, clusterId, { status: 'resolved' })).map((f) => f.id)).toEqual([files.id]);
    await saveFindings(db, {
      clusterId,
      findings: [files],
      seenAt: at(3),
      evaluatedDetectors: ['small-files'],
      windowMs: WINDOW_MS,
    });
    expect(await listFindings(db, clusterId, { status: 'open' })).toEqual([
      expect.objectContaining({ id: files.id, occurrences: 2n, resolvedAt: null, firstSeenAt: at(0) }),
    ]);
  });

  it('resolves a finding only from a run that looked back at least as far as the one that saw it', async () => {
    const { db, clusterId } = await fresh();
    const files = finding('small-files', { kind: 'dataset', path: 'lake.t' }, []);
    const save = (minutes: number, windowMs: number, findings: Finding[] = []) =>
      saveFindings(db, {
        clusterId,
        findings,
        seenAt: at(minutes),
        evaluatedDetectors: ['small-files'],
        windowMs,
      });
    await save(0, WINDOW_MS, [files]);
    expect((await save(1, WINDOW_MS / 4)).resolvedIds).toEqual([]);
    // Seen again by a narrow run: from now on a run that narrow can tell it is gone.
    await save(2, WINDOW_MS / 4, [files]);
    expect((await save(3, WINDOW_MS / 4)).resolvedIds).toEqual([files.id]);
  });

  it('leaves alone the findings of subjects the detector could not look at this time', async () => {
    const { db, clusterId } = await fresh();
    const spill = finding('spill', { kind: 'fingerprint', fingerprint: 'fp1', sampleSql: null }, ['j1']);
    const base = { clusterId, evaluatedDetectors: ['spill' as const], windowMs: WINDOW_MS };
    await saveFindings(db, { ...base, findings: [spill], seenAt: at(0) });
    const unseenSubjects = [{ detector: 'spill' as const, subjectKey: 'fingerprint:fp1' }];
    expect(
      (await saveFindings(db, { ...base, findings: [], seenAt: at(1), unseenSubjects })).resolvedIds,
    ).toEqual([]);
    // Another detector's blind spot is not this one's.
    const otherBlind = [{ detector: 'skew' as const, subjectKey: 'fingerprint:fp1' }];
    expect(
      (await saveFindings(db, { ...base, findings: [], seenAt: at(2), unseenSubjects: otherBlind }))
        .resolvedIds,
    ).toEqual([spill.id]);
  });

  it('lists active waivers: global and own cluster, not expired', async () => {
    const { db, clusterId } = await fresh();
    const other = await ensureCluster(db, { name: 'other', kind: 'cloud' });
    const base = { findingId: null, detector: 'spill', pattern: '*', createdBy: 'ops' };
    await addWaiver(db, { ...base, clusterId: null, reason: 'global', until: null });
    await addWaiver(db, { ...base, clusterId, reason: 'mine, expires', until: at(10) });
    await addWaiver(db, { ...base, clusterId: other.id, reason: 'theirs', until: null });
    const early = await listActiveWaivers(db, { clusterId, at: at(5) });
    expect(early.map((w) => w.reason)).toEqual(['global', 'mine, expires']);
    const late = await listActiveWaivers(db, { clusterId, at: at(10) });
    expect(late.map((w) => w.reason)).toEqual(['global']);
    expect(late[0]).toMatchObject({ detector: 'spill', pattern: '*', createdBy: 'ops', clusterId: null });
  });

  it('computes baselines in SQL that match the statistics computed in memory', async () => {
    const { db, clusterId } = await fresh();
    const jobs = Array.from({ length: 25 }, (_, i) =>
      timedJob(`b${i}`, i * 10, {
        fingerprint: 'fp-base',
        durationMs: 1000 + ((i * 7919) % 23) * 113,
        bytesScanned: BigInt(10_000 + i * i * 17),
        cpuTimeMs: i % 5 === 0 ? null : BigInt(300 + i),
        state: i === 3 ? 'FAILED' : 'COMPLETED',
      }),
    );
    const few = Array.from({ length: 5 }, (_, i) => timedJob(`f${i}`, i, { fingerprint: 'fp-few' }));
    await upsertJobs(db, clusterId, [...jobs, ...few]);
    const window = { windowStart: at(-60), windowEnd: at(240), windowDays: 30, minRuns: 20 };
    expect(await refreshBaselines(db, { clusterId, ...window })).toEqual({ computed: 1, removed: 0 });

    const stored = (await listBaselines(db, { clusterId, windowDays: 30 })).get('fp-base')!;
    const expected = computeBaseline({
      fingerprint: 'fp-base',
      jobs,
      from: at(-60),
      to: at(241),
      minRuns: 20,
    });
    const pairs = [
      ['duration_ms', expected.durationMs],
      ['bytes_scanned', expected.bytesScanned],
      ['cpu_time_ms', expected.cpuTimeMs],
    ] as const;
    for (const [metric, d] of pairs) {
      const b = stored.get(metric)!;
      expect(Number(b.runCount), metric).toBe(d.count);
      for (const k of ['p50', 'p95', 'p99', 'mean', 'stddev', 'mad'] as const) {
        expect(b[k], `${metric} ${k}`).toBeCloseTo(d[k], 6);
      }
    }
    expect(stored.get('duration_ms')!.runCount).toBe(24n);
    expect(stored.get('cpu_time_ms')!.runCount).toBe(19n);
    expect((await listBaselines(db, { clusterId, windowDays: 30 })).has('fp-few')).toBe(false);
  });

  it('recomputes only fingerprints whose runs changed, and drops baselines that lost their runs', async () => {
    const { db, clusterId } = await fresh();
    const make = (fp: string, n: number, offset = 0) =>
      Array.from({ length: n }, (_, i) => timedJob(`${fp}-${i + offset}`, i + offset, { fingerprint: fp }));
    await upsertJobs(db, clusterId, [...make('a', 20), ...make('b', 20)]);
    const window = { windowStart: at(-60), windowEnd: at(100), windowDays: 30, minRuns: 20 };
    expect(await refreshBaselines(db, { clusterId, ...window })).toEqual({ computed: 2, removed: 0 });
    expect(await refreshBaselines(db, { clusterId, ...window })).toEqual({ computed: 0, removed: 0 });
    // Let the clock tick so the new run's collected_at is later than the baseline's.
    await new Promise((r) => setTimeout(r, 5));
    await upsertJobs(db, clusterId, make('a', 1, 50));
    expect(await refreshBaselines(db, { clusterId, ...window })).toEqual({ computed: 1, removed: 0 });
    // A window that leaves b with too few runs: b's rows go, a is recomputed for the new window.
    const moved = { ...window, windowStart: at(15), windowEnd: at(200) };
    await upsertJobs(db, clusterId, make('a', 20, 60));
    expect(await refreshBaselines(db, { clusterId, ...moved })).toEqual({ computed: 1, removed: 3 });
  });

  it('loads the jobs of a window in submit order with their newest profile attempt', async () => {
    const { db, clusterId } = await fresh();
    const text = readFileSync(realFixture('dqd/profile1.json'), 'utf8');
    const summary = summarizeProfile(parseLosslessJson(text), { attempt: 0 });
    // 'c' carries what the window read takes as text or as offsets: quoted and comma'd dataset names,
    // relationships, a missing timestamp, and timestamps before its submit time.
    const tricky = {
      queriedDatasets: ['src."a,b".orders', 'Ünïcode space.t', 'src."a,b".orders'],
      scannedDatasets: ['src."a,b".orders'],
      reflectionRelationships: [
        { reflectionId: 'r1', datasetId: null, relationship: 'CHOSEN' as const },
        { reflectionId: 'r2', datasetId: 'd2', relationship: 'CONSIDERED' as const },
      ],
    };
    const cJob = timedJob('c', 30, tricky);
    const jobs = [
      { ...cJob, timestamps: { ...cJob.timestamps, engineStartAt: null, attemptStartedAt: at(-5) } },
      timedJob('a', 10, { queriedDatasets: tricky.queriedDatasets }),
      timedJob('b', 10),
      timedJob('late', 500),
    ];
    await upsertJobs(db, clusterId, [...jobs, timedJob('early', -10)]);
    const row = { dremioVersion: null, sizeBytes: 1, rawGzip: null, source: 'file', sourceRef: null };
    await upsertProfile(db, clusterId, {
      ...row,
      jobId: 'a',
      attempt: 0,
      summary: { ...summary, attempt: 0 },
    });
    await upsertProfile(db, clusterId, {
      ...row,
      jobId: 'a',
      attempt: 1,
      summary: { ...summary, attempt: 1 },
    });
    await upsertProfile(db, clusterId, { ...row, jobId: 'b', attempt: 0, summary: { not: 'a summary' } });

    const loaded = await loadWindowJobs(db, { clusterId, from: at(0), to: at(500), pageRows: 2 });
    expect(loaded.jobs.map((j) => j.jobId)).toEqual(['a', 'b', 'c', 'late']);
    // The timestamps come back compact (offsets from the submit time); as values they are the stored ones.
    const third = loaded.jobs[2]!;
    expect(third.timestamps).toBeInstanceOf(CompactTimestamps);
    expect({ ...third, timestamps: (third.timestamps as CompactTimestamps).toJSON() }).toEqual({
      ...jobs[0],
      raw: null,
    });
    // Equal lists read from equal text are one shared, frozen list.
    expect(loaded.jobs[0]!.queriedDatasets).toBe(third.queriedDatasets);
    expect(Object.isFrozen(third.queriedDatasets)).toBe(true);
    expect(loaded.profiles.get('a')?.attempt).toBe(1);
    expect(loaded.profiles.get('a')?.operators).toEqual(summary.operators);
    expect(loaded.profiles.has('b')).toBe(false);
    expect(loaded.unreadableProfiles).toEqual(['b#0']);
    expect(await jobTimeRange(db, clusterId)).toEqual({ oldest: at(-10), newest: at(500) });
  });
});
