/**
 * Reflections in the `/api/v3/reflection` shape (OSS `Reflection.java`; Enterprise 26 and Cloud add
 * mode and usage counts), and new reflections built from a REST body.
 */
import type { FlavorSpec } from '../flavor.js';
import type { ReflectionEntity } from '../world.js';
import { datasetId } from './acceleration.js';
import { pathParts } from './dataset-path.js';
import { entityUuid } from './job-id.js';
import type { SimReflectionDef, SimTableDef } from './model.js';
import type { ReflectionUsage } from './tables/reflection-tables.js';
import { isoTimestamp } from './time-format.js';

const EXPIRY_MS = 7 * 86_400_000;

export function toReflectionEntity(options: {
  readonly seed: number;
  readonly flavor: FlavorSpec;
  readonly r: SimReflectionDef;
  readonly usage: ReflectionUsage;
  readonly lastRefreshMs: number;
  readonly failures: number;
  readonly failureMessage: string;
}): ReflectionEntity {
  const { r, flavor } = options;
  const newest = flavor.kind === 'cloud' || flavor.flavor === 'software-26';
  const combinedStatus = !r.enabled ? 'DISABLED' : r.failing ? 'FAILED' : 'CAN_ACCELERATE';
  return {
    entityType: 'reflection',
    id: r.id,
    type: r.type,
    name: r.name,
    tag: r.tag,
    createdAt: isoTimestamp(r.createdAtMs),
    updatedAt: isoTimestamp(r.createdAtMs),
    datasetId: datasetId(options.seed, r.datasetPath),
    currentSizeBytes: r.sizeBytes,
    totalSizeBytes: r.sizeBytes * 2,
    enabled: r.enabled,
    ...(newest ? {} : { arrowCachingEnabled: false }),
    partitionDistributionStrategy: 'CONSOLIDATED',
    status: {
      config: 'OK',
      refresh: 'SCHEDULED',
      availability: r.failing || !r.enabled ? 'NONE' : 'AVAILABLE',
      combinedStatus,
      failureCount: options.failures,
      ...(r.failing ? { lastFailureMessage: options.failureMessage } : {}),
      lastDataFetch: isoTimestamp(options.lastRefreshMs),
      expiresAt: isoTimestamp(r.failing ? 0 : options.lastRefreshMs + EXPIRY_MS),
    },
    ...(r.type === 'RAW'
      ? { displayFields: r.displayColumns.map((name) => ({ name })) }
      : {
          dimensionFields: r.dimensionColumns.map((name) => ({ name, granularity: 'DATE' })),
          measureFields: r.measureColumns.map((name) => ({ name, measureTypeList: ['SUM', 'COUNT'] })),
        }),
    partitionFields: r.partitionColumns.map((name) => ({ name, transform: { type: 'IDENTITY' } })),
    sortFields: [],
    distributionFields: [],
    ...(newest
      ? {
          reflectionMode: 'MANUAL',
          datasetName: pathParts(r.datasetPath).pop() ?? '',
          recordCount: r.recordCount,
          consideredCount: options.usage.considered,
          matchedCount: options.usage.matched,
          acceleratedCount: options.usage.chosen,
        }
      : {}),
  };
}

function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string'
      ? [(item as { name: string }).name]
      : [],
  );
}

/** Size and row count a fresh reflection would have: raw copies the table, aggregates are small. */
export function estimatedReflectionSize(
  base: SimTableDef | undefined,
  type: SimReflectionDef['type'],
  dims: number,
): {
  recordCount: number;
  sizeBytes: number;
} {
  const rows = base?.rowCount ?? 1_000_000;
  const recordCount =
    type === 'RAW' ? rows : Math.max(100, Math.min(Math.round(rows / 200), 2_000 * 8 ** dims));
  const bytesPerRow = base ? base.layout.totalBytes / Math.max(1, base.rowCount) : 100;
  return { recordCount, sizeBytes: Math.round(recordCount * bytesPerRow * (type === 'RAW' ? 0.5 : 0.3)) };
}

export function reflectionFromBody(options: {
  readonly seed: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly datasetPath: string;
  readonly base: SimTableDef | undefined;
  readonly atMs: number;
  readonly ordinal: number;
}): SimReflectionDef {
  const { body } = options;
  const type = body.type === 'RAW' ? 'RAW' : 'AGGREGATION';
  const name = typeof body.name === 'string' && body.name ? body.name : `reflection_${options.ordinal}`;
  const dims = names(body.dimensionFields);
  const size = estimatedReflectionSize(options.base, type, dims.length);
  return {
    id: entityUuid(options.seed, `reflection:created:${options.ordinal}:${name}`),
    name,
    datasetPath: options.datasetPath,
    type,
    displayColumns: names(body.displayFields),
    dimensionColumns: dims,
    measureColumns: names(body.measureFields),
    partitionColumns: names(body.partitionFields),
    enabled: body.enabled !== false,
    failing: false,
    createdAtMs: options.atMs,
    recordCount: size.recordCount,
    sizeBytes: size.sizeBytes,
    tag: entityUuid(options.seed, `reflection-tag:created:${options.ordinal}:0`),
  };
}
