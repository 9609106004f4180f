import { describe, expect, it } from 'vitest';
import { buildJob } from '../../test/support/job-builder.js';
import { isResultsCacheHit, shapesThatScan } from './results-cache-hit.js';

const executed = buildJob({ jobId: 'run', fingerprint: 'fp' });
const answered = buildJob({
  jobId: 'hit',
  fingerprint: 'fp',
  rowsScanned: 0n,
  bytesScanned: 0n,
  durationMs: 40,
});

describe('isResultsCacheHit', () => {
  const cases = [
    {
      name: 'a completed unaccelerated run that scanned nothing of a scanning shape',
      job: answered,
      scans: true,
      hit: true,
    },
    {
      name: 'the same run of a shape that never reads data (SELECT 1)',
      job: answered,
      scans: false,
      hit: false,
    },
    { name: 'a run that scanned rows', job: executed, scans: true, hit: false },
    { name: 'a reflection-served run', job: { ...answered, accelerated: true }, scans: true, hit: false },
    { name: 'a failed run', job: { ...answered, state: 'FAILED' }, scans: true, hit: false },
    {
      name: 'a run whose scan counts are both unknown (lost, not evidence of a hit)',
      job: { ...answered, rowsScanned: null, bytesScanned: null },
      scans: true,
      hit: false,
    },
    {
      name: 'a run with no rows scanned and unknown bytes (the jobs listing)',
      job: { ...answered, bytesScanned: null },
      scans: true,
      hit: true,
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(isResultsCacheHit(c.job, c.scans)).toBe(c.hit);
    });
  }

  it('takes a measured run (numbers instead of bigints) alike', () => {
    const run = { state: 'COMPLETED', accelerated: false, rowsScanned: 0, bytesScanned: 0 };
    expect(isResultsCacheHit(run, true)).toBe(true);
    expect(isResultsCacheHit({ ...run, bytesScanned: 10 }, true)).toBe(false);
  });
});

describe('shapesThatScan', () => {
  it('counts a shape as scanning when any completed run read data, even when hits outnumber it', () => {
    const jobs = [executed, answered, { ...answered, jobId: 'hit-2' }, { ...answered, jobId: 'hit-3' }];
    expect(shapesThatScan(jobs, (j) => j.fingerprint)).toEqual(new Set(['fp']));
  });

  it('leaves out shapes whose only reading runs failed, and jobs without a shape', () => {
    const jobs = [
      { ...executed, state: 'FAILED' },
      answered,
      { ...executed, jobId: 'anon', fingerprint: null },
    ];
    expect(shapesThatScan(jobs, (j) => j.fingerprint)).toEqual(new Set());
  });
});
