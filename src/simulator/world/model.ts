/** The simulated deployment's building blocks: datasets, their layout, reflections, people and queues. */
import type { DetectorId } from '../../domain/detector-id.js';

export const COLUMN_TYPES = [
  'VARCHAR',
  'BIGINT',
  'INTEGER',
  'DOUBLE',
  'DECIMAL',
  'BOOLEAN',
  'DATE',
  'TIMESTAMP',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export const PARTITION_TRANSFORMS = ['identity', 'hour', 'day', 'month', 'year', 'bucket'] as const;
export type PartitionTransform = (typeof PARTITION_TRANSFORMS)[number];

export interface PartitionField {
  readonly column: string;
  readonly transform: PartitionTransform;
  /** Distinct partition values this field produces over the table's data. */
  readonly partitionCount: number;
}

/** Physical layout; OPTIMIZE and ADD PARTITION FIELD replace it. */
export interface TableLayout {
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly partitionFields: readonly PartitionField[];
  /** Dremio 26 clustering keys (`ALTER TABLE … CLUSTER BY`); absent when not clustered. */
  readonly clusteringColumns?: readonly string[];
  readonly snapshotCount: number;
  readonly lastChangeMs: number;
}

export interface SimTableDef {
  readonly kind: 'table';
  /** Dotted path as SQL names it, e.g. `lakehouse.sales.orders`. */
  readonly path: string;
  readonly format: 'Iceberg' | 'Parquet';
  readonly columns: readonly TableColumn[];
  readonly rowCount: number;
  readonly layout: TableLayout;
  readonly labels: readonly DetectorId[];
}

export interface SimViewDef {
  readonly kind: 'view';
  readonly path: string;
  readonly columns: readonly TableColumn[];
  readonly sql: string;
  readonly parents: readonly string[];
  readonly labels: readonly DetectorId[];
}

export type SimDatasetDef = SimTableDef | SimViewDef;

export const REFLECTION_TYPES = ['RAW', 'AGGREGATION'] as const;
export type ReflectionType = (typeof REFLECTION_TYPES)[number];

export interface SimReflectionDef {
  readonly id: string;
  readonly name: string;
  readonly datasetPath: string;
  readonly type: ReflectionType;
  readonly displayColumns: readonly string[];
  readonly dimensionColumns: readonly string[];
  readonly measureColumns: readonly string[];
  readonly partitionColumns: readonly string[];
  readonly enabled: boolean;
  /** Refreshes fail (e.g. the source is unreachable): no usable materialization. */
  readonly failing: boolean;
  readonly createdAtMs: number;
  readonly recordCount: number;
  readonly sizeBytes: number;
  readonly tag: string;
}

export interface QueueDef {
  readonly name: string;
  readonly id: string;
  readonly ruleContent: string;
}

export interface ClientDef {
  readonly name: string;
  /** Dremio `query_type` for jobs from this client. */
  readonly queryType: string;
  /** `clientInfo.name` in the profile. */
  readonly clientName: string;
  readonly clientVersion: string;
  /** `schedulingProperties.queryType` as the WLM rule engine sees it. */
  readonly wlmQueryType: string;
}
