import { beforeAll, describe, expect, it } from 'vitest';
import { buildJob } from '../../../test/support/job-builder.js';
import { NO_STAKE } from '../../../test/support/profile-builder.js';
import type { JobRecord } from '../../domain/job.js';
import { extractSqlFacts } from '../../sql/facts.js';
import { initSqlParser } from '../../sql/sql-parser.js';
import { buildSnapshot } from '../build-snapshot.js';
import type { WorkloadSnapshot } from '../detector.js';
import {
  type ReflectionMissingEvidence,
  type ReflectionMissingThresholds,
  reflectionMissingDetector,
} from './reflection-missing.js';

const SQL = 'SELECT region, SUM(amount) AS revenue FROM src.sales.orders GROUP BY region';
const END = new Date('2026-11-01T00:00:00.000Z');

function snapshot(options: {
  readonly runs: number;
  readonly days: number;
  readonly durationMs?: number;
  readonly runningMs?: number;
  readonly job?: Partial<JobRecord>;
  readonly sql?: string | null;
}): WorkloadSnapshot {
  const jobs = Array.from({ length: options.runs }, (_, i) => {
    const base = buildJob({ jobId: `job-${i}` });
    return buildJob({
      jobId: `job-${i}`,
      fingerprint: 'fp-agg',
      sqlText: options.sql === undefined ? SQL : options.sql,
      durationMs: options.durationMs ?? 2_000,
      phases: { ...base.phases, runningMs: options.runningMs ?? 1_800 },
      ...options.job,
    });
  });
  return buildSnapshot({
    window: { from: new Date(END.getTime() - options.days * 86_400_000), to: END, days: options.days },
    jobs,
    profiles: new Map(),
    facts: (_fp, sql) => (sql === null ? undefined : extractSqlFacts(sql)),
    datasets: new Map(),
    reflections: [],
  });
}

const UNDAMPED: ReflectionMissingThresholds = { ...reflectionMissingDetector.defaults, stake: NO_STAKE };

function findOne(s: WorkloadSnapshot, thresholds = UNDAMPED) {
  const findings = reflectionMissingDetector.detect(s, thresholds);
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

beforeAll(async () => {
  await initSqlParser();
});

describe('reflection-missing', () => {
  const rungs = [
    { name: 'low at 8 runs a day', runs: 20, days: 2.5, severity: 'low' },
    { name: 'medium at 24 runs a day', runs: 24, days: 1, severity: 'medium' },
    { name: 'high at 96 runs a day', runs: 96, days: 1, severity: 'high' },
    { name: 'critical at 288 runs a day', runs: 288, days: 1, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(rung.name, () => {
      expect(findOne(snapshot(rung))?.severity).toBe(rung.severity);
    });
  }

  it('does not fire just below the lowest rung (7.7 runs a day)', () => {
    expect(findOne(snapshot({ runs: 20, days: 2.6 }))).toBeUndefined();
  });

  it('does not fire below minRuns or on sub-second queries', () => {
    expect(findOne(snapshot({ runs: 19, days: 1 }))).toBeUndefined();
    expect(findOne(snapshot({ runs: 96, days: 1, durationMs: 900, runningMs: 800 }))).toBeUndefined();
  });

  it('never fires on a slow query a reflection already accelerates', () => {
    expect(
      findOne(snapshot({ runs: 96, days: 1, durationMs: 60_000, job: { accelerated: true } })),
    ).toBeUndefined();
    const chosen = {
      accelerated: null,
      reflectionRelationships: [{ reflectionId: 'r-1', datasetId: 'd-1', relationship: 'CHOSEN' as const }],
    };
    expect(findOne(snapshot({ runs: 96, days: 1, durationMs: 60_000, job: chosen }))).toBeUndefined();
  });

  it('reports the runs, their times and the considered reflections from the job rows', () => {
    const considered = {
      reflectionRelationships: [
        { reflectionId: 'r-raw', datasetId: 'd-1', relationship: 'CONSIDERED' as const },
      ],
    };
    const f = findOne(snapshot({ runs: 24, days: 1, job: considered }))!;
    const e = f.evidence as ReflectionMissingEvidence;
    expect(e).toMatchObject({
      shape: 'aggregation',
      datasetPaths: ['src.sales.orders'],
      groupByColumns: ['region'],
      aggregates: ['SUM(amount)'],
      runs: 24,
      acceleratedRuns: 0,
      runsPerDay: 24,
      medianDurationMs: 2_000,
      runningMs: 24 * 1_800,
      durationMs: 24 * 2_000,
      consideredReflectionIds: ['r-raw'],
    });
    expect(e.timeShare).toBeCloseTo(0.9, 10);
    expect(f.impactMsPerDay).toBe(24 * 1_800);
    expect(f.jobIds).toHaveLength(24);
  });

  it('damps many cheap runs with the default stake', () => {
    const f = findOne(
      snapshot({ runs: 288, days: 1, durationMs: 1_000, runningMs: 200 }),
      reflectionMissingDetector.defaults,
    );
    expect(f?.severity).toBe('low');
    expect(
      findOne(
        snapshot({ runs: 20, days: 1, durationMs: 1_000, runningMs: 900 }),
        reflectionMissingDetector.defaults,
      ),
    ).toBeUndefined();
  });

  it('stays silent without SQL facts (no SQL text) and for non-SELECT statements', () => {
    expect(findOne(snapshot({ runs: 96, days: 1, sql: null }))).toBeUndefined();
    expect(findOne(snapshot({ runs: 96, days: 1, sql: 'OPTIMIZE TABLE src.sales.orders' }))).toBeUndefined();
  });
});
