import { describe, expect, it } from 'vitest';
import type { StoredChange } from '../../src/domain/change.js';
import { type MeasureChangeInput, measureChange } from '../../src/measure/index.js';
import type { MeasuredRun } from '../../src/store/index.js';

const DAY = 86_400_000;
const T = Date.parse('2026-05-01T00:00:00Z');

/** A deterministic ±15 % multiplicative noise, like run-to-run load. */
function noise(i: number): number {
  const u = Math.sin(i * 12.9898) * 43758.5453;
  return 1 + 0.3 * (u - Math.floor(u) - 0.5);
}

function runs(options: {
  fingerprint: string;
  from: number;
  days: number;
  perDay: number;
  ms: number;
  state?: string;
  seed?: number;
}): MeasuredRun[] {
  const n = Math.round(options.days * options.perDay);
  return Array.from({ length: n }, (_, i) => ({
    fingerprint: options.fingerprint,
    submittedAt: new Date(options.from + ((i + 0.5) / n) * options.days * DAY),
    state: options.state ?? 'COMPLETED',
    execMs: options.ms * noise(i + (options.seed ?? 0) * 1000),
    cpuMs: options.ms / 2,
    bytesScanned: 1e9,
    rowsScanned: 1e6,
    memoryBytes: 1e8,
    accelerated: false,
    ownQuery: false,
  }));
}

const change: StoredChange = {
  id: 7n,
  kind: 'reflection-created',
  subject: 'lakehouse.sales.orders::agg_orders',
  datasetPath: 'lakehouse.sales.orders',
  effectiveFrom: new Date(T),
  effectiveTo: new Date(T),
  origin: 'product',
  statement:
    'ALTER TABLE lakehouse.sales.orders CREATE AGGREGATE REFLECTION agg_orders USING DIMENSIONS (status) MEASURES (amount (SUM))',
  jobId: 'job-1',
  recommendationId: 'rec-1',
  details: {},
  detectedAt: new Date(T),
};

function input(
  over: Partial<MeasureChangeInput> & Pick<MeasureChangeInput, 'before' | 'after'>,
): MeasureChangeInput {
  return {
    change,
    recommendation: {
      id: 'rec-1',
      kind: 'create-aggregate-reflection',
      estimatedSavingsMsPerDay: 20 * 4000 * 0.6,
    },
    duringChange: 0,
    controlBefore: [],
    controlAfter: [],
    beforeWindow: { start: new Date(T - 7 * DAY), end: new Date(T) },
    afterWindow: { start: new Date(T), end: new Date(T + 7 * DAY) },
    dataEnd: new Date(T + 7 * DAY),
    ...over,
  };
}

