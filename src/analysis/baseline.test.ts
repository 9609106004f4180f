import { describe, expect, it } from 'vitest';
import { buildJob } from '../../test/support/job-builder.js';
import type { JobRecord } from '../domain/job.js';
import { computeBaseline, describeDistribution } from './baseline.js';

const DAY_MS = 86_400_000;
const TO = new Date('2026-11-01T00:00:00.000Z');
const FROM = new Date(TO.getTime() - 30 * DAY_MS);

function run(i: number, overrides: Partial<JobRecord> = {}) {
  return buildJob({
    jobId: `job-${i}`,
    fingerprint: 'fp-1',
    durationMs: 1000 + i * 10,
    bytesScanned: BigInt(1_000_000 + i),
    cpuTimeMs: BigInt(500 + i),
    timestamps: {
      ...buildJob({ jobId: 'x' }).timestamps,
      submittedAt: new Date(TO.getTime() - (i + 1) * 3_600_000),
    },
    ...overrides,
  });
}

describe('computeBaseline', () => {
  it('describes duration, bytes scanned and CPU of the completed runs in the window', () => {
    const jobs = Array.from({ length: 21 }, (_, i) => run(i));
    const b = computeBaseline({ fingerprint: 'fp-1', jobs, from: FROM, to: TO });
    expect(b.runCount).toBe(21);
    expect(b.sufficient).toBe(true);
    expect(b.durationMs.p50).toBe(1100);
    expect(b.durationMs.p95).toBe(1190);
    expect(b.durationMs.mean).toBe(1100);
    expect(b.durationMs.mad).toBe(50);
    expect(b.bytesScanned.p50).toBe(1_000_010);
    expect(b.cpuTimeMs.p99).toBeCloseTo(519.8, 6);
  });

  it('leaves out failed runs, runs outside the window and other fingerprints', () => {
    const jobs = [
      run(0),
      run(1, { state: 'FAILED' }),
      run(2, { fingerprint: 'fp-2' }),
      run(3, { timestamps: { ...run(3).timestamps, submittedAt: new Date(FROM.getTime() - 1) } }),
      run(4, { timestamps: { ...run(4).timestamps, submittedAt: TO } }),
    ];
    const b = computeBaseline({ fingerprint: 'fp-1', jobs, from: FROM, to: TO });
    expect(b.runCount).toBe(1);
    expect(b.sufficient).toBe(false);
    expect(b.durationMs.p50).toBe(1000);
  });

  it('skips a missing quantity without dropping the run from the others', () => {
    const jobs = [run(0, { bytesScanned: null }), run(1)];
    const b = computeBaseline({ fingerprint: 'fp-1', jobs, from: FROM, to: TO, minRuns: 2 });
    expect(b.durationMs.count).toBe(2);
    expect(b.bytesScanned.count).toBe(1);
    expect(b.sufficient).toBe(true);
  });

  it('returns NaN statistics, not a crash, for no runs', () => {
    const d = describeDistribution([]);
    expect(d.count).toBe(0);
    expect(d.p50).toBeNaN();
  });
});
