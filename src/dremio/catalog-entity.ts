import { z } from 'zod';

export interface DatasetField {
  readonly name: string;
  /** Dremio's type name, e.g. `BIGINT`, `TIMESTAMP`, `STRUCT`. */
  readonly type: string;
  /** Present on newer versions (see the NYC-taxi fixture); undefined when Dremio did not say. */
  readonly isPartitioned: boolean | undefined;
  readonly isSorted: boolean | undefined;
}

/** A table or view as the catalog describes it. */
export interface CatalogDataset {
  readonly id: string;
  readonly path: readonly string[];
  readonly type: 'table' | 'view';
  /** `Iceberg`, `Parquet`, `Delta`, `Text`, … for promoted tables; undefined for views and native tables. */
  readonly format: string | undefined;
  readonly location: string | undefined;
  /** The view's SQL; undefined for tables. */
  readonly viewSql: string | undefined;
  readonly viewContext: readonly string[];
  readonly fields: readonly DatasetField[];
  readonly createdAt: string | undefined;
  readonly lastMetadataRefreshAt: string | undefined;
}

const childSchema = z.looseObject({
  id: z.string(),
  path: z.array(z.string()).optional(),
  type: z.string().optional(),
  containerType: z.string().optional(),
  datasetType: z.string().optional(),
});
export type CatalogChild = z.output<typeof childSchema>;

export const catalogListSchema = z.looseObject({ data: z.array(childSchema).optional() });

export const catalogEntitySchema = z.looseObject({
  id: z.string(),
  entityType: z.string().optional(),
  path: z.array(z.string()).optional(),
  type: z.string().optional(),
  children: z.array(childSchema).optional(),
  nextPageToken: z.string().nullish(),
  sql: z.string().optional(),
  sqlContext: z.array(z.string()).optional(),
  createdAt: z.string().optional(),
  lastMetadataRefreshAt: z.string().optional(),
  format: z.looseObject({ type: z.string().optional(), location: z.string().optional() }).optional(),
  fields: z
    .array(
      z.looseObject({
        name: z.string(),
        type: z.looseObject({ name: z.string().optional() }).optional(),
        isPartitioned: z.boolean().optional(),
        isSorted: z.boolean().optional(),
      }),
    )
    .optional(),
});
export type CatalogEntityBody = z.output<typeof catalogEntitySchema>;

const DATASET_TYPES: Readonly<Record<string, CatalogDataset['type']>> = {
  PHYSICAL_DATASET: 'table',
  VIRTUAL_DATASET: 'view',
};

/** Undefined for containers (spaces, sources, folders, homes) and unpromoted files. */
export function toCatalogDataset(body: CatalogEntityBody): CatalogDataset | undefined {
  const type = body.type === undefined ? undefined : DATASET_TYPES[body.type];
  if (body.entityType !== 'dataset' && type === undefined) return undefined;
  return {
    id: body.id,
    path: body.path ?? [],
    type: type ?? (body.sql === undefined ? 'table' : 'view'),
    format: body.format?.type,
    location: body.format?.location,
    viewSql: body.sql,
    viewContext: body.sqlContext ?? [],
    fields: (body.fields ?? []).map((f) => ({
      name: f.name,
      type: f.type?.name ?? 'UNKNOWN',
      isPartitioned: f.isPartitioned,
      isSorted: f.isSorted,
    })),
    createdAt: body.createdAt,
    lastMetadataRefreshAt: body.lastMetadataRefreshAt,
  };
}
