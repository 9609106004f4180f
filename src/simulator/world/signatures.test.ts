import { describe, expect, it } from 'vitest';
import type { DetectorId } from '../../domain/detector-id.js';
import { createWorld } from '../create-world.js';
import type { SimJob } from '../world.js';
import { initialTables } from './datasets.js';
import { REGRESSION_FACTOR } from './job-builder.js';
import { profileSignals } from './profile/profile-signals.js';
import { regressionStartMs } from './regression.js';
import { JOB_SIGNATURES, REFLECTION_MISSING, SELECT_STAR_MIN_COLUMNS } from './signatures.js';
import { testWorldOptions } from './test-world.js';

const world = createWorld(testWorldOptions());
const jobs: SimJob[] = Array.from({ length: world.jobCount }, (_, i) => world.job(i));
const nearMissTemplates = new Set([
  'campaign-spend-vs-clicks',
  'session-depth-histogram',
  'items-by-warehouse-week',
  'carrier-rate-lookup',
  'orders-by-country-half-year',
  'publisher-placements-quarter',
  'country-codes-lookup',
  'top-products-week',
]);
// Every labelled job and every near miss, plus a third of the rest, keeps the run short.
const checked = jobs.filter(
  (j, i) => j.labels.length > 0 || nearMissTemplates.has(j.template) || i % 3 === 0,
);
const signals = new Map(checked.map((j) => [j.jobId, profileSignals(j, world.profileJson(j.jobId, 0))]));
const tables = new Map(initialTables(world.options.endAt.getTime()).map((t) => [t.path, t]));

describe('job-level label signatures in a 5000-job world', () => {
  for (const [label, signature] of Object.entries(JOB_SIGNATURES)) {
    it(`${label}: every labelled job shows it, every other job stays clean`, () => {
      const labelled = checked.filter((j) => j.labels.includes(label as DetectorId));
      expect(labelled.length).toBeGreaterThan(10);
      for (const job of labelled) {
        expect(signature.labelled(signals.get(job.jobId) as never), `${job.template} ${job.jobId}`).toBe(
          true,
        );
      }
      for (const job of checked.filter((j) => !j.labels.includes(label as DetectorId))) {
        expect(signature.clean(signals.get(job.jobId) as never), `${job.template} ${job.jobId}`).toBe(true);
      }
    });
  }

  it('partition-pruning: labelled jobs read every file of a partitioned table with no partition filter', () => {
    const partitioned = (name: string) => (tables.get(name)?.layout.partitionFields.length ?? 0) > 0;
    for (const job of checked) {
      const unpruned = (signals.get(job.jobId)?.unprunedScans ?? []).filter((s) => partitioned(s.table));
      if (job.labels.includes('partition-pruning')) {
        expect(unpruned.length, job.template).toBeGreaterThan(0);
        for (const scan of unpruned) expect(scan.splits).toBe(tables.get(scan.table)?.layout.fileCount);
      } else {
        expect(unpruned, `${job.template} ${job.jobId}`).toEqual([]);
      }
    }
  });

  it('near misses exist just below the lines', () => {
    const of = (template: string) =>
      checked.filter((j) => j.template === template).map((j) => signals.get(j.jobId));
    expect(
      of('campaign-spend-vs-clicks').every((s) => (s?.joinFanout ?? 0) >= 2 && (s?.joinFanout ?? 0) <= 3),
    ).toBe(true);
    expect(of('session-depth-histogram').every((s) => (s?.spilledBytes ?? 0) > 0)).toBe(true);
    expect(of('items-by-warehouse-week').every((s) => (s?.skewRatio ?? 0) >= 1.3)).toBe(true);
    expect(of('carrier-rate-lookup').every((s) => (s?.skewRatio ?? 0) >= 7)).toBe(true);
    const halfPruned = checked.filter((j) => j.template === 'orders-by-country-half-year');
    expect(halfPruned.every((j) => j.rowsScanned > 500_000_000n && j.rowsScanned < 700_000_000n)).toBe(true);
    const accelerated = checked.filter((j) => j.template === 'publisher-placements-quarter');
    expect(accelerated.every((j) => j.accelerated && j.phases.finalState - j.submittedEpochMs > 3_000)).toBe(
      true,
    );
  });

  it('failed and cancelled jobs carry no labels', () => {
    expect(jobs.filter((j) => j.finalState !== 'COMPLETED').every((j) => j.labels.length === 0)).toBe(true);
  });
});

