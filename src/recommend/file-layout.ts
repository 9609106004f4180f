import type { Dataset } from '../domain/dataset.js';
import { datasetBytes, datasetFileCount } from './dataset-columns.js';

// What a layout change does to a table's files, from its per-partition file statistics: OPTIMIZE packs
// each partition on its own, and a new partition field splits every existing partition.

const MIB = 1024 * 1024;
/** The small-files detector's first rung: files below it are "small" (small-files averageFileBytes). */
export const SMALL_FILE_BYTES = 64 * MIB;
/** Values assumed for a column worth partitioning on when its distinct count is not known. */
export const MIN_PARTITION_VALUES = 5;
/** OPTIMIZE's default TARGET_FILE_SIZE_MB: 512 from 26.x (fidelity-gaps "Dremio 25/26 facts"), 256 before. */
export function defaultOptimizeTargetFileMb(version: string | null | undefined): number {
  const major = version == null ? Number.NaN : Number.parseInt(version, 10);
  return Number.isFinite(major) && major >= 26 ? 512 : 256;
}

function partitionRows(dataset: Dataset) {
  return dataset.files.filter((f) => f.partition !== '');
}

/** Files after BIN_PACK to the target: each partition packs alone, so small partitions keep one file each. */
export function filesAfterCompaction(dataset: Dataset, targetBytes: number): number {
  const rows = partitionRows(dataset);
  if (rows.length > 0)
    return rows.reduce((n, r) => n + Math.max(1, Math.ceil(r.totalBytes / targetBytes)), 0);
  return Math.max(1, Math.ceil((datasetBytes(dataset) ?? 0) / targetBytes));
}

const TRANSFORM_PARTITIONS_PER_MONTH: Readonly<Record<string, number>> = { hour: 720, day: 30, month: 1 };

/**
 * The share of the table a monthly OPTIMIZE rewrites once the first one has run: BIN_PACK leaves files
 * within its size range alone, so only data landed since is rewritten. On a table partitioned by time
 * that is a month of partitions; otherwise the whole table is assumed (nothing tells how it grows).
 */
export function monthlyRewriteShare(dataset: Dataset): number {
  const partitions = partitionRows(dataset).length;
  const perMonth = dataset.partitionFields
    .map((f) => TRANSFORM_PARTITIONS_PER_MONTH[f.transform.toLowerCase()])
    .find((n) => n !== undefined);
  if (perMonth === undefined || partitions === 0) return 1;
  return Math.min(1, perMonth / partitions);
}

export interface SplitEstimate {
  /** Average file size today. */
  readonly averageFileBytes: number;
  /** Average file size once every existing partition is split by the new field's values. */
  readonly averageFileBytesAfter: number;
  readonly partitionsNow: number;
  readonly valuesAssumed: number;
}

/**
 * What adding an identity partition field with `values` distinct values does to the table's file sizes:
 * each writer writes one file per partition value it holds, so every file the table gets today is cut
 * into `values` files (and no file can outgrow its partition's share).
 */
export function splitEstimate(dataset: Dataset, values: number): SplitEstimate | undefined {
  const bytes = datasetBytes(dataset);
  const files = datasetFileCount(dataset);
  if (bytes === undefined || files === undefined || files === 0) return undefined;
  const partitionsNow = Math.max(1, partitionRows(dataset).length);
  const valuesAssumed = Math.max(MIN_PARTITION_VALUES, values);
  const averageFileBytes = bytes / files;
  return {
    averageFileBytes,
    averageFileBytesAfter: Math.min(averageFileBytes, bytes / partitionsNow) / valuesAssumed,
    partitionsNow,
    valuesAssumed,
  };
}
