/**
 * Catalog entities in the shape `/api/v3/catalog` returns: sources and spaces at the root, folders,
 * and datasets (Iceberg/Parquet tables with `format`, views with `sql`), as in the real
 * `catalog-iceberg-table.json`.
 */
import type { CatalogEntity } from '../world.js';
import { datasetId } from './acceleration.js';
import { CATALOG_ROOTS } from './datasets.js';
import { entityUuid } from './job-id.js';
import type { SimDatasetDef, TableColumn } from './model.js';
import { isoTimestamp } from './time-format.js';
import type { WorldState } from './world-state.js';

export interface CatalogIndex {
  readonly roots: readonly CatalogEntity[];
  readonly byId: ReadonlyMap<string, CatalogEntity>;
  readonly byPath: ReadonlyMap<string, CatalogEntity>;
}

export function pathKey(path: readonly string[]): string {
  return path.map((p) => p.toLowerCase()).join('\u0000');
}

const FIELD_TYPES: Readonly<Record<TableColumn['type'], string>> = {
  VARCHAR: 'VARCHAR',
  BIGINT: 'BIGINT',
  INTEGER: 'INTEGER',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

function containerId(seed: number, path: readonly string[]): string {
  return entityUuid(seed, `container:${path.join('.')}`);
}

function datasetEntity(seed: number, d: SimDatasetDef, createdAtMs: number): CatalogEntity {
  const path = d.path.split('.');
  const partitioned = new Set(d.kind === 'table' ? d.layout.partitionFields.map((f) => f.column) : []);
  const base = {
    entityType: 'dataset',
    id: datasetId(seed, d.path),
    type: d.kind === 'table' ? 'PHYSICAL_DATASET' : 'VIRTUAL_DATASET',
    path,
    createdAt: isoTimestamp(createdAtMs),
    tag: entityUuid(seed, `tag:${d.path}:${d.kind === 'table' ? d.layout.lastChangeMs : 0}`),
    fields: d.columns.map((c) => ({
      name: c.name,
      type: { name: FIELD_TYPES[c.type] },
      isPartitioned: partitioned.has(c.name),
      isSorted: false,
    })),
    accelerationRefreshPolicy: {
      activePolicyType: 'PERIOD',
      refreshPeriodMs: 21_600_000,
      gracePeriodMs: 10_800_000,
      method: 'FULL',
      neverExpire: false,
      neverRefresh: false,
    },
  };
  if (d.kind === 'view') {
    return { ...base, sql: d.sql, sqlContext: path.slice(0, -1) };
  }
  const location = `s3://acme-lake/${path.slice(1).join('/')}`;
  return {
    ...base,
    format: {
      type: d.format,
      fullPath: path,
      isFolder: true,
      location,
      ignoreOtherFileFormats: false,
      ...(d.format === 'Iceberg'
        ? {
            metaStoreType: 'HDFS',
            parquetDataFormat: {
              type: 'Parquet',
              isFolder: false,
              ignoreOtherFileFormats: false,
              autoCorrectCorruptDates: true,
            },
            dataFormatTypeList: ['PARQUET'],
          }
        : { autoCorrectCorruptDates: true }),
    },
    isMetadataExpired: false,
    lastMetadataRefreshAt: isoTimestamp(d.layout.lastChangeMs),
    approximateStatisticsAllowed: false,
    schemaOutdated: false,
  };
}

export function buildCatalog(seed: number, state: WorldState, createdAtMs: number): CatalogIndex {
  const byId = new Map<string, CatalogEntity>();
  const byPath = new Map<string, CatalogEntity>();
  const children = new Map<
    string,
    { id: string; path: string[]; type: string; containerType?: string; datasetType?: string }[]
  >();
  const add = (entity: CatalogEntity): void => {
    byId.set(entity.id, entity);
    byPath.set(pathKey(entity.path), entity);
  };
  const datasets: SimDatasetDef[] = [...state.tables.values(), ...state.views.values()];
  for (const d of datasets) {
    const path = d.path.split('.');
    for (let depth = 1; depth < path.length; depth++) {
      const parent = path.slice(0, depth);
      const child = path.slice(0, depth + 1);
      const list = children.get(pathKey(parent)) ?? [];
      const isDataset = depth === path.length - 1;
      const id = isDataset ? datasetId(seed, d.path) : containerId(seed, child);
      if (!list.some((c) => c.id === id)) {
        list.push(
          isDataset
            ? { id, path: child, type: 'DATASET', datasetType: d.kind === 'table' ? 'PROMOTED' : 'VIRTUAL' }
            : { id, path: child, type: 'CONTAINER', containerType: 'FOLDER' },
        );
      }
      children.set(pathKey(parent), list);
    }
    add(datasetEntity(seed, d, createdAtMs));
  }
  const roots: CatalogEntity[] = CATALOG_ROOTS.map((root) => ({
    id: containerId(seed, [root.name]),
    path: [root.name],
    tag: entityUuid(seed, `tag:${root.name}`),
    type: 'CONTAINER',
    containerType: root.containerType,
    createdAt: isoTimestamp(createdAtMs),
  }));
  for (const root of CATALOG_ROOTS) {
    const id = containerId(seed, [root.name]);
    add({
      entityType: root.containerType === 'SOURCE' ? 'source' : 'space',
      id,
      name: root.name,
      path: [root.name],
      tag: entityUuid(seed, `tag:${root.name}`),
      ...(root.sourceType ? { type: root.sourceType } : {}),
      createdAt: isoTimestamp(createdAtMs),
      children: children.get(pathKey([root.name])) ?? [],
    });
  }
  for (const [key, list] of children) {
    if (byPath.has(key)) continue;
    const path = key.split('\u0000');
    const original = datasets.find((d) => pathKey(d.path.split('.').slice(0, path.length)) === key);
    const realPath = original ? original.path.split('.').slice(0, path.length) : path;
    add({
      entityType: 'folder',
      id: containerId(seed, realPath),
      path: realPath,
      tag: entityUuid(seed, `tag:${key}`),
      children: list,
    });
  }
  return { roots, byId, byPath };
}
