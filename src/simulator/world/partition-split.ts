/**
 * What a new partition field does to a table's files, as on Iceberg once the data is rewritten
 * under the new spec: every writer task writes one file per partition it sees, so each data file is
 * split into as many files as the field has values, down to files of a few thousand rows. Filters on
 * the new column then prune; every other query opens (and plans) all those extra small files.
 */
import type { PartitionField, PartitionTransform, SimTableDef, TableColumn } from './model.js';

/** Below this a file is no longer split: a writer flushes at least a row group's worth per file. */
export const MIN_ROWS_PER_FILE = 10_000;

/** Distinct values of a column, guessed from its type and name (the world has no statistics). */
function distinctValues(table: SimTableDef, column: TableColumn): number {
  const rows = table.rowCount;
  if (column.type === 'BOOLEAN') return 2;
  if (column.type === 'DATE') return Math.min(rows, 730);
  if (/_id$|_ts$|email|phone|ip_address|tracking/.test(column.name)) return rows;
  if (column.type === 'TIMESTAMP' || column.type === 'DECIMAL' || column.type === 'DOUBLE') return rows;
  if (column.type === 'BIGINT' || column.type === 'INTEGER') return Math.min(rows, 1_000);
  // Low-cardinality text (status, region, channel): the simulator's historical default.
  return Math.min(rows, 64);
}

const TIME_BUCKETS: Readonly<Record<PartitionTransform, number>> = {
  identity: Number.POSITIVE_INFINITY,
  bucket: Number.POSITIVE_INFINITY,
  year: 3,
  month: 36,
  day: 730,
  hour: 730 * 24,
};

export function partitionCountFor(
  table: SimTableDef,
  column: TableColumn,
  transform: PartitionTransform,
  width?: number,
): number {
  const distinct = distinctValues(table, column);
  const count =
    transform === 'bucket' ? Math.min(distinct, width ?? 16) : Math.min(distinct, TIME_BUCKETS[transform]);
  return Math.max(1, Math.round(count));
}

/** The layout after adding `field`: files split per partition, never below `MIN_ROWS_PER_FILE` rows. */
export function splitFileCount(table: SimTableDef, field: PartitionField): number {
  const { fileCount } = table.layout;
  const floor = Math.max(fileCount, Math.ceil(table.rowCount / MIN_ROWS_PER_FILE));
  return Math.min(fileCount * field.partitionCount, floor);
}
