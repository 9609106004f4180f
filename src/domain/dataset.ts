/** A table or view as the analysis sees it: schema, layout and file statistics over time. */
export interface DatasetColumn {
  readonly name: string;
  readonly type: string;
}

export interface PartitionField {
  readonly column: string;
  /** Iceberg transform: identity, year, month, day, hour, bucket[N], truncate[N]. */
  readonly transform: string;
}

export interface FileStats {
  readonly observedAt: Date;
  /** '' for the whole table, otherwise the partition value as Dremio prints it. */
  readonly partition: string;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly recordCount: number | null;
}

export interface Dataset {
  readonly path: string;
  readonly pathParts: readonly string[];
  readonly datasetId: string | null;
  readonly kind: 'table' | 'view' | 'unknown';
  /** Iceberg, Parquet, Delta, … */
  readonly format: string | null;
  readonly viewSql: string | null;
  readonly columns: readonly DatasetColumn[];
  readonly partitionFields: readonly PartitionField[];
  /** The latest file statistics per partition ('' = table total), newest observation first. */
  readonly files: readonly FileStats[];
}
