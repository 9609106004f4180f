/**
 * An Iceberg/Parquet scan as Dremio 24+ plans it: manifest list → split generation → round-robin
 * exchange → DATA_FILE_SCAN table function, plus a Filter for row-level predicates. Partition
 * predicates become manifest filter expressions and cut the files read; without one every file is
 * a split (the partition-pruning anti-pattern).
 */

import { pathParts } from '../dataset-path.js';
import type { SimTableDef } from '../model.js';
import { hash32 } from '../prng.js';
import { COST } from './cost-rates.js';
import type { PlanContext } from './plan-context.js';
import { columnsOf, estimate, spread } from './plan-context.js';
import type { PlanNode } from './plan-node.js';
import { exchange, filter, makeNode } from './plan-nodes.js';

export interface ScanFilter {
  readonly column: string;
  /** Plan operator and literal, e.g. `>=` and `2024-05-01 00:00:00`. */
  readonly op: '=' | '>=' | '<' | 'LIKE' | '<>';
  readonly literal: string;
  /** Fraction of rows kept; on a partition column also the fraction of partitions kept. */
  readonly selectivity: number;
}

export interface ScanRequest {
  /** A dataset path, or a table definition for reflection materializations under `__accelerator`. */
  readonly table: string | SimTableDef;
  readonly columns: readonly string[];
  readonly filters: readonly ScanFilter[];
  /** Planner error on the row-level filter's estimate (row-estimate anti-pattern). */
  readonly filterEstimateOffBy?: number;
}

export interface ScanResult {
  readonly node: PlanNode;
  readonly filesRead: number;
  readonly rowsRead: number;
  readonly pruned: boolean;
  /** True when the table is partitioned and no filter reached its partition columns. */
  readonly unprunedPartitionedScan: boolean;
}

const MANIFEST_FILES_PER_MANIFEST = 400;

function quotedPath(path: string): string {
  return pathParts(path)
    .map((part) => (/^[a-z_][a-z0-9_]*$/i.test(part) ? part : `"${part.replaceAll('"', '""')}"`))
    .join('.');
}

