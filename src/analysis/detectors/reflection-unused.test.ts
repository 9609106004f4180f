import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../test/support/job-builder.js';
import { NO_STAKE } from '../../../test/support/profile-builder.js';
import type { JobRecord } from '../../domain/job.js';
import type { Reflection } from '../../domain/reflection.js';
import { buildSnapshot } from '../build-snapshot.js';
import type { WorkloadSnapshot } from '../detector.js';
import {
  type ReflectionUnusedEvidence,
  type ReflectionUnusedThresholds,
  reflectionUnusedDetector,
} from './reflection-unused.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

function buildReflection(overrides: Partial<Reflection> = {}): Reflection {
  return {
    reflectionId: 'r-1',
    name: 'events_agg',
    type: 'AGGREGATION',
    datasetId: 'd-1',
    datasetPath: 'src.web.events',
    enabled: true,
    status: 'CAN_ACCELERATE',
    refreshStatus: 'SCHEDULED',
    availabilityStatus: 'CAN_ACCELERATE',
    dimensions: ['country'],
    measures: ['duration_ms (SUM, COUNT)'],
    displayColumns: [],
    partitionColumns: [],
    currentSizeBytes: 14_000_000,
    consideredCount: 80,
    matchedCount: 0,
    chosenCount: 0,
    failureCount: 0,
    lastFailureMessage: null,
    lastRefreshAt: new Date(END.getTime() - 3_600_000),
    lastRefreshDurationMs: 30_000,
    createdAt: new Date(END.getTime() - 200 * DAY_MS),
    refreshes: [],
    ...overrides,
  };
}

function refreshJob(i: number, reflectionId: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return buildJob({
    jobId: `refresh-${i}`,
    fingerprint: 'fp-refresh',
    sqlText: `REFRESH REFLECTION '${reflectionId}' AS 'mat-${i}'`,
    queryType: 'ACCELERATOR_CREATE',
    durationMs: 30_000,
    ...overrides,
  });
}

function reflectionSnapshot(input: {
  readonly days: number;
  readonly reflections: readonly Reflection[];
  readonly jobs?: readonly JobRecord[];
}): WorkloadSnapshot {
  return buildSnapshot({
    window: { from: new Date(END.getTime() - input.days * DAY_MS), to: END, days: input.days },
    jobs: input.jobs ?? [],
    profiles: new Map(),
    facts: () => undefined,
    datasets: new Map(),
    reflections: input.reflections,
  });
}

const UNDAMPED: ReflectionUnusedThresholds = { ...reflectionUnusedDetector.defaults, stake: NO_STAKE };

function findOne(s: WorkloadSnapshot, thresholds = UNDAMPED) {
  const findings = reflectionUnusedDetector.detect(s, thresholds);
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

describe('reflection-unused', () => {
  const rungs = [
    { name: 'low after 7 idle days', days: 7, severity: 'low' },
    { name: 'medium after 14 idle days', days: 14, severity: 'medium' },
    { name: 'high after 30 idle days', days: 30, severity: 'high' },
    { name: 'critical after 90 idle days', days: 90, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(rung.name, () => {
      expect(
        findOne(reflectionSnapshot({ days: rung.days, reflections: [buildReflection()] }))?.severity,
      ).toBe(rung.severity);
    });
  }

  it('does not fire just below the lowest rung (6.9 days) or on a reflection created yesterday', () => {
    expect(findOne(reflectionSnapshot({ days: 6.9, reflections: [buildReflection()] }))).toBeUndefined();
    const young = buildReflection({ createdAt: new Date(END.getTime() - DAY_MS) });
    expect(findOne(reflectionSnapshot({ days: 30, reflections: [young] }))).toBeUndefined();
  });

  it('does not fire when a job chose it or Dremio counts an acceleration', () => {
    const chose = buildJob({
      jobId: 'q-1',
      reflectionRelationships: [{ reflectionId: 'r-1', datasetId: 'd-1', relationship: 'CHOSEN' }],
    });
    expect(
      findOne(reflectionSnapshot({ days: 30, reflections: [buildReflection()], jobs: [chose] })),
    ).toBeUndefined();
    expect(
      findOne(reflectionSnapshot({ days: 30, reflections: [buildReflection({ chosenCount: 3 })] })),
    ).toBeUndefined();
  });

  it('leaves failing and disabled reflections to other checks, and free ones alone', () => {
    const failing = buildReflection({ status: 'FAILED' });
    const disabled = buildReflection({ enabled: false });
    const free = buildReflection({ currentSizeBytes: 0 });
    for (const r of [failing, disabled, free])
      expect(findOne(reflectionSnapshot({ days: 30, reflections: [r] }))).toBeUndefined();
  });

  it('reports usage counters, footprint and refresh cost from the rows', () => {
    const considered = buildJob({
      jobId: 'q-1',
      reflectionRelationships: [{ reflectionId: 'r-1', datasetId: 'd-1', relationship: 'CONSIDERED' }],
    });
    const jobs = [considered, refreshJob(1, 'r-1'), refreshJob(2, 'r-1'), refreshJob(3, 'other')];
    const f = findOne(reflectionSnapshot({ days: 7, reflections: [buildReflection()], jobs }))!;
    expect(f.subject).toEqual({
      kind: 'reflection',
      reflectionId: 'r-1',
      name: 'events_agg',
      datasetPath: 'src.web.events',
    });
    expect(f.jobIds).toEqual(['refresh-1', 'refresh-2']);
    expect(f.evidence as ReflectionUnusedEvidence).toMatchObject({
      idleDays: 7,
      jobsConsidering: 1,
      consideredCount: 80,
      chosenCount: 0,
      footprintBytes: 14_000_000,
      refreshCount: 2,
      refreshMs: 60_000,
      lastRefreshDurationMs: 30_000,
    });
    expect(f.impactMsPerDay).toBeCloseTo(60_000 / 7, 6);
    expect(f.confidence).toBe(0.9);
  });

  it('damps a long-idle reflection that costs little refresh time', () => {
    const f = findOne(
      reflectionSnapshot({ days: 90, reflections: [buildReflection()] }),
      reflectionUnusedDetector.defaults,
    );
    expect(f?.severity).toBe('low');
  });

  it('falls back to materialization refreshes and lowers confidence when usage is unknown (Dremio 24.x)', () => {
    const r = buildReflection({
      consideredCount: null,
      matchedCount: null,
      chosenCount: null,
      currentSizeBytes: null,
      refreshes: [
        {
          materializationId: 'm-1',
          startedAt: new Date(END.getTime() - DAY_MS),
          durationMs: 42_000,
          state: 'DONE',
          sizeBytes: 9_000,
          failureMessage: null,
        },
      ],
    });
    const f = findOne(reflectionSnapshot({ days: 7, reflections: [r] }))!;
    expect(f.confidence).toBe(0.5);
    expect(f.evidence as ReflectionUnusedEvidence).toMatchObject({
      refreshMs: 42_000,
      refreshCount: 1,
      footprintBytes: 9_000,
    });
  });

  it('finds nothing without reflections', () => {
    expect(
      reflectionUnusedDetector.detect(reflectionSnapshot({ days: 7, reflections: [] }), UNDAMPED),
    ).toEqual([]);
  });
});
