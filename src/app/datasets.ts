import { z } from 'zod';
import type { Cluster } from '../domain/cluster.js';
import type { Dataset } from '../domain/dataset.js';
import { NotFoundError } from '../errors.js';
import { loadDatasets, loadReflections } from '../store/index.js';
import { pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, iso, oneCluster, pageInMemory } from './read-scope.js';
import { defineService } from './service.js';

export const datasetOutput = z.object({
  path: z.string(),
  cluster: z.string(),
  pathParts: z.array(z.string()),
  datasetId: z.string().nullable(),
  kind: z.enum(['table', 'view', 'unknown']),
  format: z.string().nullable(),
  columnCount: z.number().int(),
  partitionFields: z.array(z.object({ column: z.string(), transform: z.string() })),
  files: z
    .object({
      observedAt: z.string(),
      partitions: z.number().int(),
      fileCount: z.number(),
      totalBytes: z.number(),
      recordCount: z.number().nullable(),
    })
    .nullable()
    .describe('File statistics of the latest observation; null when never observed'),
});

export const datasetDetailOutput = datasetOutput.extend({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  viewSql: z.string().nullable(),
  reflections: z.array(
    z.object({
      reflectionId: z.string(),
      name: z.string().nullable(),
      type: z.string(),
      status: z.string().nullable(),
    }),
  ),
});

function latestFiles(d: Dataset): z.input<typeof datasetOutput>['files'] {
  if (d.files.length === 0) return null;
  const latest = d.files.reduce((t, f) => (f.observedAt > t ? f.observedAt : t), d.files[0]!.observedAt);
  const at = d.files.filter((f) => f.observedAt.getTime() === latest.getTime());
  return {
    observedAt: iso(latest)!,
    partitions: at.length,
    fileCount: at.reduce((s, f) => s + f.fileCount, 0),
    totalBytes: at.reduce((s, f) => s + f.totalBytes, 0),
    recordCount: at.some((f) => f.recordCount === null)
      ? null
      : at.reduce((s, f) => s + (f.recordCount ?? 0), 0),
  };
}

function datasetItem(d: Dataset, cluster: Cluster): z.input<typeof datasetOutput> {
  return {
    path: d.path,
    cluster: cluster.name,
    pathParts: [...d.pathParts],
    datasetId: d.datasetId,
    kind: d.kind,
    format: d.format,
    columnCount: d.columns.length,
    partitionFields: d.partitionFields.map((p) => ({ column: p.column, transform: p.transform })),
    files: latestFiles(d),
  };
}

export const listDatasets = defineService({
  name: 'datasets.list',
  summary: 'Datasets seen in the catalog, by path',
  input: z.object({
    cluster: clusterField,
    kind: z.enum(['table', 'view', 'unknown']).optional(),
    text: z.string().min(1).max(500).optional().describe('Case-insensitive part of the path'),
    ...pageInput,
  }),
  output: pageOf(datasetOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const needle = options.text?.toLowerCase();
    const items: z.input<typeof datasetOutput>[] = [];
    for (const cluster of clusters) {
      for (const d of (await loadDatasets(deps.store.db, cluster.id)).values()) {
        if (options.kind !== undefined && d.kind !== options.kind) continue;
        if (needle !== undefined && !d.path.toLowerCase().includes(needle)) continue;
        items.push(datasetItem(d, cluster));
      }
    }
    return pageInMemory(items, {
      keyOf: (d) => [d.cluster, d.path],
      order: ['asc', 'asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});

export const getDataset = defineService({
  name: 'datasets.get',
  summary: 'One dataset with its columns, partitioning, latest file statistics and reflections',
  input: z.object({
    path: z.string().min(1).max(1000).describe('Dataset path as listed'),
    cluster: clusterField,
  }),
  output: datasetDetailOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const d = (await loadDatasets(deps.store.db, cluster.id)).get(options.path);
    if (d === undefined)
      throw new NotFoundError(`no dataset ${options.path} in cluster ${cluster.name}`, {
        entity: 'dataset',
        id: options.path,
        field: 'path',
      });
    const reflections = (await loadReflections(deps.store.db, cluster.id)).filter(
      (r) => r.datasetPath === d.path,
    );
    return {
      ...datasetItem(d, cluster),
      columns: d.columns.map((c) => ({ name: c.name, type: c.type })),
      viewSql: d.viewSql,
      reflections: reflections.map((r) => ({
        reflectionId: r.reflectionId,
        name: r.name,
        type: r.type,
        status: r.status,
      })),
    };
  },
});
