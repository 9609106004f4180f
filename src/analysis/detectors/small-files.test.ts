import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../test/support/job-builder.js';
import { buildProfileSummary, buildScan, NO_STAKE } from '../../../test/support/profile-builder.js';
import type { Dataset, FileStats } from '../../domain/dataset.js';
import type { JobRecord } from '../../domain/job.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import { buildSnapshot } from '../build-snapshot.js';
import type { WorkloadSnapshot } from '../detector.js';
import { type SmallFilesEvidence, type SmallFilesThresholds, smallFilesDetector } from './small-files.js';

const END = new Date('2026-11-01T00:00:00.000Z');
const MIB = 1024 * 1024;
const TABLE = 'src.web.events';

function stats(partition: string, fileCount: number, averageBytes: number, observedAt = END): FileStats {
  return { observedAt, partition, fileCount, totalBytes: fileCount * averageBytes, recordCount: null };
}

function dataset(files: readonly FileStats[]): Dataset {
  return {
    path: TABLE,
    pathParts: TABLE.split('.'),
    datasetId: 'd-1',
    kind: 'table',
    format: 'Iceberg',
    viewSql: null,
    columns: [{ name: 'event_ts', type: 'TIMESTAMP' }],
    partitionFields: [{ column: 'event_ts', transform: 'day' }],
    files,
  };
}

/** `scans` jobs over one day, each 10 s long with half its operator time in the scan of the table. */
function snapshot(files: readonly FileStats[], scans = 10, withProfiles = true): WorkloadSnapshot {
  const jobs: JobRecord[] = [];
  const profiles = new Map<string, ProfileSummary>();
  for (let i = 0; i < scans; i++) {
    const job = buildJob({ jobId: `job-${i}`, durationMs: 10_000, scannedDatasets: [TABLE] });
    jobs.push(job);
    if (withProfiles)
      profiles.set(
        job.jobId,
        buildProfileSummary({
          jobId: job.jobId,
          totalProcessNanos: 2e9,
          scans: [buildScan({ key: '02-02', table: TABLE, processNanos: 0.9e9, waitNanos: 0.1e9 })],
        }),
      );
  }
  return buildSnapshot({
    window: { from: new Date(END.getTime() - 86_400_000), to: END, days: 1 },
    jobs,
    profiles,
    facts: () => undefined,
    datasets: new Map([[TABLE, dataset(files)]]),
    reflections: [],
  });
}

const UNDAMPED: SmallFilesThresholds = { ...smallFilesDetector.defaults, stake: NO_STAKE };

function findOne(s: WorkloadSnapshot, thresholds = UNDAMPED) {
  const findings = smallFilesDetector.detect(s, thresholds);
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

describe('small-files', () => {
  const rungs = [
    { name: 'low at a 64 MiB average', averageBytes: 64 * MIB, severity: 'low' },
    { name: 'medium at 32 MiB', averageBytes: 32 * MIB, severity: 'medium' },
    { name: 'high at 16 MiB', averageBytes: 16 * MIB, severity: 'high' },
    { name: 'critical at 4 MiB', averageBytes: 4 * MIB, severity: 'critical' },
  ] as const;
  for (const rung of rungs) {
    it(rung.name, () => {
      expect(findOne(snapshot([stats('', 2_000, rung.averageBytes)]))?.severity).toBe(rung.severity);
    });
  }

  it('does not fire just above the lowest rung (65 MiB) or on a healthy 123 MiB average', () => {
    expect(findOne(snapshot([stats('', 2_000, 65 * MIB)]))).toBeUndefined();
    expect(findOne(snapshot([stats('', 3_650, 123 * MIB)]))).toBeUndefined();
  });

  it('needs enough files: 49 tiny files are fine, 50 are low, whatever their size', () => {
    expect(findOne(snapshot([stats('', 49, 1 * MIB)]))).toBeUndefined();
    expect(findOne(snapshot([stats('', 50, 1 * MIB)]))?.severity).toBe('low');
    expect(findOne(snapshot([stats('', 500, 1 * MIB)]))?.severity).toBe('high');
  });

  it('reports table and partition statistics and the scan time on the table', () => {
    const files = [
      stats('', 1_000, 2 * MIB),
      stats('{day=1}', 600, 2 * MIB),
      stats('{day=2}', 400, 1.5 * MIB),
      stats('{day=3}', 3, 1 * MIB),
    ];
    const f = findOne(snapshot(files))!;
    expect(f.subject).toEqual({ kind: 'dataset', path: TABLE });
    expect(f.evidence as SmallFilesEvidence).toMatchObject({
      fileCount: 1_000,
      totalBytes: 2_000 * MIB,
      averageFileBytes: 2 * MIB,
      partitionCount: 3,
      smallFilePartitions: 2,
      worstPartition: '{day=2}',
      worstPartitionFileCount: 400,
      worstPartitionAverageFileBytes: 1.5 * MIB,
      optimizeSmallFileBytes: 192 * MIB,
      scanningJobs: 10,
      scanMs: 50_000,
      durationMs: 100_000,
      timeShare: 0.5,
    });
    expect(f.impactMsPerDay).toBe(50_000);
  });

  it('uses the newest observation and sums partitions when the table total is missing', () => {
    const old = new Date(END.getTime() - 86_400_000);
    const files = [
      stats('{day=1}', 800, 2 * MIB),
      stats('{day=2}', 800, 2 * MIB),
      stats('{day=2}', 10, 200 * MIB, old),
    ];
    expect((findOne(snapshot(files))?.evidence as SmallFilesEvidence | undefined)?.fileCount).toBe(1_600);
  });

  it('damps a badly fragmented table the workload hardly scans', () => {
    const f = findOne(snapshot([stats('', 20_000, 2 * MIB)], 1), smallFilesDetector.defaults);
    expect(f?.severity).toBe('low');
  });

  it('falls back to running time without profiles, and to nothing without file statistics', () => {
    const f = findOne(snapshot([stats('', 2_000, 2 * MIB)], 2, false))!;
    expect((f.evidence as SmallFilesEvidence).scanMs).toBe(2 * 1_000);
    expect(findOne(snapshot([]))).toBeUndefined();
  });
});
