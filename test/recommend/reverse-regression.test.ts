import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import type { WorkloadSnapshot } from '../../src/analysis/detector.js';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { type RegressionThresholds, regressionDetector } from '../../src/analysis/detectors/regression.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Change } from '../../src/domain/change.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { Finding } from '../../src/domain/finding.js';
import type { JobRecord } from '../../src/domain/job.js';
import { buildRegressionReversals } from '../../src/recommend/builders/reverse-regression.js';
import type { RecommendSettings } from '../../src/recommend/draft.js';
import { recommend } from '../../src/recommend/recommend.js';
import { validateRecommendationSql } from '../../src/recommend/validate-sql.js';
import { buildJob } from '../support/job-builder.js';
import { NO_STAKE } from '../support/profile-builder.js';
import { buildWorldSnapshot } from '../support/world-snapshot.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const HOUR_MS = 3_600_000;
const PATTERN = [980, 990, 1_000, 1_010, 1_020];
const SETTINGS: RecommendSettings = {
  optimizeTargetFileMb: 256,
  workloadManagement: undefined,
  cluster: { kind: 'software', version: '25.1.0', edition: 'oss' },
  budget: {},
};
const UNDAMPED: RegressionThresholds = { ...regressionDetector.defaults, stake: NO_STAKE };

/** 30 hourly runs around 1 s, then 15 runs 3× slower, ending at END (the detector's own test shape). */
function series(options: {
  before?: Partial<JobRecord>;
  after?: Partial<JobRecord>;
  datasets?: readonly Dataset[];
}): WorkloadSnapshot {
  const jobs = Array.from({ length: 45 }, (_, i) => {
    const late = i >= 30;
    const base = buildJob({ jobId: `job-${String(i).padStart(3, '0')}` });
    return buildJob({
      jobId: base.jobId,
      fingerprint: 'fp-dash',
      durationMs: PATTERN[i % 5]! * (late ? 3 : 1),
      timestamps: { ...base.timestamps, submittedAt: new Date(END.getTime() - (45 - i) * HOUR_MS) },
      queriedDatasets: ['src.sales.orders'],
      ...(late ? options.after : options.before),
    });
  });
  return buildSnapshot({
    window: { from: new Date(END.getTime() - 7 * 24 * HOUR_MS), to: END, days: 7 },
    jobs,
    profiles: new Map(),
    facts: () => undefined,
    datasets: new Map((options.datasets ?? []).map((d) => [d.path, d])),
    reflections: [],
  });
}

function build(snapshot: WorkloadSnapshot) {
  const [draft] = regressionDetector.detect(snapshot, UNDAMPED);
  expect(draft).toBeDefined();
  const finding: Finding = { ...draft!, id: 'f-regression', detector: 'regression' };
  const drafts = buildRegressionReversals({ snapshot, findings: [finding], settings: SETTINGS });
  expect(drafts).toHaveLength(1);
  return drafts[0]!;
}