describe('measureChange', () => {
  it('verifies a 4× speedup that holds in both windows, with the interval around it', () => {
    const m = measureChange(
      input({
        before: runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 20, ms: 4000 }),
        after: runs({ fingerprint: 'a', from: T, days: 7, perDay: 20, ms: 1000, seed: 1 }),
      }),
    );
    expect(m.verdict).toBe('verified');
    expect(m.speedup!.low).toBeLessThan(4);
    expect(m.speedup!.high).toBeGreaterThan(4);
    expect(m.windows).toHaveLength(2);
    expect(m.improvements.durationPct).toBeCloseTo(75, 0);
    expect(m.expectation?.meetsExpectation).toBe(true);
    expect(m.rollback).toBeNull();
  });

  it('calls an unchanged shape no-effect, never verified', () => {
    const m = measureChange(
      input({
        before: runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 20, ms: 4000 }),
        after: runs({ fingerprint: 'a', from: T, days: 7, perDay: 20, ms: 4000, seed: 2 }),
      }),
    );
    expect(m.verdict).toBe('no-effect');
    expect(m.speedup!.low).toBeLessThan(1);
    expect(m.speedup!.high).toBeGreaterThan(1);
    expect(m.expectation?.meetsExpectation).toBe(false);
  });

  it('calls a 2× slowdown regressed and carries the DROP that rolls the reflection back', () => {
    const m = measureChange(
      input({
        before: runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 20, ms: 1000 }),
        after: runs({ fingerprint: 'a', from: T, days: 7, perDay: 20, ms: 2000, seed: 3 }),
      }),
    );
    expect(m.verdict).toBe('regressed');
    expect(m.rollback).toBe('ALTER TABLE lakehouse.sales.orders DROP REFLECTION agg_orders');
  });

  it('calls new failures regressed even when the survivors are as fast', () => {
    const m = measureChange(
      input({
        before: runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 20, ms: 1000 }),
        after: [
          ...runs({ fingerprint: 'a', from: T, days: 7, perDay: 14, ms: 1000, seed: 4 }),
          ...runs({ fingerprint: 'a', from: T, days: 7, perDay: 6, ms: 50, state: 'FAILED', seed: 5 }),
        ],
      }),
    );
    expect(m.verdict).toBe('regressed');
    expect(m.reason).toMatch(/42 of 140 runs failed after the change against 0 of 140 before/);
    expect(m.excluded.failed).toBe(42);
  });

  it('is inconclusive right after the change, saying how many runs it waits for and when', () => {
    const m = measureChange(
      input({
        before: runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 12, ms: 4000 }),
        after: runs({ fingerprint: 'a', from: T, days: 0.25, perDay: 12, ms: 1000 }),
        dataEnd: new Date(T + 0.25 * DAY),
      }),
    );
    expect(m.verdict).toBe('inconclusive');
    expect(m.waitingFor).toMatchObject({ beforeRunsNeeded: 0, afterRunsNeeded: 7 });
    // 7 more runs at 12 a day: 14 hours after the newest data.
    expect(m.waitingFor!.expectedBy!.toISOString()).toBe(
      new Date(T + 0.25 * DAY + (7 / 12) * DAY).toISOString(),
    );
  });

  it('subtracts a significant drift seen on shapes the change cannot affect', () => {
    const before = runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 20, ms: 4000 });
    // Everything got 2× slower after the change: the affected shape only kept its time.
    const after = runs({ fingerprint: 'a', from: T, days: 7, perDay: 20, ms: 4000, seed: 6 });
    const controlBefore = runs({
      fingerprint: 'c',
      from: T - 7 * DAY,
      days: 7,
      perDay: 30,
      ms: 500,
      seed: 7,
    });
    const controlAfter = runs({ fingerprint: 'c', from: T, days: 7, perDay: 30, ms: 1000, seed: 8 });
    const m = measureChange(input({ before, after, controlBefore, controlAfter }));
    expect(m.drift.significant).toBe(true);
    expect(m.drift.subtracted).toBe(true);
    expect(m.rawSpeedup!.estimate).toBeCloseTo(1, 1);
    expect(m.speedup!.estimate).toBeGreaterThan(1.8);
    expect(m.speedup!.estimate).toBeLessThan(2.2);
  });

  it('leaves out cache hits, own queries and cancelled runs, and counts them', () => {
    const before = runs({ fingerprint: 'a', from: T - 7 * DAY, days: 7, perDay: 20, ms: 4000 });
    const after = runs({ fingerprint: 'a', from: T, days: 7, perDay: 20, ms: 1000, seed: 9 });
    const extra: MeasuredRun[] = [
      { ...after[0]!, execMs: 3, rowsScanned: 0, bytesScanned: 0 },
      { ...after[1]!, ownQuery: true },
      { ...after[2]!, state: 'CANCELED' },
    ];
    const m = measureChange(input({ before, after: [...after, ...extra] }));
    expect(m.excluded).toMatchObject({ cacheHits: 1, ownQueries: 1, cancelled: 1, failed: 0 });
    expect(m.after.runs).toBe(after.length);
  });

  it('weighs shapes by the time they cost, and says when one of them got slower', () => {
    const m = measureChange(
      input({
        before: [
          ...runs({ fingerprint: 'slow-scan', from: T - 7 * DAY, days: 7, perDay: 6, ms: 20_000 }),
          ...runs({ fingerprint: 'today', from: T - 7 * DAY, days: 7, perDay: 9, ms: 800, seed: 10 }),
        ],
        after: [
          ...runs({ fingerprint: 'slow-scan', from: T, days: 7, perDay: 6, ms: 5_000, seed: 11 }),
          ...runs({ fingerprint: 'today', from: T, days: 7, perDay: 9, ms: 1_000, seed: 12 }),
        ],
      }),
    );
    // slow-scan is 120 s of the 127.2 s a day: its 4× dominates the total, though the other lost 20 %.
    expect(m.verdict).toBe('verified');
    expect(m.speedup!.estimate).toBeGreaterThan(3);
    expect(m.speedup!.estimate).toBeLessThan(4);
    expect(m.reason).toMatch(/shapes moved apart: faster slow-scan 4\.\d+×; slower today 0\.\d+×/);
  });

  it('calls a change regressed when one shape got several times slower, even if the total did not', () => {
    const m = measureChange(
      input({
        before: [
          ...runs({ fingerprint: 'etl', from: T - 7 * DAY, days: 7, perDay: 4, ms: 200_000 }),
          ...runs({ fingerprint: 'dashboard', from: T - 7 * DAY, days: 7, perDay: 14, ms: 500, seed: 13 }),
        ],
        after: [
          ...runs({ fingerprint: 'etl', from: T, days: 7, perDay: 4, ms: 200_000, seed: 14 }),
          ...runs({ fingerprint: 'dashboard', from: T, days: 7, perDay: 14, ms: 2500, seed: 15 }),
        ],
      }),
    );
    expect(m.speedup!.estimate).toBeGreaterThan(0.9);
    expect(m.verdict).toBe('regressed');
    expect(m.reason).toMatch(
      /1 query shape\(s\) ≥ 1\.5× slower with confidence: dashboard 5\.\d+× slower \(98\/98 runs\)/,
    );
    expect(m.rollback).toBe('ALTER TABLE lakehouse.sales.orders DROP REFLECTION agg_orders');
  });
});
