/**
 * Catalog entities in the shape `/api/v3/catalog` returns: sources and spaces at the root, folders,
 * and datasets (Iceberg/Parquet tables with `format`, views with `sql`), as in the real
 * `catalog-iceberg-table.json`.
 */
import type { CatalogEntity } from '../world.js';
import { datasetId } from './acceleration.js';
import { fileId, SAMPLE_DATASETS, SAMPLES_SOURCE, unpromotedFiles } from './catalog-samples.js';
import { pathParts } from './dataset-path.js';
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
  return entityUuid(seed, `container:${path.join('\u0000')}`);
}

function datasetEntity(
  seed: number,
  d: SimDatasetDef,
  options: { readonly createdAtMs: number; readonly path: readonly string[] },
): CatalogEntity {
  const { createdAtMs, path } = options;
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

interface ChildRef {
  readonly id: string;
  readonly path: readonly string[];
  readonly type: 'CONTAINER' | 'DATASET' | 'FILE';
  readonly containerType?: 'FOLDER';
  readonly datasetType?: 'PROMOTED' | 'VIRTUAL';
}

const ROOT_ENTITY_TYPES = { SOURCE: 'source', SPACE: 'space', HOME: 'home' } as const;

/**
 * Every catalog entity by id and by path. Paths are lists of parts throughout, because a part may
 * hold dots (`samples.dremio.com`); `homeUser` names the home space (`@dremio`).
 */
export function buildCatalog(
  seed: number,
  state: WorldState,
  options: { readonly createdAtMs: number; readonly homeUser: string },
): CatalogIndex {
  const { createdAtMs } = options;
  const byId = new Map<string, CatalogEntity>();
  const byPath = new Map<string, CatalogEntity>();
  const children = new Map<string, ChildRef[]>();
  const containerPaths = new Map<string, readonly string[]>();
  const add = (entity: CatalogEntity): void => {
    byId.set(entity.id, entity);
    byPath.set(pathKey(entity.path), entity);
  };
  const link = (path: readonly string[], leaf: ChildRef): void => {
    for (let depth = 1; depth < path.length; depth++) {
      const parent = path.slice(0, depth);
      const child = path.slice(0, depth + 1);
      const list = children.get(pathKey(parent)) ?? [];
      const ref: ChildRef =
        depth === path.length - 1
          ? leaf
          : { id: containerId(seed, child), path: child, type: 'CONTAINER', containerType: 'FOLDER' };
      if (!list.some((c) => c.id === ref.id)) list.push(ref);
      children.set(pathKey(parent), list);
      if (depth > 1) containerPaths.set(pathKey(parent), parent);
    }
  };
  const datasets = [
    ...[...state.tables.values(), ...state.views.values()].map((d) => ({ parts: pathParts(d.path), def: d })),
    ...SAMPLE_DATASETS.map((d) => ({ parts: d.parts, def: d.table as SimDatasetDef })),
  ];
  for (const { parts, def } of datasets) {
    const id = datasetId(seed, def.path);
    link(parts, {
      id,
      path: parts,
      type: 'DATASET',
      datasetType: def.kind === 'table' ? 'PROMOTED' : 'VIRTUAL',
    });
    add(datasetEntity(seed, def, { createdAtMs, path: parts }));
  }
  for (const parts of unpromotedFiles(options.homeUser))
    link(parts, { id: fileId(parts), path: parts, type: 'FILE' });
  const rootDefs = [
    ...CATALOG_ROOTS,
    { name: SAMPLES_SOURCE, containerType: 'SOURCE' as const, sourceType: 'S3' },
    { name: `@${options.homeUser}`, containerType: 'HOME' as const },
  ];
  const roots: CatalogEntity[] = rootDefs.map((root) => ({
    id: containerId(seed, [root.name]),
    path: [root.name],
    tag: entityUuid(seed, `tag:${root.name}`),
    type: 'CONTAINER',
    containerType: root.containerType,
    createdAt: isoTimestamp(createdAtMs),
  }));
  for (const root of rootDefs) {
    add({
      entityType: ROOT_ENTITY_TYPES[root.containerType],
      id: containerId(seed, [root.name]),
      name: root.name,
      path: [root.name],
      tag: entityUuid(seed, `tag:${root.name}`),
      ...('sourceType' in root && root.sourceType ? { type: root.sourceType } : {}),
      createdAt: isoTimestamp(createdAtMs),
      children: children.get(pathKey([root.name])) ?? [],
    });
  }
  for (const [key, path] of containerPaths) {
    add({
      entityType: 'folder',
      id: containerId(seed, path),
      path,
      tag: entityUuid(seed, `tag:${key}`),
      children: children.get(key) ?? [],
    });
  }
  return { roots, byId, byPath };
}
