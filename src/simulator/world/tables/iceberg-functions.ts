/**
 * Iceberg metadata table functions (dremio-api.md §6.5): `table_files`, `table_partitions`,
 * `table_snapshot`, `table_history`. Files are generated lazily from the table's layout, so a
 * 24,000-file table costs nothing until scanned.
 */
import type { SimTable, SqlColumn, SqlRow, SqlType } from '../../world.js';
import type { SimTableDef } from '../model.js';
import { hash32 } from '../prng.js';
import { sqlTimestamp } from '../time-format.js';
import type { WorldState } from '../world-state.js';

export type IcebergFunction = 'table_files' | 'table_partitions' | 'table_snapshot' | 'table_history';

function columns(spec: string): SqlColumn[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [name = '', type = 'VARCHAR'] = item.split(':');
      return { name, type: type as SqlType };
    });
}

const FILES =
  columns(`content:INTEGER file_path file_format partition record_count:BIGINT file_size_in_bytes:BIGINT
  column_sizes:LIST value_counts:LIST null_value_counts:LIST nan_value_counts:LIST lower_bounds:LIST upper_bounds:LIST
  split_offsets:LIST equality_ids:LIST sort_order_id:INTEGER spec_id:INTEGER`);
const PARTITIONS = columns('partition record_count:BIGINT file_count:INTEGER spec_id:INTEGER');
const SNAPSHOTS = columns(
  'committed_at:TIMESTAMP snapshot_id:BIGINT parent_id:BIGINT operation manifest_list summary:LIST',
);
const HISTORY = columns(
  'made_current_at:TIMESTAMP snapshot_id:BIGINT parent_id:BIGINT is_current_ancestor:BOOLEAN',
);

function partitionCount(t: SimTableDef): number {
  return t.layout.partitionFields.reduce((n, f) => n * Math.max(1, f.partitionCount), 1);
}

function partitionLabel(t: SimTableDef, p: number): string {
  if (t.layout.partitionFields.length === 0) return '{}';
  return `{${t.layout.partitionFields.map((f) => `${f.column}_${f.transform}=${p % Math.max(1, f.partitionCount)}`).join(', ')}}`;
}

function snapshotId(t: SimTableDef, k: number): bigint {
  return BigInt(hash32(k, ...Array.from(t.path, (ch) => ch.charCodeAt(0)))) * 1_000_003n + BigInt(k);
}

function filesTable(t: SimTableDef): SimTable {
  const parts = partitionCount(t);
  const rowsPerFile = Math.max(1, Math.round(t.rowCount / t.layout.fileCount));
  const bytesPerFile = Math.max(1, Math.round(t.layout.totalBytes / t.layout.fileCount));
  const dir = `s3://acme-lake/${t.path.split('.').slice(1).join('/')}/data`;
  return {
    name: 'table_files',
    columns: FILES,
    naturalOrder: [],
    *scan() {
      for (let i = 0; i < t.layout.fileCount; i++) {
        const jitter = 0.8 + (hash32(i, t.layout.fileCount) % 400) / 1000;
        yield {
          content: 0,
          file_path: `${dir}/${String(i).padStart(6, '0')}-${hash32(i, 7).toString(16)}.parquet`,
          file_format: 'PARQUET',
          partition: partitionLabel(t, i % parts),
          record_count: Math.round(rowsPerFile * jitter),
          file_size_in_bytes: Math.round(bytesPerFile * jitter),
          column_sizes: null,
          value_counts: null,
          null_value_counts: null,
          nan_value_counts: null,
          lower_bounds: null,
          upper_bounds: null,
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
  const wanted = options.path.replace(/"/g, '').toLowerCase();
  const table = [...options.state.tables.values()].find((t) => t.path.toLowerCase() === wanted);
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
            manifest_list: `s3://acme-lake/${table.path.split('.').slice(1).join('/')}/metadata/snap-${s.id}.avro`,
            // SqlValue has no struct type: Dremio's {key, value} entries are rendered as `key=value`.
            summary: [
              `added-data-files=${Math.ceil(table.layout.fileCount / table.layout.snapshotCount)}`,
              `total-data-files=${table.layout.fileCount}`,
            ],
          })),
      };
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
