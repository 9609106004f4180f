import { describe, expect, it } from 'vitest';
import { buildDrops, buildRefreshes } from '../../src/recommend/builders/reflection-maintenance.js';
import { validateRecommendationSql } from '../../src/recommend/validate-sql.js';
import { buildJob } from '../support/job-builder.js';
import { context, finding, reflection } from './cost-support.js';

const ID = '2d1192f4-ca3b-46a8-a3e9-f40d12cb7fc1';

/** Dremio runs each refresh as a job; the materialization list keeps only the latest (the simulator's 25.1 world). */
function refreshJob(i: number, durationMs: number) {
  return buildJob({
    jobId: `refresh-${i}`,
    sqlText: `REFRESH REFLECTION '${ID}' AS 'm-${i}'`,
    queryType: 'ACCELERATOR_CREATE',
    durationMs,
    queriedDatasets: ['lake.ops.inventory'],
  });
}

describe('drop-reflection costs', () => {
  it('counts every refresh job of the window and the storage it frees', () => {
    const unused = reflection({
      reflectionId: ID,
      name: 'inventory_snapshot_raw',
      currentSizeBytes: 61_000_000_000,
      lastRefreshDurationMs: 4489,
      refreshes: [
        {
          materializationId: 'm-7',
          startedAt: new Date('2026-10-31T20:22:56Z'),
          durationMs: 4489,
          state: 'DONE',
          sizeBytes: 61_000_000_000,
          failureMessage: null,
        },
      ],
    });
    const jobs = [4100, 4100, 4100, 4100, 4100, 4100, 4100, 4100].map((ms, i) => refreshJob(i, ms));
    const f = finding({
      detector: 'reflection-unused',
      subject: { kind: 'reflection', reflectionId: ID, name: unused.name, datasetPath: unused.datasetPath },
    });
    const [draft] = buildDrops(context(jobs, { reflections: [unused], findings: [f] }));
    // 8 refreshes × 4100 ms = 32 800 ms over 7 days = 4685.7 ms a day (the history alone: 4489 / 7 = 641).
    expect(draft!.evidence.refreshMsPerDay).toBe(4686);
    expect(draft!.evidence.refreshes).toBe(8);
    // 61e9 bytes = 56.81 GiB × 1000 ms per GiB-day = 56 811 ms a day.
    expect(draft!.evidence.storageMsPerDay).toBe(56811);
    expect(draft!.payoff.savingsMsPerDay).toBeCloseTo(32_800 / 7 + (61e9 / 1024 ** 3) * 1000, 3);
    expect(draft!.action).toContain('holds 56.8 GiB');
    expect(draft!.action).not.toMatch(/\d{6,} bytes/);
  });
});

describe('refresh-reflection costs', () => {
  const failing = reflection({
    reflectionId: 'r-ship',
    name: 'shipments_carrier_agg',
    type: 'AGGREGATION',
    datasetPath: 'lake.ops.shipments',
    status: 'FAILED',
    lastFailureMessage: 'Access Denied (403)',
    refreshes: [
      {
        materializationId: 'm1',
        startedAt: new Date('2026-10-31T17:20:58Z'),
        durationMs: 4404,
        state: 'FAILED',
        sizeBytes: 0,
        failureMessage: 'Access Denied (403)',
      },
    ],
  });
  const queries = [6000, 6000, 9000].map((ms, i) =>
    buildJob({
      jobId: `q-${i}`,
      queriedDatasets: ['lake.ops.shipments'],
      phases: { ...buildJob({ jobId: 'x' }).phases, runningMs: ms },
    }),
  );
  const other = buildJob({ jobId: 'elsewhere', queriedDatasets: ['lake.sales.orders'] });
  const f = finding({
    detector: 'reflection-failing',
    subject: {
      kind: 'reflection',
      reflectionId: 'r-ship',
      name: failing.name,
      datasetPath: failing.datasetPath,
    },
  });

  it("is credited with the dataset's queries that ran unaccelerated", () => {
    const [draft] = buildRefreshes(context([...queries, other], { reflections: [failing], findings: [f] }));
    // No profiles: half of 21 000 ms of running time over 7 days = 1500 ms a day.
    expect(draft!.payoff.savingsMsPerDay).toBe(1500);
    expect(draft!.payoff.jobIds).toEqual(['q-0', 'q-1', 'q-2']);
    expect(draft!.payoff.methodConfidence).toBeGreaterThan(0);
    expect(draft!.cost.oneOffMs).toBe(4404);
  });

  it('asks for the REST refresh on 24.3, whose grammar has no REFRESH REFLECTIONS, and SQL from 25.0', () => {
    const old = buildRefreshes(
      context(queries, {
        reflections: [failing],
        findings: [f],
        settings: { cluster: { kind: 'software', version: '24.3.2-202401', edition: 'oss' } },
      }),
    )[0]!;
    expect(old.sql).toBeNull();
    expect(old.action).toContain('POST /api/v3/reflection/r-ship/refresh');
    expect(validateRecommendationSql(old.kind, old.sql)).toEqual({ ok: true });
    const current = buildRefreshes(
      context(queries, {
        reflections: [failing],
        findings: [f],
        settings: { cluster: { kind: 'software', version: '25.1.1-202409', edition: 'oss' } },
      }),
    )[0]!;
    expect(current.sql).toBe('ALTER DATASET lake.ops.shipments REFRESH REFLECTIONS');
    expect(validateRecommendationSql(current.kind, current.sql)).toEqual({ ok: true });
  });
});
