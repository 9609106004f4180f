import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../test/support/job-builder.js';
import { NO_STAKE } from '../../../test/support/profile-builder.js';
import type { JobRecord } from '../../domain/job.js';
import type { Reflection } from '../../domain/reflection.js';
import { buildSnapshot } from '../build-snapshot.js';
import type { WorkloadSnapshot } from '../detector.js';
import {
  type ReflectionFailingEvidence,
  type ReflectionFailingThresholds,
  reflectionFailingDetector,
} from './reflection-failing.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const S3_ERROR = 'DATA_READ ERROR: Access Denied (Service: Amazon S3; Status Code: 403)';

function healthy(overrides: Partial<Reflection> = {}): Reflection {
  return {
    reflectionId: 'r-1',
    name: 'shipments_agg',
    type: 'AGGREGATION',
    datasetId: 'd-1',
    datasetPath: 'src.ops.shipments',
    enabled: true,
    status: 'CAN_ACCELERATE',
    refreshStatus: 'SCHEDULED',
    availabilityStatus: 'CAN_ACCELERATE',
    dimensions: ['carrier'],
    measures: [],
    displayColumns: [],
    partitionColumns: [],
    currentSizeBytes: 1_000_000,
    consideredCount: 10,
    matchedCount: 10,
    chosenCount: 10,
    failureCount: 0,
    lastFailureMessage: null,
    lastRefreshAt: new Date(END.getTime() - HOUR_MS),
    lastRefreshDurationMs: 5_000,
    createdAt: new Date(END.getTime() - 100 * DAY_MS),
    refreshes: [],
    ...overrides,
  };
}

function snapshot(reflections: readonly Reflection[], jobs: readonly JobRecord[] = []): WorkloadSnapshot {
  return buildSnapshot({
    window: { from: new Date(END.getTime() - 7 * DAY_MS), to: END, days: 7 },
    jobs,
    profiles: new Map(),
    facts: () => undefined,
    datasets: new Map(),
    reflections,
  });
}

function failedRefresh(i: number): JobRecord {
  return buildJob({
    jobId: `refresh-${i}`,
    fingerprint: 'fp-refresh',
    sqlText: `REFRESH REFLECTION 'r-1' AS 'mat-${i}'`,
    queryType: 'ACCELERATOR_CREATE',
    state: 'FAILED',
    errorMessage: S3_ERROR,
    durationMs: 4_000,
  });
}

const UNDAMPED: ReflectionFailingThresholds = { ...reflectionFailingDetector.defaults, stake: NO_STAKE };

function findOne(s: WorkloadSnapshot, thresholds = UNDAMPED) {
  const findings = reflectionFailingDetector.detect(s, thresholds);
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

describe('reflection-failing', () => {
  const rungs = [
    { name: 'low at 1 failure', failures: 1, severity: 'low' },
    { name: 'medium at 3 failures', failures: 3, severity: 'medium' },
    { name: 'high at 10 failures', failures: 10, severity: 'high' },
    { name: 'critical at 30 failures', failures: 30, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(rung.name, () => {
      expect(findOne(snapshot([healthy({ failureCount: rung.failures })]))?.severity).toBe(rung.severity);
    });
  }

  const staleRungs = [
    { name: 'stale: low after 168 h', hours: 168, severity: 'low' },
    { name: 'stale: medium after 336 h', hours: 336, severity: 'medium' },
    { name: 'stale: high after 720 h', hours: 720, severity: 'high' },
    { name: 'stale: critical after 2160 h', hours: 2_160, severity: 'critical' },
  ] as const;
  for (const rung of staleRungs) {
    it(rung.name, () => {
      const r = healthy({ lastRefreshAt: new Date(END.getTime() - rung.hours * HOUR_MS) });
      expect(findOne(snapshot([r]))?.severity).toBe(rung.severity);
    });
  }

  it('does not fire on a healthy reflection, one refreshed 167 h ago, or a disabled one', () => {
    expect(findOne(snapshot([healthy()]))).toBeUndefined();
    expect(
      findOne(snapshot([healthy({ lastRefreshAt: new Date(END.getTime() - 167 * HOUR_MS) })])),
    ).toBeUndefined();
    expect(
      findOne(snapshot([healthy({ enabled: false, status: 'DISABLED', failureCount: 4 })])),
    ).toBeUndefined();
  });

  it('counts failed refresh jobs and a failing status when sys.reflections has no counter (24.x)', () => {
    const r = healthy({ failureCount: null, status: 'FAILED', lastRefreshAt: null });
    const f = findOne(snapshot([r], [failedRefresh(1), failedRefresh(2)]))!;
    expect(f.jobIds).toEqual(['refresh-1', 'refresh-2']);
    expect(f.evidence as ReflectionFailingEvidence).toMatchObject({
      reason: 'failing',
      status: 'FAILED',
      failureCount: 2,
      reportedFailureCount: null,
      failedRefreshJobs: 2,
      lastFailureMessage: S3_ERROR,
      failedRefreshMs: 8_000,
    });
    expect(
      findOne(snapshot([healthy({ failureCount: null, availabilityStatus: 'CANNOT_ACCELERATE_SCHEDULED' })]))
        ?.severity,
    ).toBe('low');
  });

  it("damps by the failed refresh time plus the dataset's unaccelerated query time per day", () => {
    const query = buildJob({ jobId: 'q-1', queriedDatasets: ['src.ops.shipments'] });
    const f = findOne(
      snapshot([healthy({ failureCount: 30 })], [query, failedRefresh(1)]),
      reflectionFailingDetector.defaults,
    );
    expect(f?.severity).toBe('low');
    expect((f?.evidence as ReflectionFailingEvidence | undefined)?.datasetQueryMsPerDay).toBeCloseTo(
      1000 / 7,
      6,
    );
    expect(f?.impactMsPerDay).toBeCloseTo((4_000 + 1_000) / 7, 6);
  });

  it('cannot judge staleness without any refresh time, and finds nothing without reflections', () => {
    expect(findOne(snapshot([healthy({ lastRefreshAt: null })]))).toBeUndefined();
    expect(reflectionFailingDetector.detect(snapshot([]), UNDAMPED)).toEqual([]);
  });
});
