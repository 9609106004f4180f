import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { quantile } from '../../src/analysis/stats/index.js';
import { getMeasurement, listMeasurements, measurementSummary } from '../../src/app/measurements.js';
import type { AppDeps } from '../../src/app/service.js';
import type { Change } from '../../src/domain/change.js';
import { NotFoundError } from '../../src/errors.js';
import { measureChange } from '../../src/measure/index.js';
import { ensureCluster, type MeasuredRun, recordChange, saveMeasurement } from '../../src/store/index.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { defaultConfig, silent } from './read-fixture.js';

const T = Date.parse('2026-05-01T00:00:00Z');
const DAY = 86_400_000;

function runs(from: number, n: number, ms: number): MeasuredRun[] {
  return Array.from({ length: n }, (_, i) => ({
    fingerprint: 'fp',
    submittedAt: new Date(from + i * 3_600_000),
    state: 'COMPLETED',
    execMs: ms * (1 + ((i * 7) % 11) / 50),
    cpuMs: 10,
    bytesScanned: 100,
    rowsScanned: 10,
    memoryBytes: 1000,
    accelerated: false,
    ownQuery: false,
  }));
}

function change(subject: string, at: number, recommendationId: string | null): Change {
  return {
    kind: 'table-rewritten',
    subject,
    datasetPath: subject,
    effectiveFrom: new Date(at),
    effectiveTo: new Date(at),
    origin: 'product',
    statement: `OPTIMIZE TABLE ${subject}`,
    jobId: null,
    recommendationId,
    details: {},
  };
}

describe.each(testBackends())('measurement read services [$name]', (backend) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('lists measurements newest change first in pages, filters by verdict and shows one by id or recommendation', async () => {
    t = await backend.fresh();
    const { db } = t.store;
    const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
    const cluster = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const saved = [];
    for (const [i, [subject, afterMs]] of (
      [
        ['lake.a', 1000],
        ['lake.b', 4000],
        ['lake.c', 1000],
      ] as const
    ).entries()) {
      const at = T + i * 10 * DAY;
      const stored = await recordChange(db, {
        clusterId: cluster.id,
        change: change(subject, at, `rec-${subject}`),
        detectedAt: new Date(at),
      });
      saved.push(
        await saveMeasurement(db, {
          clusterId: cluster.id,
          measurement: measureChange({
            change: stored,
            recommendation: null,
            before: runs(at - 7 * DAY, 40, 4000),
            after: runs(at, 72, afterMs),
            duringChange: 0,
            controlBefore: [],
            controlAfter: [],
            beforeWindow: { start: new Date(at - 7 * DAY), end: new Date(at) },
            afterWindow: { start: new Date(at), end: new Date(at + 3 * DAY) },
            dataEnd: new Date(at + 3 * DAY),
          }),
          measuredAt: new Date(at + 3 * DAY),
        }),
      );
    }
    expect(saved.map((m) => m.verdict)).toEqual(['verified', 'no-effect', 'verified']);

    const first = await listMeasurements(deps, { limit: 2 });
    listMeasurements.output.parse(first);
    expect(first.items.map((m) => m.change.subject)).toEqual(['lake.c', 'lake.b']);
    const second = await listMeasurements(deps, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({
      nextCursor: null,
      items: [expect.objectContaining({ id: Number(saved[0]!.id) })],
    });
    expect(first.items[0]).toMatchObject({
      cluster: 'prod',
      verdict: 'verified',
      changeId: Number(saved[2]!.changeId),
    });

    const verified = await listMeasurements(deps, { verdict: 'verified' });
    expect(verified.items.map((m) => m.change.subject)).toEqual(['lake.c', 'lake.a']);
    const ofRec = await listMeasurements(deps, { recommendationId: 'rec-lake.b' });
    expect(ofRec.items.map((m) => m.verdict)).toEqual(['no-effect']);

    const byId = await getMeasurement(deps, { id: String(saved[1]!.id) });
    getMeasurement.output.parse(byId);
    expect(byId).toMatchObject({ recommendationId: 'rec-lake.b', verdict: 'no-effect' });
    expect((await getMeasurement(deps, { id: 'rec-lake.a' })).id).toBe(Number(saved[0]!.id));
    await expect(getMeasurement(deps, { id: 'nope' })).rejects.toBeInstanceOf(NotFoundError);

    // The window ends at the newest measured data (T + 23 days): 5 days back reaches only lake.c.
    const recent = await measurementSummary(deps, { days: '5' });
    measurementSummary.output.parse(recent);
    expect(recent).toMatchObject({ totalMeasurements: 1, to: new Date(T + 23 * DAY).toISOString() });
    const all = await measurementSummary(deps, {});
    expect(all).toMatchObject({ totalMeasurements: 3, verdicts: { verified: 2, 'no-effect': 1 } });
    expect(all.timeSavedMsPerDay).toBeGreaterThan(0);
  });

  it('shows each affected fingerprint before and after as quantiles, the verdict interval and the estimate', async () => {
    t = await backend.fresh();
    const { db } = t.store;
    const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
    const cluster = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const stored = await recordChange(db, {
      clusterId: cluster.id,
      change: change('lake.a', T, 'rec-a'),
      detectedAt: new Date(T),
    });
    const before = runs(T - 7 * DAY, 40, 4000);
    const after = runs(T, 72, 1000);
    const saved = await saveMeasurement(db, {
      clusterId: cluster.id,
      measurement: measureChange({
        change: stored,
        recommendation: null,
        before,
        after,
        duringChange: 0,
        controlBefore: [],
        controlAfter: [],
        beforeWindow: { start: new Date(T - 7 * DAY), end: new Date(T) },
        afterWindow: { start: new Date(T), end: new Date(T + 3 * DAY) },
        dataEnd: new Date(T + 3 * DAY),
      }),
      measuredAt: new Date(T + 3 * DAY),
    });
    const m = await getMeasurement(deps, { id: String(saved.id) });
    getMeasurement.output.parse(m);
    expect(m.speedup).toEqual({
      estimate: expect.any(Number),
      low: expect.any(Number),
      high: expect.any(Number),
    });
    expect(m.expectation).toBeNull();
    const [fp] = m.fingerprints;
    expect(fp?.fingerprint).toBe('fp');
    for (const [side, list] of [
      [fp!.before, before],
      [fp!.after, after],
    ] as const) {
      const times = list.map((r) => r.execMs!);
      expect(side.runs).toBe(list.length);
      for (const [key, p] of [
        ['p10Ms', 0.1],
        ['p25Ms', 0.25],
        ['p50Ms', 0.5],
        ['p75Ms', 0.75],
        ['p90Ms', 0.9],
      ] as const)
        expect(side[key], key).toBeCloseTo(quantile(times, p), 9);
    }
    expect(m.before.p25Ms).toBeCloseTo(
      quantile(
        before.map((r) => r.execMs!),
        0.25,
      ),
      9,
    );

    // A measurement stored before the quantiles were kept answers null for them.
    await sql`UPDATE measurements SET details = (details #- '{fingerprints,0,before,p10Ms}') #- '{before,p90Ms}'`.execute(
      db,
    );
    const older = await getMeasurement(deps, { id: String(saved.id) });
    getMeasurement.output.parse(older);
    expect(older.fingerprints[0]!.before.p10Ms).toBeNull();
    expect(older.before.p90Ms).toBeNull();
    expect(older.fingerprints[0]!.before.p25Ms).toBe(fp!.before.p25Ms);
  });
});
