import { beforeAll, describe, expect, it } from 'vitest';
import type { FingerprintGroup } from '../../src/analysis/detector.js';
import type { Dataset, FileStats } from '../../src/domain/dataset.js';
import { buildOptimizes, buildPartitionFields } from '../../src/recommend/builders/table-layout.js';
import { defaultOptimizeTargetFileMb } from '../../src/recommend/file-layout.js';
import { recommend } from '../../src/recommend/recommend.js';
import { validateRecommendationSql } from '../../src/recommend/validate-sql.js';
import { extractSqlFacts } from '../../src/sql/facts.js';
import { initSqlParser } from '../../src/sql/sql-parser.js';
import { buildJob } from '../support/job-builder.js';
import { context, finding } from './cost-support.js';

const AT = new Date('2026-11-01T00:00:00Z');

function files(total: { files: number; bytes: number }, partitions: number): FileStats[] {
  const rows = Array.from({ length: partitions }, (_, i) => ({
    observedAt: AT,
    partition: `{day=${20_000 + i}}`,
    fileCount: total.files / partitions,
    totalBytes: total.bytes / partitions,
    recordCount: 1000,
  }));
  return [
    { observedAt: AT, partition: '', fileCount: total.files, totalBytes: total.bytes, recordCount: 1000 },
    ...rows,
  ];
}

function table(path: string, partitionFields: Dataset['partitionFields'], stats: FileStats[]): Dataset {
  return {
    path,
    pathParts: path.split('.'),
    datasetId: path,
    kind: 'table',
    format: 'Iceberg',
    viewSql: null,
    columns: [
      { name: 'order_ts', type: 'TIMESTAMP' },
      { name: 'status', type: 'VARCHAR' },
      { name: 'amount', type: 'DOUBLE' },
    ],
    partitionFields,
    files: stats,
  };
}

beforeAll(async () => {
  await initSqlParser();
});

describe('add-partition-field weighed against the files it would create', () => {
  function partitionContext(dataset: Dataset) {
    const sql = `SELECT status, SUM(amount) FROM ${dataset.path} WHERE status = 'RETURNED' GROUP BY status`;
    const facts = extractSqlFacts(sql);
    const jobs = [0, 1, 2].map((i) =>
      buildJob({ jobId: `q${i}`, fingerprint: 'fp', sqlText: sql, queriedDatasets: [dataset.path] }),
    );
    const group: FingerprintGroup = {
      fingerprint: 'fp',
      sampleSql: sql,
      facts,
      jobs: jobs.map((job) => ({ job, profile: undefined, facts, runsPerDay: 1 })),
      runsPerDay: 3 / 7,
      cacheHits: 0,
    };
    const f = finding({
      detector: 'partition-pruning',
      subject: { kind: 'fingerprint', fingerprint: 'fp', sampleSql: sql },
      jobIds: jobs.map((j) => j.jobId),
    });
    const base = context(jobs, { datasets: [dataset], findings: [f] });
    return { ...base, snapshot: { ...base.snapshot, fingerprints: new Map([['fp', group]]) } };
  }

  it('refuses a status field on a table partitioned by day with 117 MiB files', () => {
    // 451 GB in 3650 files = 123.6 MB (117.9 MiB) a file; split by ≥ 5 status values: 23.6 MiB < 64 MiB.
    const orders = table(
      'lake.sales.orders',
      [{ column: 'order_ts', transform: 'day' }],
      files({ files: 3650, bytes: 451_087_707_729 }, 730),
    );
    expect(buildPartitionFields(partitionContext(orders))).toEqual([]);
  });

  it('clusters instead on Dremio 26 Enterprise, which keeps file sizes', () => {
    const orders = table(
      'lake.sales.orders',
      [{ column: 'order_ts', transform: 'day' }],
      files({ files: 3650, bytes: 451_087_707_729 }, 730),
    );
    const base = partitionContext(orders);
    const cluster = { kind: 'software', version: '26.0.1-202506', edition: 'enterprise' };
    const [draft] = buildPartitionFields({ ...base, settings: { ...base.settings, cluster } });
    expect(draft!.kind).toBe('cluster-table');
    expect(draft!.sql).toBe('ALTER TABLE lake.sales.orders CLUSTER BY (status)');
    expect(validateRecommendationSql(draft!.kind, draft!.sql)).toEqual({ ok: true });
    // OSS 26 has no clustering: the partition field stays refused.
    const oss = { ...cluster, edition: 'oss' };
    expect(buildPartitionFields({ ...base, settings: { ...base.settings, cluster: oss } })).toEqual([]);
  });

  it('proposes it where the split files stay large', () => {
    // 10 GB in 10 files = 1 GB a file; split by 5 values: 200 MB ≥ 64 MiB.
    const big = table('lake.sales.big', [], files({ files: 10, bytes: 10_000_000_000 }, 0));
    const [draft] = buildPartitionFields(partitionContext(big));
    expect(draft!.sql).toBe('ALTER TABLE lake.sales.big ADD PARTITION FIELD status');
    expect(draft!.evidence.averageFileBytesAfter).toBe(200_000_000);
  });
});

describe('OPTIMIZE costs', () => {
  // Like the 25.1 world's sensor_readings: 180 day partitions of 100 files of 1.6 MB each.
  const sensors = table(
    'lake.iot.sensors',
    [{ column: 'order_ts', transform: 'day' }],
    files({ files: 18_000, bytes: 28_800_000_000 }, 180),
  );
  const scan = buildJob({
    jobId: 's1',
    queriedDatasets: [sensors.path],
    bytesScanned: 28_800_000_000n,
    phases: { ...buildJob({ jobId: 'x' }).phases, runningMs: 30_000 },
  });
  const f = finding({ detector: 'small-files', subject: { kind: 'dataset', path: sensors.path } });

  it('packs each partition on its own and repeats only on the month of data landed since', () => {
    const [draft] = buildOptimizes(context([scan], { datasets: [sensors], findings: [f] }));
    // 160 MB partitions at a 256 MB target: one file each, 180 files (not 28.8 GB / 256 MiB = 108).
    expect(draft!.evidence.filesAfter).toBe(180);
    // One rewrite = 2 × a 30 s full scan = 60 000 ms; monthly on 30 of 180 partitions: 60 000 / 6 / 30.
    expect(draft!.cost.oneOffMs).toBe(60_000);
    expect(draft!.evidence.monthlyRewriteShare).toBeCloseTo(1 / 6, 10);
    expect(draft!.cost.refreshMsPerDay).toBeCloseTo(333.333, 2);
  });

  it("targets Dremio's 512 MB from 26.x and 256 MB before", () => {
    expect(defaultOptimizeTargetFileMb('26.0.1-202506')).toBe(512);
    expect(defaultOptimizeTargetFileMb('25.1.1-202409')).toBe(256);
    expect(defaultOptimizeTargetFileMb(null)).toBe(256);
    const { snapshot } = context([scan], { datasets: [sensors], findings: [f] });
    const [rec] = recommend([f], snapshot, { cluster: { kind: 'software', version: '26.0.1-202506' } });
    const draft = rec;
    expect(draft!.sql).toContain('TARGET_FILE_SIZE_MB = 512');
  });
});
