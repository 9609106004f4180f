import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { JobRecord } from '../../src/domain/job.js';
import { buildJob } from '../support/job-builder.js';
import { slowJobDetector } from './fake-detectors.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const HOUR_MS = 3_600_000;

describe('job findings and the results cache', () => {
  it('spread time at stake over the executed runs only: 4 runs × 2 s a day is 8 s a day', () => {
    // One day: 4 executed runs of 2 s, each followed by a cache hit (30 ms, nothing scanned).
    const jobs: JobRecord[] = Array.from({ length: 8 }, (_, i) => {
      const base = buildJob({ jobId: `job-${i}` });
      const job = buildJob({
        jobId: base.jobId,
        fingerprint: 'fp-a',
        durationMs: 2_000,
        timestamps: { ...base.timestamps, submittedAt: new Date(END.getTime() - (8 - i) * HOUR_MS) },
      });
      return i % 2 === 1 ? { ...job, durationMs: 30, rowsScanned: 0n, bytesScanned: 0n } : job;
    });
    const snapshot = buildSnapshot({
      window: { from: new Date(END.getTime() - 24 * HOUR_MS), to: END, days: 1 },
      jobs,
      profiles: new Map(),
      facts: () => undefined,
      datasets: new Map(),
      reflections: [],
    });
    const detectors = [slowJobDetector];
    const run = runDetectors({
      detectors,
      thresholds: resolveThresholds({ detectors, overrides: {} }),
      snapshot,
    });
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      impactMsPerDay: 8_000,
      jobIds: ['job-0', 'job-2', 'job-4', 'job-6'],
    });
    expect(run.findings[0]?.evidence).toMatchObject({ runCount: 4, affectedJobCount: 4 });
  });
});
