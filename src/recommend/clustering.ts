import type { Dataset } from '../domain/dataset.js';
import type { RecommendCluster } from './draft.js';

// Dremio 26 clusters Iceberg tables (`ALTER TABLE … CLUSTER BY`), an Enterprise and Cloud feature that
// Dremio recommends before partitioning: files are sorted by the keys and pruned by their Parquet and
// Iceberg column metrics, without splitting each partition into more files.

/** Iceberg keeps column metrics for the first 100 columns only: a later column cannot prune. */
export const METRICS_COLUMN_LIMIT = 100;

const FIRST_MAJOR = 26;

export function clusteringAvailable(cluster: RecommendCluster): boolean {
  const major = cluster.version === null ? Number.NaN : Number.parseInt(cluster.version, 10);
  const edition = cluster.kind === 'cloud' || cluster.edition === 'enterprise';
  return edition && Number.isFinite(major) && major >= FIRST_MAJOR;
}

/** Whether clustering on this column can prune: an Iceberg table, the column within the metrics limit. */
export function canClusterOn(dataset: Dataset, column: string): boolean {
  const index = dataset.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase());
  return dataset.format === 'Iceberg' && index >= 0 && index < METRICS_COLUMN_LIMIT;
}
