import { z } from 'zod';
import type { Dataset, FileStats } from '../../domain/dataset.js';
import { datasetPathKey } from '../../domain/dataset-path.js';
import type { ThresholdCrossed } from '../../domain/finding.js';
import { formatBytes, formatCount } from '../../domain/units.js';
import type {
  DetectorThresholds,
  FindingDraft,
  JobContext,
  WorkloadDetector,
  WorkloadSnapshot,
} from '../detector.js';
import { ascending, descending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface SmallFilesThresholds extends DetectorThresholds {
  /** Average data file size of the table (descending: smaller is worse). */
  readonly averageFileBytes: Ladder;
  /** Data files in the table: a handful of small files costs nothing, thousands cost planning and I/O. */
  readonly fileCount: Ladder;
  /** Fewest files in a partition worth compacting (Dremio OPTIMIZE's MIN_INPUT_FILES). */
  readonly minFiles: number;
  /** OPTIMIZE's target file size; files under `smallFileRatio` × target are rewritten. */
  readonly targetFileBytes: number;
  readonly smallFileRatio: number;
}

export type SmallFilesEvidence = {
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly averageFileBytes: number;
  readonly observedAt: string;
  readonly partitionCount: number;
  /** Partitions with at least minFiles files averaging under smallFileRatio × targetFileBytes. */
  readonly smallFilePartitions: number;
  readonly worstPartition: string | null;
  readonly worstPartitionFileCount: number | null;
  readonly worstPartitionAverageFileBytes: number | null;
  readonly optimizeSmallFileBytes: number;
  readonly scanningJobs: number;
  readonly scanMs: number;
  readonly durationMs: number;
  readonly timeShare: number;
  readonly thresholds: readonly ThresholdCrossed[];
};

const MIB = 1024 * 1024;

const defaults: SmallFilesThresholds = {
  // OPTIMIZE rewrites files under 0.75 × 256 MB, but a 100 MB average is healthy for scans; the rungs follow the
  // zbel plan (< 64 MB) and Dr. Elephant's 1/8-block damping (16 MB of a 128 MB block) down to 4 MB.
  averageFileBytes: descending(64 * MIB, 32 * MIB, 16 * MIB, 4 * MIB),
  // Dr. Elephant damps its short-task (small-input) severity by task count 50, 101, 500, 1000.
  fileCount: ascending(50, 100, 500, 1_000),
  minFiles: 5,
  targetFileBytes: 256 * MIB,
  smallFileRatio: 0.75,
  // The layout is a fact of the table: reported even when today's workload scans it little, with severity
  // damped by the scan time at stake.
  stake: { ...DEFAULT_STAKE, minImpactMsPerDay: 0 },
};

const schema = z.object({
  averageFileBytes: ladderSchema,
  fileCount: ladderSchema,
  minFiles: z.number().int().nonnegative(),
  targetFileBytes: z.number().positive(),
  smallFileRatio: z.number().positive().max(1),
  stake: stakeThresholdsSchema,
});

/** The newest observation per partition ('' = the table total). */
function latestByPartition(files: readonly FileStats[]): Map<string, FileStats> {
  const latest = new Map<string, FileStats>();
  for (const f of files) {
    const seen = latest.get(f.partition);
    if (seen === undefined || f.observedAt.getTime() > seen.observedAt.getTime()) latest.set(f.partition, f);
  }
  return latest;
}

function tableTotal(latest: ReadonlyMap<string, FileStats>): FileStats | undefined {
  const total = latest.get('');
  if (total !== undefined) return total;
  const parts = [...latest.values()];
  if (parts.length === 0) return undefined;
  return {
    observedAt: new Date(Math.max(...parts.map((p) => p.observedAt.getTime()))),
    partition: '',
    fileCount: parts.reduce((s, p) => s + p.fileCount, 0),
    totalBytes: parts.reduce((s, p) => s + p.totalBytes, 0),
    recordCount: null,
  };
}

/** Scan time on the dataset: the scans' share of each profile's operator time, else the running time. */
function scanTime(dataset: Dataset, jobs: readonly JobContext[]) {
  const key = datasetPathKey(dataset.path);
  let scanMs = 0;
  let durationMs = 0;
  let scanningJobs = 0;
  for (const c of jobs) {
    const scans =
      c.profile?.scans.filter((s) => s.table !== undefined && datasetPathKey(s.table) === key) ?? [];
    const readsIt = scans.length > 0 || c.job.scannedDatasets.some((d) => datasetPathKey(d) === key);
    if (!readsIt) continue;
    const runMs = c.job.durationMs ?? c.profile?.durationMs ?? 0;
    scanningJobs++;
    durationMs += runMs;
    if (c.profile !== undefined && scans.length > 0 && c.profile.totalProcessNanos > 0) {
      const nanos = scans.reduce((s, scan) => s + scan.processNanos + scan.waitNanos, 0);
      scanMs += runMs * Math.min(1, nanos / c.profile.totalProcessNanos);
    } else if (c.profile === undefined) {
      scanMs += c.job.phases.runningMs ?? 0;
    }
  }
  return { scanMs, durationMs, scanningJobs };
}

function detectDataset(
  dataset: Dataset,
  snapshot: WorkloadSnapshot,
  thresholds: SmallFilesThresholds,
): FindingDraft<SmallFilesEvidence> | undefined {
  const latest = latestByPartition(dataset.files);
  const total = tableTotal(latest);
  if (total === undefined || total.fileCount === 0) return undefined;
  const averageFileBytes = total.totalBytes / total.fileCount;
  const smallBytes = thresholds.smallFileRatio * thresholds.targetFileBytes;
  const partitions = [...latest.values()].filter((p) => p.partition !== '');
  const small = partitions.filter(
    (p) => p.fileCount >= thresholds.minFiles && p.totalBytes / p.fileCount < smallBytes,
  );
  const worst = [...small].sort((a, b) => a.totalBytes / a.fileCount - b.totalBytes / b.fileCount)[0];
  const { scanMs, durationMs, scanningJobs } = scanTime(dataset, snapshot.jobs);
  const impactMsPerDay = scanMs / Math.max(snapshot.window.days, 1 / 24);
  const timeShare = durationMs > 0 ? scanMs / durationMs : 0;
  const assessment = assess({
    symptoms: [
      {
        quantity: 'averageFileBytes',
        value: averageFileBytes,
        unit: 'bytes',
        ladder: thresholds.averageFileBytes,
      },
      { quantity: 'fileCount', value: total.fileCount, unit: 'files', ladder: thresholds.fileCount },
    ],
    timeShare,
    impactMsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    confidence: scanningJobs > 0 ? 0.9 : 0.6,
    title: `${dataset.path} holds ${formatCount(total.fileCount)} files averaging ${formatBytes(averageFileBytes)}`,
    subject: { kind: 'dataset', path: dataset.path },
    jobIds: [],
    impactMsPerDay,
    evidence: {
      fileCount: total.fileCount,
      totalBytes: total.totalBytes,
      averageFileBytes,
      observedAt: total.observedAt.toISOString(),
      partitionCount: partitions.length,
      smallFilePartitions: small.length,
      worstPartition: worst?.partition ?? null,
      worstPartitionFileCount: worst?.fileCount ?? null,
      worstPartitionAverageFileBytes: worst === undefined ? null : worst.totalBytes / worst.fileCount,
      optimizeSmallFileBytes: smallBytes,
      scanningJobs,
      scanMs,
      durationMs,
      timeShare,
      thresholds: assessment.thresholds,
    },
  };
}

function detect(snapshot: WorkloadSnapshot, thresholds: SmallFilesThresholds): readonly FindingDraft[] {
  return [...snapshot.datasets.values()].flatMap((d) => detectDataset(d, snapshot, thresholds) ?? []);
}

/** A table fragmented into many small data files, scanned enough for it to matter. */
export const smallFilesDetector: WorkloadDetector<SmallFilesThresholds> = {
  id: 'small-files',
  scope: 'workload',
  title: 'Many small files',
  rule:
    "From the dataset's latest file statistics (Iceberg table_files), divides total bytes by file count. Flags " +
    'a table whose average file size reaches the lowest (descending) rung and whose file count reaches the lowest ' +
    'file-count rung (severity is the lower of the two), and reports how ' +
    'many partitions OPTIMIZE would rewrite (≥ minFiles files under smallFileRatio × targetFileBytes). The time at ' +
    "stake is the workload's scan time on the table (the scans' share of each profile's operator time).",
  needs: ['datasets', 'dataset-files'],
  defaults,
  schema,
  detect,
};
