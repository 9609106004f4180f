/**
 * Catalog entries no workload reads but every real cluster has (fidelity-gaps #10): the `Samples`
 * source, whose names need quoting (`Samples."samples.dremio.com"."NYC-taxi-trips"`), an
 * unpromoted file there, and the user's home space with a file in it.
 */
import type { SimTableDef } from './model.js';

/** A dataset only the catalog knows, with its path as a list of parts (parts may hold dots). */
export interface CatalogOnlyDataset {
  readonly parts: readonly string[];
  readonly table: SimTableDef;
}

export const SAMPLES_SOURCE = 'Samples';
const SAMPLES_FOLDER = 'samples.dremio.com';

export const SAMPLE_DATASETS: readonly CatalogOnlyDataset[] = [
  {
    parts: [SAMPLES_SOURCE, SAMPLES_FOLDER, 'NYC-taxi-trips'],
    table: {
      kind: 'table',
      path: 'Samples."samples.dremio.com"."NYC-taxi-trips"',
      format: 'Parquet',
      columns: [
        { name: 'pickup_datetime', type: 'TIMESTAMP' },
        { name: 'passenger_count', type: 'BIGINT' },
        { name: 'trip_distance_mi', type: 'DOUBLE' },
        { name: 'fare_amount', type: 'DOUBLE' },
        { name: 'tip_amount', type: 'DOUBLE' },
        { name: 'total_amount', type: 'DOUBLE' },
      ],
      rowCount: 338_293_677,
      layout: {
        fileCount: 48,
        totalBytes: 8 * 1024 ** 3,
        partitionFields: [],
        snapshotCount: 1,
        lastChangeMs: 0,
      },
      labels: [],
    },
  },
];

/** Unpromoted files: listed as `type: FILE` children, with Dremio's `dremio:/…` ids, and no schema. */
export function unpromotedFiles(homeUser: string): readonly (readonly string[])[] {
  return [
    [SAMPLES_SOURCE, SAMPLES_FOLDER, 'zip_lookup.csv'],
    [`@${homeUser}`, 'sales-targets.csv'],
  ];
}

export function fileId(parts: readonly string[]): string {
  return `dremio:/${parts.join('/')}`;
}