describe('template-level labels', () => {
  const truth = world.truth();
  const days = world.options.days;
  const durations = (ids: readonly string[]) =>
    ids.map((id) => world.jobById(id)).flatMap((j) => (j ? [j.phases.finalState - j.submittedEpochMs] : []));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

  it('select-star: SELECT * on a 30+ column table, and only there', () => {
    for (const t of truth.templates) {
      const sample = world.jobById(t.jobIds[0] ?? '');
      if (!sample) continue;
      const star = /^SELECT \*/i.test(sample.sql);
      const widest = Math.max(0, ...sample.queriedDatasets.map((p) => tables.get(p)?.columns.length ?? 0));
      expect(t.labels.includes('select-star'), t.template).toBe(star && widest >= SELECT_STAR_MIN_COLUMNS);
    }
  });

  it('reflection-missing: frequent, slow, unaccelerated aggregations, and no other', () => {
    for (const t of truth.templates) {
      const sample = world.jobById(t.jobIds[0] ?? '');
      if (sample?.finalState !== 'COMPLETED' || !/GROUP BY/i.test(sample.sql)) continue;
      const runsPerDay = t.jobIds.length / days;
      const accelerated = t.jobIds.some((id) => world.jobById(id)?.accelerated);
      const slow = mean(durations(t.jobIds)) >= REFLECTION_MISSING.minMeanMs;
      const frequent = runsPerDay >= REFLECTION_MISSING.minRunsPerDay;
      const expected = !accelerated && slow && frequent && t.template !== 'reflection-refresh';
      expect(t.labels.includes('reflection-missing'), `${t.template} ${runsPerDay}/day`).toBe(expected);
    }
  });

  it(`regression: ×${REGRESSION_FACTOR} from the regression day, other templates stay flat`, () => {
    const from = regressionStartMs(world.options.endAt.getTime(), days);
    for (const t of truth.templates) {
      const before = t.jobIds.filter((id) => (world.jobById(id)?.submittedEpochMs ?? 0) < from);
      const after = t.jobIds.filter((id) => (world.jobById(id)?.submittedEpochMs ?? 0) >= from);
      if (before.length < 10 || after.length < 10) continue;
      const ratio = median(durations(after)) / median(durations(before));
      if (t.labels.includes('regression')) expect(ratio, t.template).toBeGreaterThan(2.2);
      else expect(ratio, t.template).toBeLessThan(1.6);
    }
  });
});

describe('dataset and reflection labels', () => {
  const truth = world.truth();

  it('small-files: ≥ 1000 files averaging < 16 MB; every other table has few or large files', () => {
    for (const d of truth.datasets) {
      const t = tables.get(d.path);
      if (!t) continue;
      const avg = t.layout.totalBytes / t.layout.fileCount;
      const small = t.layout.fileCount >= 1000 && avg < 16 * 1024 ** 2;
      expect(d.labels.includes('small-files'), d.path).toBe(small);
      if (!small) expect(t.layout.fileCount < 100 || avg >= 48 * 1024 ** 2, d.path).toBe(true);
    }
  });

  it('reflection-unused reflections are never chosen; used ones are chosen; failing ones fail every refresh', () => {
    const byId = new Map(world.reflections().map((r) => [r.id, r]));
    const rows = new Map(
      [...(world.table('sys.reflections')?.scan([]) ?? [])].map((r) => [r.reflection_id, r]),
    );
    for (const r of truth.reflections) {
      const row = rows.get(r.id);
      if (r.labels.includes('reflection-unused')) expect(row?.accelerated_count, r.id).toBe(0);
      else if (r.labels.includes('reflection-failing')) {
        expect(row?.status).toBe('FAILED');
        expect(Number(row?.num_failures)).toBeGreaterThan(5);
        expect(byId.get(r.id)?.status).toMatchObject({ combinedStatus: 'FAILED' });
      } else expect(Number(row?.accelerated_count), r.id).toBeGreaterThan(10);
    }
    const refreshes = jobs.filter((j) => j.queryType === 'ACCELERATOR_CREATE');
    const failing = truth.reflections.filter((r) => r.labels.includes('reflection-failing')).map((r) => r.id);
    for (const job of refreshes)
      expect(job.finalState === 'FAILED').toBe(failing.some((id) => job.sql.includes(id)));
  });
});
