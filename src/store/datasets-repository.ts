import { sql } from 'kysely';
import type { Dataset, DatasetColumn, FileStats, PartitionField } from '../domain/dataset.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';

const FILE_ROWS_PER_STATEMENT = 5000;

const KINDS: Readonly<Record<Dataset['kind'], string>> = {
  table: 'PHYSICAL_DATASET',
  view: 'VIRTUAL_DATASET',
  unknown: 'UNKNOWN',
};

/**
 * Stores a dataset's definition and appends its file statistics as one more observation; `observedAt`
 * (the collection's time) says when the definition was read.
 */
export async function upsertDataset(
  db: Db,
  clusterId: bigint,
  dataset: Dataset,
  options: { readonly observedAt?: Date } = {},
): Promise<void> {
  const definition = {
    path_parts: dataset.pathParts,
    dataset_id: dataset.datasetId,
    type: KINDS[dataset.kind],
    format: dataset.format,
    view_sql: dataset.viewSql,
    columns: stringifyLosslessJson(dataset.columns),
    partition_spec: stringifyLosslessJson(dataset.partitionFields),
  };
  await db
    .insertInto('datasets')
    .values({
      cluster_id: clusterId,
      path: dataset.path,
      ...definition,
      ...(options.observedAt === undefined ? {} : { collected_at: options.observedAt }),
    })
    .onConflict((oc) =>
      oc
        .columns(['cluster_id', 'path'])
        .doUpdateSet({ ...definition, collected_at: options.observedAt ?? new Date() }),
    )
    .execute();
  // A table partitioned by a column with many values has thousands of partitions: batches keep each
  // statement under PostgreSQL's 65 535 bind parameters.
  for (let start = 0; start < dataset.files.length; start += FILE_ROWS_PER_STATEMENT) {
    await db
      .insertInto('dataset_files')
      .values(
        dataset.files.slice(start, start + FILE_ROWS_PER_STATEMENT).map((f) => ({
          cluster_id: clusterId,
          dataset_path: dataset.path,
          partition: f.partition,
          observed_at: f.observedAt,
          file_count: f.fileCount,
          total_bytes: f.totalBytes,
          record_count: f.recordCount,
        })),
      )
      .onConflict((oc) => oc.columns(['cluster_id', 'dataset_path', 'partition', 'observed_at']).doNothing())
      .execute();
  }
}

/** Every dataset of the cluster with the newest file statistics of each partition. */
export async function loadDatasets(db: Db, clusterId: bigint): Promise<ReadonlyMap<string, Dataset>> {
  const rows = await db.selectFrom('datasets').selectAll().where('cluster_id', '=', clusterId).execute();
  const files = await db
    .selectFrom('dataset_files')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .orderBy('dataset_path')
    .orderBy('observed_at', 'desc')
    .execute();
  const latest = new Map<string, FileStats[]>();
  const seen = new Set<string>();
  for (const f of files) {
    const key = `${f.dataset_path}\u0000${f.partition}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = latest.get(f.dataset_path) ?? [];
    list.push({
      observedAt: f.observed_at,
      partition: f.partition,
      fileCount: Number(f.file_count),
      totalBytes: Number(f.total_bytes),
      recordCount: f.record_count === null ? null : Number(f.record_count),
    });
    latest.set(f.dataset_path, list);
  }
  return new Map(
    rows.map((r) => [
      r.path,
      {
        path: r.path,
        pathParts: r.path_parts,
        datasetId: r.dataset_id,
        kind: r.type === 'PHYSICAL_DATASET' ? 'table' : r.type === 'VIRTUAL_DATASET' ? 'view' : 'unknown',
        format: r.format,
        viewSql: r.view_sql,
        columns: (r.columns ?? []) as DatasetColumn[],
        partitionFields: (r.partition_spec ?? []) as PartitionField[],
        files: latest.get(r.path) ?? [],
      } satisfies Dataset,
    ]),
  );
}

/** The datasets the workload reads most since `since`, by number of jobs, for metadata collection. */
export async function listTouchedDatasets(
  db: Db,
  input: { clusterId: bigint; since: Date; limit: number },
): Promise<readonly string[]> {
  const result = await sql<{ path: string }>`
    SELECT path FROM (
      SELECT unnest(queried_datasets || scanned_datasets) AS path, job_id FROM jobs
      WHERE cluster_id = ${input.clusterId} AND submitted_at >= ${input.since}
    ) touched
    -- Accelerated jobs list the reflections they scanned by id (quoted in paths read from Cloud's
    -- object lists, where a part starting with a digit needs quotes); those are not datasets.
    WHERE path <> '' AND path !~* '^"?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?$'
      AND path NOT LIKE '__accelerator%' AND path NOT LIKE 'sys.%' AND path NOT LIKE 'INFORMATION_SCHEMA%'
    GROUP BY path ORDER BY count(DISTINCT job_id) DESC, path LIMIT ${input.limit}`.execute(db);
  return result.rows.map((r) => r.path);
}
