import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/analysis/build-snapshot.js';
import { reflectionMissingDetector } from '../../src/analysis/detectors/reflection-missing.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { Finding } from '../../src/domain/finding.js';
import type { JobRecord } from '../../src/domain/job.js';
import { recommend } from '../../src/recommend/recommend.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import { initSqlParser } from '../../src/sql/sql-parser.js';
import { buildJob } from '../support/job-builder.js';
import { NO_STAKE } from '../support/profile-builder.js';
import { buildReflection, buildRefresh } from '../support/reflection-builder.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const HOUR_MS = 3_600_000;
const ORDERS: Dataset = {
  path: 'lake.sales.orders',
  pathParts: ['lake', 'sales', 'orders'],
  datasetId: 'd1',
  kind: 'table',
  format: 'Iceberg',
  viewSql: null,
  columns: ['order_ts', 'region', 'amount'].map((name) => ({
    name,
    type: name === 'order_ts' ? 'TIMESTAMP' : 'VARCHAR',
  })),
  partitionFields: [],
  files: [{ observedAt: new Date(0), partition: '', fileCount: 10, totalBytes: 1e9, recordCount: 1e6 }],
};
const SQL = 'SELECT region, SUM(amount) AS s FROM lake.sales.orders GROUP BY region';

/**
 * 20 runs of one aggregation in one day, alternately executed (4 s running, the whole table read) and
 * answered from the results cache (20 ms, nothing read). No profiles and no accelerated runs, so the
 * reflection's saving is the unprofiled share (50%) of each executed run's running time.
 */
function jobs(): JobRecord[] {
  return Array.from({ length: 20 }, (_, i) => {
    const hit = i % 2 === 1;
    const base = buildJob({ jobId: `job-${String(i).padStart(2, '0')}` });
    const runningMs = hit ? 20 : 4_000;
    return buildJob({
      jobId: base.jobId,
      fingerprint: 'fp-agg',
      sqlText: SQL,
      queriedDatasets: [ORDERS.path],
      scannedDatasets: hit ? [] : [ORDERS.path],
      timestamps: { ...base.timestamps, submittedAt: new Date(END.getTime() - (20 - i) * HOUR_MS) },
      durationMs: runningMs + 150,
      phases: { ...base.phases, runningMs },
      rowsScanned: hit ? 0n : 1_000_000n,
      bytesScanned: hit ? 0n : 1_000_000_000n,
    });
  });
}

beforeAll(async () => {
  await initSqlParser();
});

describe('savings and the results cache', () => {
  it('credits a missing reflection only with the runs that executed', () => {
    const facts = extractSqlFacts(SQL);
    const snapshot = buildSnapshot({
      window: { from: new Date(END.getTime() - 24 * HOUR_MS), to: END, days: 1 },
      jobs: jobs(),
      profiles: new Map(),
      facts: () => facts,
      datasets: new Map([[ORDERS.path, ORDERS]]),
      // A cheap refresh elsewhere on the table keeps the reflection's cost small: the saving is under test.
      reflections: [
        buildReflection({
          reflectionId: 'r-orders',
          datasetPath: ORDERS.path,
          refreshes: [buildRefresh({ startedAt: new Date(END.getTime() - HOUR_MS), durationMs: 200 })],
        }),
      ],
    });
    const thresholds = { ...reflectionMissingDetector.defaults, minRuns: 5, stake: NO_STAKE };
    const drafts = reflectionMissingDetector.detect(snapshot, thresholds);
    expect(drafts).toHaveLength(1);
    const finding: Finding = { ...drafts[0]!, id: 'f-agg', detector: 'reflection-missing' };
    // 10 executed runs: 10 a day, not 20.
    expect(finding.evidence).toMatchObject({ runs: 10, runsPerDay: 10, medianDurationMs: 4_150 });

    const rec = recommend([finding], snapshot).find((r) => r.kind === 'create-aggregate-reflection');
    // 10 runs × 4,000 ms running × 50% over 1 day = 20,000 ms a day; the 10 hits add nothing.
    expect(rec?.estimatedSavingsMsPerDay).toBe(20_000);
    expect(rec?.jobIds).toEqual(
      jobs()
        .filter((_, i) => i % 2 === 0)
        .map((j) => j.jobId),
    );
  });
});
