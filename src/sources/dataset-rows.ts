import type { Dataset, FileStats, PartitionField } from '../domain/dataset.js';
import type { CatalogDataset } from '../dremio/catalog-entity.js';
import { type Fields, integer, text } from './field-values.js';

// Iceberg names a partition field `<column>_<transform>` (order_ts_day) or keeps the column for identity.
const TRANSFORM_SUFFIX = /^(.*)_(year|month|day|hour|bucket|trunc|truncate)$/;

/**
 * A dataset from its catalog entity, with its layout and file statistics. Partition fields come from the
 * partition keys Iceberg reports (`{order_ts_day=2024-01-01}`), else from the catalog's `isPartitioned`.
 */
export function datasetFromCatalog(entity: CatalogDataset, files: readonly FileStats[]): Dataset {
  const columns = entity.fields.map((f) => ({ name: f.name, type: f.type }));
  const fromFiles = partitionFieldsFromKeys(
    files.map((f) => f.partition),
    new Set(columns.map((c) => c.name.toLowerCase())),
  );
  const fromCatalog = entity.fields
    .filter((f) => f.isPartitioned === true)
    .map((f): PartitionField => ({ column: f.name, transform: 'identity' }));
  return {
    path: entity.path.join('.'),
    pathParts: entity.path,
    datasetId: entity.id,
    kind: entity.type,
    format: entity.format ?? null,
    viewSql: entity.viewSql ?? null,
    columns,
    partitionFields: fromFiles.length > 0 ? fromFiles : fromCatalog,
    files,
  };
}

/**
 * File statistics from `TABLE(table_files('…'))` rows: one entry per partition plus the table total
 * (partition ''), observed at `observedAt`.
 */
export function fileStatsFromTableFiles(rows: Iterable<Fields>, observedAt: Date): readonly FileStats[] {
  const byPartition = new Map<string, { files: number; bytes: number; records: number }>();
  const total = { files: 0, bytes: 0, records: 0 };
  for (const row of rows) {
    if (text(row, 'content') !== null && text(row, 'content') !== '0' && text(row, 'content') !== 'DATA')
      continue;
    const bytes = Number(integer(row, 'file_size_in_bytes') ?? 0n);
    const records = Number(integer(row, 'record_count') ?? 0n);
    const key = text(row, 'partition') ?? '';
    const entry = byPartition.get(key) ?? { files: 0, bytes: 0, records: 0 };
    entry.files++;
    entry.bytes += bytes;
    entry.records += records;
    byPartition.set(key, entry);
    total.files++;
    total.bytes += bytes;
    total.records += records;
  }
  const partitions = [...byPartition.entries()]
    .filter(([key]) => key !== '' && key !== '{}')
    .map(([partition, s]) => ({
      observedAt,
      partition,
      fileCount: s.files,
      totalBytes: s.bytes,
      recordCount: s.records,
    }));
  return [
    {
      observedAt,
      partition: '',
      fileCount: total.files,
      totalBytes: total.bytes,
      recordCount: total.records,
    },
    ...partitions,
  ];
}

function partitionFieldsFromKeys(
  keys: readonly string[],
  columns: ReadonlySet<string>,
): readonly PartitionField[] {
  const sample = keys.find((k) => k !== '' && k !== '{}');
  if (sample === undefined) return [];
  const names = sample
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter((n) => n !== '');
  return names.map((name) => {
    if (columns.has(name.toLowerCase())) return { column: name, transform: 'identity' };
    const m = TRANSFORM_SUFFIX.exec(name);
    return m === null
      ? { column: name, transform: 'identity' }
      : { column: m[1]!, transform: m[2] === 'trunc' ? 'truncate' : m[2]! };
  });
}