export function scanChain(c: PlanContext, request: ScanRequest): ScanResult {
  const table = typeof request.table === 'string' ? c.table(request.table) : request.table;
  const partitionColumns = new Set(table.layout.partitionFields.map((f) => f.column));
  const partitionFilters = request.filters.filter((f) => partitionColumns.has(f.column));
  const rowFilters = request.filters.filter((f) => !partitionColumns.has(f.column));
  const clusterFilters = clusteringFilters(table, rowFilters);
  const keep =
    partitionFilters.reduce((k, f) => k * f.selectivity, 1) *
    clusterFilters.reduce((k, f) => k * clusteredKeep(table, f), 1);
  const pruned = partitionFilters.length > 0 || clusterFilters.length > 0;
  const filesRead = Math.max(1, Math.round(table.layout.fileCount * keep));
  const manifests = Math.max(1, Math.ceil((table.layout.fileCount * keep) / MANIFEST_FILES_PER_MANIFEST));
  const rowsRead = Math.max(1, Math.round(table.rowCount * keep * c.rng.range(0.985, 1.015)));
  const columns = columnsOf(table, request.columns);
  const bytesRead = Math.round(
    table.layout.totalBytes *
      keep *
      (request.columns.length / table.columns.length) *
      c.rng.range(0.95, 1.05),
  );
  const path = (): string => quotedPath(table.path);
  const columnList = (): string => columns.map((col) => `\`${col.name}\``).join(', ');
  const manifestExpr = (): string =>
    partitionFilters.map((f) => `ref(name="${f.column}") ${f.op} ${f.literal}`).join(' and ');
  const listPruned = partitionFilters.length > 0;
  const listText = (): string =>
    `IcebergManifestList(table=[${path()}], snapshot=[${snapshotId(table.path, table.layout.lastChangeMs)}], ` +
    `columns=[${columnList()}], splits=[${filesRead}], metadataFileLocation=[${metadataLocation(table.path)}]` +
    (listPruned
      ? table.format === 'Iceberg'
        ? `, ManifestList Filter Expression =[${manifestExpr()}]`
        : `, partitionFilters=[${manifestExpr()}]`
      : '') +
    ', manifestContent=[DATA])';
  const manifestList = makeNode('manifest-list', listText, [], {
    outRows: manifests,
    estRows: manifests,
    columns,
    processNs: manifests * COST.manifestNs,
    waitNs: manifests * COST.fileOpenWaitNs,
  });
  // File-level bounds filter manifests on any column with metrics, clustering keys included.
  const fileExpr = (): string =>
    [...partitionFilters, ...clusterFilters]
      .map((f) => `ref(name="${f.column}") ${f.op} ${f.literal}`)
      .join(' and ');
  const splitText =
    `TableFunction(columns=[${columnList()}], Table Function Type=[SPLIT_GEN_MANIFEST_SCAN]` +
    (pruned && table.format === 'Iceberg' ? `, ManifestFile Filter AnyColExpression=[(${fileExpr()})]` : '') +
    ')';
  const splitGen = makeNode('split-gen', splitText, [manifestList], {
    outRows: filesRead,
    estRows: filesRead,
    columns,
    processNs: manifests * COST.manifestNs + filesRead * COST.splitNs,
  });
  const splitMinors = Math.min(4, manifests);
  const distributed = exchange(c, 'round-robin', splitGen, spread(c, splitMinors));
  const scanText = (): string =>
    `TableFunction(columns=[${columnList()}], Table Function Type=[DATA_FILE_SCAN], table=[${path()}])`;
  const withScanFacts = makeNode('data-file-scan', scanText, [distributed], {
    outRows: rowsRead,
    estRows: estimate(c, rowsRead),
    columns,
    processNs: rowsRead * COST.scanNsPerRow + bytesRead * COST.scanNsPerByte,
    waitNs: filesRead * COST.fileOpenWaitNs,
    peakMemoryBytes: 12_000_000 + columns.length * 1_048_576,
    scan: { datasetPath: table.path, filesRead, bytesRead, manifestsRead: manifests, pruned },
  });
  const node =
    rowFilters.length === 0
      ? withScanFacts
      : filter(c, withScanFacts, {
          condition: rowFilters
            .map((f) => `${f.op}($${Math.max(0, request.columns.indexOf(f.column))}, ${f.literal})`)
            .join(', '),
          selectivity: rowFilters.reduce((k, f) => k * f.selectivity, 1),
          ...(request.filterEstimateOffBy ? { estimateOffBy: request.filterEstimateOffBy } : {}),
        });
  return {
    node,
    filesRead,
    rowsRead,
    pruned,
    unprunedPartitionedScan: partitionColumns.size > 0 && !pruned,
  };
}

/** Filters that can skip files of a clustered table: equality or range on a clustering key, not LIKE. */
function clusteringFilters(table: SimTableDef, filters: readonly ScanFilter[]): ScanFilter[] {
  const keys = table.layout.clusteringColumns ?? [];
  return filters.filter((f) => keys.includes(f.column) && (f.op === '=' || f.op === '>=' || f.op === '<'));
}

/**
 * Share of a clustered table's files a filter on one of its keys still reads. Clustering interleaves
 * its keys (a space-filling curve), so files are tight on the first key and looser on later ones, and
 * neighbouring values share boundary files: never better than the filter's own selectivity.
 */
function clusteredKeep(table: SimTableDef, f: ScanFilter): number {
  const keys = table.layout.clusteringColumns ?? [];
  const looseness = 1.25 * keys.indexOf(f.column) + 1.25;
  return Math.min(1, f.selectivity * looseness + 1 / Math.max(1, table.layout.fileCount));
}

function snapshotId(path: string, lastChangeMs: number): string {
  const salt = hash32(lastChangeMs % 2_147_483_647, ...Array.from(path, (ch) => ch.charCodeAt(0)));
  return String(
    4_000_000_000_000_000_000n + BigInt(salt) * 1_000_000_000n + BigInt(lastChangeMs % 1_000_000_000),
  );
}

function metadataLocation(path: string): string {
  const parts = pathParts(path);
  return `s3://acme-lake/${parts.slice(1).join('/')}/metadata/00042-${parts.length}f1c.metadata.json`;
}

/** Rows per Parquet row group; each row group is a split a minor fragment can read on its own. */
const ROWS_PER_ROW_GROUP = 1_000_000;

/** A minor-fragment count for a scan: one per split (file or row group), up to the engine width. */
export function minorsFor(c: PlanContext, scan: ScanResult): number {
  const rowGroups = Math.ceil(scan.rowsRead / ROWS_PER_ROW_GROUP);
  return Math.max(1, Math.min(c.width, Math.max(scan.filesRead, rowGroups)));
}
