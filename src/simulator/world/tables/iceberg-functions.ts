/**
 * Iceberg metadata table functions (dremio-api.md §6.5, corrected by fidelity-gaps): `table_files`,
 * `table_partitions`, `table_snapshot`, `table_history`, `table_manifests`. Files are generated
 * lazily from the table's layout, so a 24,000-file table costs nothing until scanned. Maps are
 * lists of `{key, value}` structs and partition values are Iceberg's transform results (days since
 * the epoch for `day`), as Dremio prints them.
 */
import { splitDottedPath } from '../../../sql/table-path.js';
import type { SimTable, SqlColumn, SqlRow, SqlType, SqlValue } from '../../world.js';
import { pathParts, sameParts } from '../dataset-path.js';
import type { SimTableDef } from '../model.js';
import { hash32 } from '../prng.js';
import { sqlTimestamp } from '../time-format.js';
import type { WorldState } from '../world-state.js';

export type IcebergFunction =
  | 'table_files'
  | 'table_partitions'
  | 'table_snapshot'
  | 'table_history'
  | 'table_manifests';

function columns(spec: string): SqlColumn[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [name = '', type = 'VARCHAR'] = item.split(':');
      return { name, type: type as SqlType };
    });
}

const FILES = columns(`content file_path file_format partition record_count:BIGINT file_size_in_bytes:BIGINT
  column_sizes:LIST value_counts:LIST null_value_counts:LIST nan_value_counts:LIST lower_bounds:LIST upper_bounds:LIST
  split_offsets:LIST equality_ids:LIST sort_order_id:INTEGER spec_id:INTEGER`);
const PARTITIONS = columns('partition record_count:BIGINT file_count:INTEGER spec_id:INTEGER');
const SNAPSHOTS = columns(
  'committed_at:TIMESTAMP snapshot_id:BIGINT parent_id:BIGINT operation manifest_list summary:LIST',
);
const MANIFESTS = columns(
  'path length:BIGINT partition_spec_id:INTEGER added_snapshot_id:BIGINT added_data_files_count:INTEGER ' +
    'existing_data_files_count:INTEGER deleted_data_files_count:INTEGER partition_summaries:LIST',
);
const MANIFEST_FILES = 400;
/** Iceberg keeps column metrics for the first 100 columns only. */
const METRICS_COLUMNS = 100;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HISTORY = columns(
  'made_current_at:TIMESTAMP snapshot_id:BIGINT parent_id:BIGINT is_current_ancestor:BOOLEAN',
);

function partitionCount(t: SimTableDef): number {
  return t.layout.partitionFields.reduce((n, f) => n * Math.max(1, f.partitionCount), 1);
}

/** The value Iceberg's transform gives the p-th newest partition, counted back from the last change. */
function transformValue(
  t: SimTableDef,
  field: SimTableDef['layout']['partitionFields'][number],
  p: number,
): number {
  const back = field.partitionCount - 1 - (p % Math.max(1, field.partitionCount));
  const at = new Date(t.layout.lastChangeMs);
  switch (field.transform) {
    case 'day':
      return Math.floor(t.layout.lastChangeMs / DAY_MS) - back;
    case 'hour':
      return Math.floor(t.layout.lastChangeMs / HOUR_MS) - back;
    case 'month':
      return (at.getUTCFullYear() - 1970) * 12 + at.getUTCMonth() - back;
    case 'year':
      return at.getUTCFullYear() - 1970 - back;
    default:
      return p % Math.max(1, field.partitionCount);
  }
}

function partitionLabel(t: SimTableDef, p: number): string {
  if (t.layout.partitionFields.length === 0) return '{}';
  const values = t.layout.partitionFields.map((f) => {
    const name = f.transform === 'identity' ? f.column : `${f.column}_${f.transform}`;
    return `${name}=${transformValue(t, f, p)}`;
  });
  return `{${values.join(', ')}}`;
}

/** Iceberg's per-column maps, field id → value, for the columns it keeps metrics for. */
function columnMetrics(t: SimTableDef, value: (fieldId: number) => SqlValue): SqlValue {
  return t.columns.slice(0, METRICS_COLUMNS).map((_, i) => ({ key: i + 1, value: value(i + 1) }));
}

function snapshotId(t: SimTableDef, k: number): bigint {
  return BigInt(hash32(k, ...Array.from(t.path, (ch) => ch.charCodeAt(0)))) * 1_000_003n + BigInt(k);
}

