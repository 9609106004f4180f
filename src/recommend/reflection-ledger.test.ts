import { describe, expect, it } from 'vitest';
import { buildJob } from '../../test/support/job-builder.js';
import type { JobContext, WorkloadSnapshot } from '../analysis/detector.js';
import type { Reflection } from '../domain/reflection.js';
import { reflectionLedger } from './reflection-ledger.js';

const DAY_MS = 86_400_000;
const TO = new Date('2026-11-01T00:00:00Z');

function reflection(id: string, refreshMs: number): Reflection {
  return {
    reflectionId: id,
    name: id,
    type: 'AGGREGATION',
    datasetId: 'd',
    datasetPath: 'a.b',
    enabled: true,
    status: 'CAN_ACCELERATE',
    refreshStatus: null,
    availabilityStatus: null,
    dimensions: [],
    measures: [],
    displayColumns: [],
    partitionColumns: [],
    currentSizeBytes: 1000,
    consideredCount: null,
    matchedCount: null,
    chosenCount: null,
    failureCount: null,
    lastFailureMessage: null,
    lastRefreshAt: null,
    lastRefreshDurationMs: refreshMs,
    createdAt: null,
    refreshes: [
      {
        materializationId: 'm',
        startedAt: new Date(TO.getTime() - DAY_MS),
        durationMs: refreshMs,
        state: 'DONE',
        sizeBytes: 1000,
        failureMessage: null,
      },
    ],
  };
}

function run(id: string, options: { durationMs: number; chose?: string }): JobContext {
  return {
    job: buildJob({
      jobId: id,
      fingerprint: 'fp',
      durationMs: options.durationMs,
      accelerated: options.chose !== undefined,
      reflectionRelationships:
        options.chose === undefined
          ? []
          : [{ reflectionId: options.chose, datasetId: 'd', relationship: 'CHOSEN' }],
    }),
    profile: undefined,
    facts: undefined,
    runsPerDay: 1,
  };
}

function snapshot(jobs: readonly JobContext[], reflections: readonly Reflection[]): WorkloadSnapshot {
  return {
    window: { from: new Date(TO.getTime() - 2 * DAY_MS), to: TO, days: 2 },
    jobs,
    fingerprints: new Map([
      ['fp', { fingerprint: 'fp', sampleSql: null, facts: undefined, jobs, runsPerDay: 2, cacheHits: 0 }],
    ]),
    datasets: new Map(),
    reflections,
  };
}

describe('reflectionLedger', () => {
  const jobs = [
    run('slow-1', { durationMs: 5000 }),
    run('slow-2', { durationMs: 7000 }),
    run('fast-1', { durationMs: 1000, chose: 'useful' }),
    run('fast-2', { durationMs: 2000, chose: 'useful' }),
    run('fast-3', { durationMs: 1000, chose: 'costly' }),
  ];

  it('keeps a reflection whose measured saving beats its refreshes', () => {
    const [entry] = reflectionLedger(snapshot(jobs, [reflection('useful', 1000)]));
    // Baseline 6000 ms: (6000 − 1000) + (6000 − 2000) = 9000 ms over 2 days; refreshes 1000 ms / 2 days.
    expect(entry).toMatchObject({ verdict: 'keep', chosenJobs: 2, comparedJobs: 2, savedMsPerDay: 4500 });
    expect(entry!.netMsPerDay).toBe(4000);
  });

  it('reviews one whose refreshes cost more than it saves, drops one nothing chose', () => {
    const ledger = reflectionLedger(snapshot(jobs, [reflection('costly', 40_000), reflection('idle', 10)]));
    expect(ledger.map((e) => [e.reflectionId, e.verdict])).toEqual([
      ['idle', 'drop'],
      ['costly', 'review'],
    ]);
  });

  it('takes the saving from a before/after measurement over the window comparison', () => {
    const measured = new Map([['costly', { measurementId: 12n, savedMsPerDay: 30_000 }]]);
    const [entry] = reflectionLedger(snapshot(jobs, [reflection('costly', 40_000)]), measured);
    // Refreshes 40 000 ms over 2 days = 20 000 ms a day; the measurement saved 30 000: keep, not review.
    expect(entry).toMatchObject({
      verdict: 'keep',
      savedMsPerDay: 30_000,
      netMsPerDay: 10_000,
      savingBasis: 'before-after',
      measurementId: 12n,
    });
    expect(entry!.reason).toContain('measurement 12');
  });
});
