import { z } from 'zod';

/** One reflection, the same shape whether it came from REST or from `sys.reflections`. */
export interface ReflectionRecord {
  readonly id: string;
  readonly name: string;
  /** `RAW`, `AGGREGATION` or `EXTERNAL`; kept as text so new types do not break parsing. */
  readonly type: string;
  readonly datasetId: string;
  /** Known from `sys.reflections` (`dataset_name`); REST gives only the id. */
  readonly datasetPath: string | undefined;
  readonly enabled: boolean;
  readonly combinedStatus: string;
  readonly refreshStatus: string;
  readonly availabilityStatus: string;
  readonly failureCount: number;
  readonly lastFailureMessage: string;
  readonly displayFields: readonly string[];
  readonly dimensionFields: readonly string[];
  readonly measureFields: readonly { readonly name: string; readonly measures: readonly string[] }[];
  readonly partitionFields: readonly string[];
  readonly sortFields: readonly string[];
  readonly distributionFields: readonly string[];
  readonly currentSizeBytes: number | undefined;
  readonly totalSizeBytes: number | undefined;
  readonly createdAt: string | undefined;
  readonly updatedAt: string | undefined;
  readonly source: 'rest' | 'sys-table';
}

const integer = z.union([z.number(), z.bigint()]);
const named = z.array(z.looseObject({ name: z.string() })).optional();

export const restReflectionSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  datasetId: z.string().optional(),
  enabled: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  currentSizeBytes: integer.optional(),
  totalSizeBytes: integer.optional(),
  status: z
    .looseObject({
      config: z.string().optional(),
      refresh: z.string().optional(),
      availability: z.string().optional(),
      combinedStatus: z.string().optional(),
      failureCount: integer.optional(),
      lastFailureMessage: z.string().optional(),
    })
    .optional(),
  displayFields: named,
  dimensionFields: named,
  measureFields: z
    .array(z.looseObject({ name: z.string(), measureTypeList: z.array(z.string()).optional() }))
    .optional(),
  partitionFields: named,
  sortFields: named,
  distributionFields: named,
});

export const reflectionListSchema = z.looseObject({ data: z.array(restReflectionSchema).optional() });

export function fromRestReflection(body: z.output<typeof restReflectionSchema>): ReflectionRecord {
  const names = (list: readonly { name: string }[] | undefined): string[] => (list ?? []).map((f) => f.name);
  return {
    id: body.id,
    name: body.name ?? '',
    type: body.type ?? 'UNKNOWN',
    datasetId: body.datasetId ?? '',
    datasetPath: undefined,
    enabled: body.enabled ?? true,
    combinedStatus: body.status?.combinedStatus ?? 'UNKNOWN',
    refreshStatus: body.status?.refresh ?? 'UNKNOWN',
    availabilityStatus: body.status?.availability ?? 'UNKNOWN',
    failureCount: Number(body.status?.failureCount ?? 0),
    lastFailureMessage: body.status?.lastFailureMessage ?? '',
    displayFields: names(body.displayFields),
    dimensionFields: names(body.dimensionFields),
    measureFields: (body.measureFields ?? []).map((m) => ({
      name: m.name,
      measures: m.measureTypeList ?? [],
    })),
    partitionFields: names(body.partitionFields),
    sortFields: names(body.sortFields),
    distributionFields: names(body.distributionFields),
    currentSizeBytes: optionalNumber(body.currentSizeBytes),
    totalSizeBytes: optionalNumber(body.totalSizeBytes),
    createdAt: body.createdAt,
    updatedAt: body.updatedAt,
    source: 'rest',
  };
}

const text = z.string().nullish();

/** `sys.reflections` columns we read; every one is optional because they changed across versions. */
export const sysReflectionRowSchema = z.looseObject({
  reflection_id: z.string(),
  reflection_name: text,
  type: text,
  status: text,
  dataset_id: text,
  dataset_name: text,
  sort_columns: text,
  partition_columns: text,
  distribution_columns: text,
  dimensions: text,
  measures: text,
  display_columns: text,
  num_failures: integer.nullish(),
  last_failure_message: text,
  refresh_status: text,
  acceleration_status: text,
  current_footprint_bytes: integer.nullish(),
  total_footprint_bytes: integer.nullish(),
  created_at: text,
  updated_at: text,
});

export function fromSysReflectionRow(row: z.output<typeof sysReflectionRowSchema>): ReflectionRecord {
  return {
    id: row.reflection_id,
    name: row.reflection_name ?? '',
    type: row.type ?? 'UNKNOWN',
    datasetId: row.dataset_id ?? '',
    datasetPath: row.dataset_name ?? undefined,
    enabled: row.status !== 'DISABLED',
    combinedStatus: row.status ?? 'UNKNOWN',
    refreshStatus: row.refresh_status ?? 'UNKNOWN',
    availabilityStatus: row.acceleration_status ?? 'UNKNOWN',
    failureCount: Number(row.num_failures ?? 0),
    lastFailureMessage: row.last_failure_message ?? '',
    displayFields: splitColumns(row.display_columns),
    dimensionFields: splitColumns(row.dimensions),
    measureFields: splitColumns(row.measures).map(parseMeasure),
    partitionFields: splitColumns(row.partition_columns),
    sortFields: splitColumns(row.sort_columns),
    distributionFields: splitColumns(row.distribution_columns),
    currentSizeBytes: optionalNumber(row.current_footprint_bytes ?? undefined),
    totalSizeBytes: optionalNumber(row.total_footprint_bytes ?? undefined),
    createdAt: row.created_at ?? undefined,
    updatedAt: row.updated_at ?? undefined,
    source: 'sys-table',
  };
}

/**
 * `sys.reflections` lists columns as `a, b` text, sometimes bracketed (`[a, b]`); measures carry
 * their functions in parentheses (`amount (SUM, COUNT)`), so only top-level commas split.
 */
export function splitColumns(value: string | null | undefined): string[] {
  if (!value) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value.trim().replace(/^\[([\s\S]*)\]$/, '$1')) {
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function parseMeasure(text: string): { name: string; measures: string[] } {
  const match = /^(.*?)\s*\(([^)]*)\)$/.exec(text);
  if (!match) return { name: text, measures: [] };
  return { name: match[1] ?? text, measures: splitColumns(match[2]) };
}

/** Undefined when absent, and for the -1 `sys.reflections` prints when it does not know. */
function optionalNumber(value: number | bigint | undefined): number | undefined {
  return value === undefined || Number(value) < 0 ? undefined : Number(value);
}