describe('reverse-regression builder', () => {
  it('names the lost reflection, dropped since, and credits the excess time of every run since', () => {
    const d = build(
      series({
        before: {
          accelerated: true,
          reflectionRelationships: [
            { reflectionId: 'r-orders-agg', datasetId: null, relationship: 'CHOSEN' },
          ],
        },
        after: { accelerated: false },
      }),
    );
    expect(d.kind).toBe('reverse-regression');
    expect(d.sql).toBeNull();
    expect(validateRecommendationSql(d.kind, d.sql)).toEqual({ ok: true });
    // Medians 1 000 → 3 000 ms; 15 runs in the 15 hours since the change point = 24 a day.
    expect(d.payoff.method).toBe('regression-excess');
    expect(d.payoff.savingsMsPerDay).toBeCloseTo((3_000 - 1_000) * 24, 6);
    expect(d.evidence).toMatchObject({
      changePointAt: new Date(END.getTime() - 15 * HOUR_MS).toISOString(),
      firstRegressedJobId: 'job-030',
      medianMsBefore: 1_000,
      medianMsAfter: 3_000,
      runsPerDayAfter: 24,
      acceleratedShareBefore: 1,
      acceleratedShareAfter: 0,
      lostReflectionId: 'r-orders-agg',
      lostReflectionState: 'dropped',
      factorsFound: 'reflection-lost',
    });
    expect(d.action).toContain('create reflection r-orders-agg again');
    expect(d.target).toEqual({
      kind: 'fingerprint',
      fingerprint: 'fp-dash',
      datasetPath: 'src.sales.orders',
    });
  });

  it('creates the dropped reflection again with the statement the store recorded for it', () => {
    const snapshot = series({
      before: {
        accelerated: true,
        reflectionRelationships: [{ reflectionId: 'r-orders-agg', datasetId: null, relationship: 'CHOSEN' }],
      },
      after: { accelerated: false },
    });
    const statement =
      'ALTER TABLE src.sales.orders CREATE AGGREGATE REFLECTION orders_agg USING DIMENSIONS (status) MEASURES (amount (SUM))';
    const at = new Date(END.getTime() - 30 * 24 * HOUR_MS);
    const created: Change = {
      kind: 'reflection-created',
      subject: 'src.sales.orders::orders_agg',
      datasetPath: 'src.sales.orders',
      effectiveFrom: at,
      effectiveTo: at,
      origin: 'product',
      statement,
      jobId: 'ddl-1',
      recommendationId: null,
      details: { reflectionId: 'r-orders-agg' },
    };
    const d = build({ ...snapshot, changes: [created] });
    expect(d.kind).toBe('create-aggregate-reflection');
    expect(d.sql).toBe(statement);
    expect(validateRecommendationSql(d.kind, d.sql)).toEqual({ ok: true });
    expect(d.target).toEqual({ kind: 'dataset', path: 'src.sales.orders' });
    expect(d.payoff.savingsMsPerDay).toBeCloseTo(48_000, 6);
    // Without the recorded statement there is nothing to run: the reversal is stated in words.
    expect(build(snapshot).kind).toBe('reverse-regression');
  });

  it('compacts the table when its file count is all that changed', () => {
    const files = (count: number, at: number) => ({
      observedAt: new Date(at),
      partition: '',
      fileCount: count,
      totalBytes: 2_048 * 1024 * 1024,
      recordCount: null,
    });
    const orders: Dataset = {
      path: 'src.sales.orders',
      pathParts: ['src', 'sales', 'orders'],
      datasetId: 'd-1',
      kind: 'table',
      format: 'Iceberg',
      viewSql: null,
      columns: [],
      partitionFields: [],
      files: [files(9_000, END.getTime()), files(3_000, END.getTime() - 40 * HOUR_MS)],
    };
    const d = build(series({ datasets: [orders] }));
    expect(d.kind).toBe('optimize-table');
    expect(d.sql).toBe(
      'OPTIMIZE TABLE src.sales.orders REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
    );
    expect(validateRecommendationSql(d.kind, d.sql)).toEqual({ ok: true });
    // 2 GiB in 256 MiB files = 8 files.
    expect(d.evidence).toMatchObject({ fileCountBefore: 3_000, fileCountAfter: 9_000, filesAfter: 8 });
    expect(d.payoff.savingsMsPerDay).toBeCloseTo(48_000, 6);
  });

  it('names a recorded change around the change point, and says so when nothing changed', () => {
    const phases = { ...buildJob({ jobId: 'x' }).phases, runningMs: 2_900 };
    const plain = series({ after: { phases } });
    const nothing = build(plain);
    expect(nothing.kind).toBe('reverse-regression');
    expect(nothing.action).toContain('nothing we hold changed then');
    // Every run before spent 1 000 ms running, every run after 2 900 ms; the rest stayed as it was.
    expect(nothing.evidence).toMatchObject({
      grownPhase: 'runningMs',
      grownPhaseMsBefore: 1_000,
      grownPhaseMsAfter: 2_900,
      lastBaselineJobId: 'job-029',
    });
    expect(nothing.action).toContain('the extra time is in running (median 1.0 s → 2.9 s)');
    expect(nothing.action).toContain('with job job-029, the last run before');
    expect(nothing.payoff.methodConfidence).toBe(0.4);
    const at = new Date(END.getTime() - 15.5 * HOUR_MS);
    const dropped: Change = {
      kind: 'reflection-dropped',
      subject: 'src.sales.orders::orders_agg',
      datasetPath: 'src.sales.orders',
      effectiveFrom: at,
      effectiveTo: at,
      origin: 'detected',
      statement: null,
      jobId: null,
      recommendationId: null,
      details: {},
    };
    const named = build({ ...plain, changes: [dropped] });
    expect(named.evidence.change1).toBe(
      `reflection-dropped src.sales.orders::orders_agg at ${at.toISOString()}`,
    );
    expect(named.action).toContain('undo the reflection-dropped on src.sales.orders::orders_agg');
  });
});

describe('reverse-regression on the simulator world', () => {
  let recs: ReturnType<typeof recommend>;
  let regressions: readonly Finding[];
  beforeAll(async () => {
    const built = await buildWorldSnapshot({ flavor: 'software-25.1', seed: 1, jobs: 1500, days: 7 });
    const detectors = Object.values(DETECTORS);
    const findings = runDetectors({
      detectors,
      thresholds: resolveThresholds({ detectors, overrides: {} }),
      snapshot: built.snapshot,
    }).findings;
    regressions = findings.filter((f) => f.detector === 'regression');
    recs = recommend(findings, built.snapshot);
  }, 120_000);

  it('gives every regression finding a recommendation whose saving is its excess time', () => {
    expect(regressions.length).toBeGreaterThan(0);
    for (const f of regressions) {
      const rec = recs.find((r) => r.findingIds.includes(f.id));
      expect(rec?.method).toBe('regression-excess');
      // The detector's impact is the same excess: (after − before median) × runs a day since.
      expect(rec!.estimatedSavingsMsPerDay).toBeCloseTo(f.impactMsPerDay, -1);
      expect(validateRecommendationSql(rec!.kind, rec!.sql).ok).toBe(true);
    }
  });
});