function filesTable(t: SimTableDef): SimTable {
  const parts = partitionCount(t);
  const rowsPerFile = Math.max(1, Math.round(t.rowCount / t.layout.fileCount));
  const bytesPerFile = Math.max(1, Math.round(t.layout.totalBytes / t.layout.fileCount));
  const dir = `s3://acme-lake/${pathParts(t.path).slice(1).join('/')}/data`;
  return {
    name: 'table_files',
    columns: FILES,
    naturalOrder: [],
    *scan() {
      for (let i = 0; i < t.layout.fileCount; i++) {
        const jitter = 0.8 + (hash32(i, t.layout.fileCount) % 400) / 1000;
        yield {
          content: 'DATA',
          file_path: `${dir}/${String(i).padStart(6, '0')}-${hash32(i, 7).toString(16)}.parquet`,
          file_format: 'PARQUET',
          partition: partitionLabel(t, i % parts),
          record_count: Math.round(rowsPerFile * jitter),
          file_size_in_bytes: Math.round(bytesPerFile * jitter),
          column_sizes: columnMetrics(t, () => Math.round((bytesPerFile * jitter) / t.columns.length)),
          value_counts: columnMetrics(t, () => Math.round(rowsPerFile * jitter)),
          null_value_counts: columnMetrics(t, () => 0),
          nan_value_counts: null,
          lower_bounds: columnMetrics(t, (id) => `min-${id}`),
          upper_bounds: columnMetrics(t, (id) => `max-${id}`),
          split_offsets: [4],
          equality_ids: null,
          sort_order_id: 0,
          spec_id: t.layout.partitionFields.length > 0 ? 1 : 0,
        } satisfies SqlRow;
      }
    },
  };
}

function partitionsTable(t: SimTableDef): SimTable {
  const parts = Math.min(partitionCount(t), t.layout.fileCount);
  return {
    name: 'table_partitions',
    columns: PARTITIONS,
    naturalOrder: [],
    *scan() {
      for (let p = 0; p < parts; p++) {
        const files = Math.floor(t.layout.fileCount / parts) + (p < t.layout.fileCount % parts ? 1 : 0);
        yield {
          partition: partitionLabel(t, p),
          record_count: Math.round((t.rowCount * files) / t.layout.fileCount),
          file_count: files,
          spec_id: t.layout.partitionFields.length > 0 ? 1 : 0,
        };
      }
    },
  };
}

function manifestsTable(t: SimTableDef, currentSnapshot: bigint): SimTable {
  const count = Math.max(1, Math.ceil(t.layout.fileCount / MANIFEST_FILES));
  const dir = `s3://acme-lake/${pathParts(t.path).slice(1).join('/')}/metadata`;
  return {
    name: 'table_manifests',
    columns: MANIFESTS,
    naturalOrder: [],
    *scan() {
      for (let m = 0; m < count; m++) {
        const files = Math.min(MANIFEST_FILES, t.layout.fileCount - m * MANIFEST_FILES);
        yield {
          path: `${dir}/${hash32(m, t.layout.fileCount).toString(16)}-m${m}.avro`,
          length: BigInt(8_000 + files * 600),
          partition_spec_id: t.layout.partitionFields.length > 0 ? 1 : 0,
          added_snapshot_id: currentSnapshot,
          added_data_files_count: files,
          existing_data_files_count: 0,
          deleted_data_files_count: 0,
          partition_summaries: null,
        };
      }
    },
  };
}

function snapshotRows(t: SimTableDef): { at: number; id: bigint; parent: bigint | null }[] {
  const n = t.layout.snapshotCount;
  return Array.from({ length: n }, (_, k) => ({
    at: t.layout.lastChangeMs - (n - 1 - k) * 86_400_000,
    id: snapshotId(t, k),
    parent: k === 0 ? null : snapshotId(t, k - 1),
  }));
}

export function icebergFunctionTable(options: {
  readonly fn: IcebergFunction;
  readonly path: string;
  readonly state: WorldState;
  readonly seed: number;
}): SimTable | undefined {
  // The argument is a SQL path: quoted parts may hold dots, so compare parts, not joined text.
  const wanted = splitDottedPath(options.path).map((part) => part.toLowerCase());
  const table = [...options.state.tables.values()].find((t) => {
    return sameParts(pathParts(t.path), wanted);
  });
  if (table?.format !== 'Iceberg') return undefined;
  switch (options.fn) {
    case 'table_files':
      return filesTable(table);
    case 'table_partitions':
      return partitionsTable(table);
    case 'table_snapshot':
      return {
        name: 'table_snapshot',
        columns: SNAPSHOTS,
        naturalOrder: [],
        scan: () =>
          snapshotRows(table).map((s, k) => ({
            committed_at: sqlTimestamp(s.at),
            snapshot_id: s.id,
            parent_id: s.parent,
            operation: k === 0 ? 'append' : k === table.layout.snapshotCount - 1 ? 'replace' : 'append',
            manifest_list: `s3://acme-lake/${pathParts(table.path).slice(1).join('/')}/metadata/snap-${s.id}.avro`,
            summary: [
              {
                key: 'added-data-files',
                value: String(Math.ceil(table.layout.fileCount / table.layout.snapshotCount)),
              },
              { key: 'total-data-files', value: String(table.layout.fileCount) },
            ],
          })),
      };
    case 'table_manifests':
      return manifestsTable(table, snapshotId(table, table.layout.snapshotCount - 1));
    case 'table_history':
      return {
        name: 'table_history',
        columns: HISTORY,
        naturalOrder: [],
        scan: () =>
          snapshotRows(table).map((s) => ({
            made_current_at: sqlTimestamp(s.at),
            snapshot_id: s.id,
            parent_id: s.parent,
            is_current_ancestor: true,
          })),
      };
  }
}
