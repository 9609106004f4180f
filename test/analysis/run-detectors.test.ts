import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Detector } from '../../src/analysis/detector.js';
import { findingId } from '../../src/analysis/finding-id.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { JobRecord } from '../../src/domain/job.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { realFixture } from '../support/fixtures.js';
import { buildJob } from '../support/job-builder.js';
import { brokenDetector, datasetDetector, profileSpillDetector, slowJobDetector } from './fake-detectors.js';
import { snapshotOf } from './snapshot-builder.js';

function run(detectors: readonly Detector[], snapshot: ReturnType<typeof snapshotOf>) {
  return runDetectors({ detectors, thresholds: resolveThresholds({ detectors, overrides: {} }), snapshot });
}

function job(jobId: string, durationMs: number, fingerprint: string | null = 'fp-a'): JobRecord {
  return buildJob({
    jobId,
    durationMs,
    fingerprint,
    sqlText: fingerprint === null ? null : `SELECT ${fingerprint}`,
  });
}

const realSummary = summarizeProfile(
  parseLosslessJson(readFileSync(realFixture('dqd/profile1.json'), 'utf8')),
  { attempt: 0 },
);

describe('runDetectors: grouping job hits', () => {
  it('reports one finding per fingerprint listing every affected job', () => {
    const jobs = [job('a1', 30_000), job('a2', 500), job('a3', 70_000), job('b1', 8_000, 'fp-b')];
    const { findings } = run([slowJobDetector], snapshotOf({ jobs }));
    expect(findings.map((f) => f.subject)).toEqual([
      { kind: 'fingerprint', fingerprint: 'fp-a', sampleSql: 'SELECT fp-a' },
      { kind: 'fingerprint', fingerprint: 'fp-b', sampleSql: 'SELECT fp-b' },
    ]);
    const a = findings[0]!;
    expect(a.jobIds).toEqual(['a1', 'a3']);
    expect(a.id).toBe(findingId('planning-time', a.subject));
    // The worst hit (a3, 70 s) supplies the title and evidence; counts and the example are added.
    expect(a.title).toBe('Job ran 70000 ms');
    expect(a.evidence).toMatchObject({
      durationMs: 70_000,
      exampleJobId: 'a3',
      affectedJobCount: 2,
      runCount: 3,
      totalTimeAtStakeMs: 100_000,
    });
    // Impact: 100 s at stake over 3 runs, at 3 runs a day.
    expect(a.impactMsPerDay).toBeCloseTo(100_000, 6);
  });

  it('keeps a job without a fingerprint as its own subject', () => {
    const { findings } = run([slowJobDetector], snapshotOf({ jobs: [job('x', 30_000, null)] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subject).toEqual({ kind: 'job', jobId: 'x' });
    expect(findings[0]!.jobIds).toEqual(['x']);
  });

  it('damps the worst hit by how often the problem happens across the window', () => {
    // One 70 s run in 30 days: critical by duration, but 2.3 s a day is below the 10 s/day low rung.
    const jobs = [job('rare', 70_000), ...Array.from({ length: 29 }, (_, i) => job(`ok${i}`, 100))];
    const rare = run([slowJobDetector], snapshotOf({ jobs, days: 30 })).findings;
    // The same run every day for 30 days: 70 s a day reaches the medium rung.
    const daily = Array.from({ length: 30 }, (_, i) => job(`d${i}`, 70_000));
    const often = run([slowJobDetector], snapshotOf({ jobs: daily, days: 30 })).findings;
    expect(rare.map((f) => f.severity)).toEqual(['low']);
    expect(often.map((f) => f.severity)).toEqual(['medium']);
    const impact = often[0]!.evidence.thresholds.find((t) => t.quantity === 'impactMsPerDay');
    expect(impact).toMatchObject({ value: 70_000, threshold: 60_000, severity: 'medium' });
  });

  it('is deterministic whatever the input order', () => {
    const jobs = [job('a1', 30_000), job('a2', 30_000), job('b1', 8_000, 'fp-b')];
    const forward = run([slowJobDetector], snapshotOf({ jobs }));
    const backward = run([slowJobDetector], snapshotOf({ jobs: [...jobs].reverse() }));
    expect(backward.findings.map((f) => [f.id, f.evidence.exampleJobId])).toEqual(
      forward.findings.map((f) => [f.id, f.evidence.exampleJobId]),
    );
  });
});

describe('runDetectors: missing inputs and failures', () => {
  it('counts the jobs a profile detector skipped for want of a profile', () => {
    const spilled: ProfileSummary = { ...realSummary, spill: { ...realSummary.spill, totalBytes: 1 } };
    const jobs = [job('p', 30_000), job('n1', 30_000), job('n2', 30_000)];
    const result = run([profileSpillDetector], snapshotOf({ jobs, profiles: new Map([['p', spilled]]) }));
    expect(result.findings.map((f) => f.jobIds)).toEqual([['p']]);
    expect(result.notEvaluated).toEqual([
      { detector: 'spill', missing: 'profile', reason: 'no profile', skippedJobs: 2, totalJobs: 3 },
    ]);
    expect(result.evaluated).toEqual(['spill']);
  });

  it('names the subjects a job detector could look at no job of, so their findings stay as they are', () => {
    const spilled: ProfileSummary = { ...realSummary, spill: { ...realSummary.spill, totalBytes: 1 } };
    // fp-a: one job with a profile, one without (looked at); fp-b and the lone job: no profile at all.
    const jobs = [job('p', 30_000), job('n1', 30_000), job('n2', 30_000, 'fp-b'), job('lone', 30_000, null)];
    const result = run([profileSpillDetector], snapshotOf({ jobs, profiles: new Map([['p', spilled]]) }));
    expect(result.unseenSubjects).toEqual([
      { detector: 'spill', subjectKey: 'fingerprint:fp-b' },
      { detector: 'spill', subjectKey: 'job:lone' },
    ]);
  });

  it('skips a workload detector whose input is absent and says so', () => {
    const result = run([datasetDetector], snapshotOf({ jobs: [job('a', 10)] }));
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      {
        detector: 'small-files',
        missing: 'datasets',
        reason: 'no dataset metadata',
        skippedJobs: 0,
        totalJobs: 1,
      },
    ]);
    expect(result.evaluated).toEqual([]);
  });

  it('runs a workload detector and gives its drafts stable ids', () => {
    const dataset: Dataset = {
      path: 'lake.sales',
      pathParts: ['lake', 'sales'],
      datasetId: null,
      kind: 'table',
      format: 'ICEBERG',
      viewSql: null,
      columns: [],
      partitionFields: [],
      files: [],
    };
    const result = run([datasetDetector], snapshotOf({ jobs: [], datasets: [dataset] }));
    expect(result.findings.map((f) => f.id)).toEqual([
      findingId('small-files', { kind: 'dataset', path: 'lake.sales' }),
    ]);
  });

  it('records a detector that throws and still runs the others', () => {
    const result = run([brokenDetector, slowJobDetector], snapshotOf({ jobs: [job('a', 30_000)] }));
    expect(result.findings.map((f) => f.detector)).toEqual(['planning-time']);
    expect(result.notEvaluated).toEqual([
      expect.objectContaining({ detector: 'skew', missing: null, reason: expect.stringMatching(/a: boom/) }),
    ]);
    expect(result.evaluated).toEqual(['planning-time']);
  });

  it('sorts findings by impact per day, largest first', () => {
    const jobs = [job('small', 6_000, 'fp-s'), job('big', 50_000, 'fp-b'), job('mid', 9_000, 'fp-m')];
    const { findings } = run([slowJobDetector], snapshotOf({ jobs }));
    expect(findings.map((f) => f.jobIds[0])).toEqual(['big', 'mid', 'small']);
  });
});
