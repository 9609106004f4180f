import type { Dataset } from '../../domain/dataset.js';
import type { Finding } from '../../domain/finding.js';
import { datasetBytes, datasetFileCount, datasetTarget } from '../dataset-columns.js';
import type { RecommendationDraft } from '../draft.js';
import type { Payoff } from '../payoff.js';
import { quoteIdentifier, quotePath } from '../sql-identifier.js';

/**
 * partition-pruning on Dremio 26 (Enterprise, Cloud) → cluster the Iceberg table on the filtered column,
 * which Dremio recommends before partitioning: files get sorted by it and pruned by their column
 * metrics, and no partition is split into more, smaller files.
 */
export function clusterTableDraft(options: {
  readonly dataset: Dataset;
  readonly column: string;
  readonly findings: readonly Finding[];
  readonly payoff: Payoff;
  readonly oneOffMs: number;
  readonly jobs: number;
}): RecommendationDraft {
  const { dataset, column } = options;
  return {
    kind: 'cluster-table',
    target: datasetTarget(dataset),
    title: `Cluster ${dataset.path} by ${column}`,
    sql: `ALTER TABLE ${quotePath(dataset.pathParts)} CLUSTER BY (${quoteIdentifier(column)})`,
    action:
      `Set ${column} as the clustering key of ${dataset.path}, then run OPTIMIZE so existing files are ` +
      're-clustered; filters on it then skip files by their column metrics.',
    findings: options.findings,
    payoff: { ...options.payoff, methodConfidence: options.payoff.methodConfidence * 0.9 },
    cost: {
      storageBytes: 0,
      oneOffMs: options.oneOffMs,
      refreshMsPerDay: 0,
      basis: 'one rewrite of the table by OPTIMIZE; later writes are clustered as they land',
    },
    risk: {
      level: 'low',
      note: 'clustering sorts within files and keeps file sizes; small tables may show no gain',
    },
    evidence: {
      column,
      currentPartitionFields: dataset.partitionFields.length,
      files: datasetFileCount(dataset) ?? null,
      bytes: datasetBytes(dataset) ?? null,
      jobs: options.jobs,
    },
  };
}
