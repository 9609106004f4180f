import { describe, expect, it } from 'vitest';
import { buildJob } from '../../test/support/job-builder.js';
import type { JobRecord } from '../domain/job.js';
import { buildSnapshot } from './build-snapshot.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const HOUR_MS = 3_600_000;

function run(i: number, hit: boolean): JobRecord {
  const submittedAt = new Date(END.getTime() - (20 - i) * HOUR_MS);
  const base = buildJob({
    jobId: `job-${String(i).padStart(2, '0')}`,
    timestamps: { ...buildJob({ jobId: 'x' }).timestamps, submittedAt },
  });
  return hit ? { ...base, rowsScanned: 0n, bytesScanned: 0n, durationMs: 30 } : base;
}

describe('buildSnapshot and the results cache', () => {
  // 12 runs over 2 days, every third one answered from the cache: 8 executed, 4 hits.
  const jobs = Array.from({ length: 12 }, (_, i) => run(i, i % 3 === 2));
  const snapshot = buildSnapshot({
    window: { from: new Date(END.getTime() - 2 * 24 * HOUR_MS), to: END, days: 2 },
    jobs,
    profiles: new Map(),
    facts: () => undefined,
    datasets: new Map(),
    reflections: [],
  });

  it('marks each hit and counts them on its fingerprint', () => {
    const hits = snapshot.jobs.filter((c) => c.resultsCacheHit === true).map((c) => c.job.jobId);
    expect(hits).toEqual(['job-02', 'job-05', 'job-08', 'job-11']);
    expect(snapshot.fingerprints.get('fp-1')?.cacheHits).toBe(4);
  });

  it('rates the fingerprint by the runs that executed: 8 over 2 days', () => {
    expect(snapshot.fingerprints.get('fp-1')?.runsPerDay).toBe(4);
    expect(snapshot.jobs.every((c) => c.runsPerDay === 4)).toBe(true);
  });
});
