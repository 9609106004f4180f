import { type DremioRelease, isAtLeast, parseDremioRelease } from './dremio-version.js';
import * as T from './metric-tables.js';
import { CORE_OPERATOR_TYPES, OPERATOR_TYPE } from './operator-types.js';

const SCAN_REGISTERED_TYPES = [21, 22, 28, 29, 52, 54, 55, 64] as const;

/** One entry of a profile's `operatorTypeMetricsMap.metricsDef[type].metricDef`. */
export interface MetricDefinition {
  readonly id: number;
  readonly name: string;
  /** `MetricDef.AggregationType`: 1 MAX; absent means SUM (protobuf omits the default 0). */
  readonly aggregationType?: 1;
}

/** True when Dremio combines this metric across minor fragments with MAX instead of SUM. */
export function isMaxAggregated(options: { operatorType: number; name: string }): boolean {
  return T.MAX_AGGREGATED_METRICS[options.operatorType]?.includes(options.name) ?? false;
}

/** The shape Dremio writes as `operatorTypeMetricsMap` (index = operator type). */
export interface OperatorTypeMetricsMap {
  readonly metricsDef: readonly { readonly metricDef: readonly MetricDefinition[] }[];
}

/**
 * Metric names for an operator type in a Dremio release, index = metric id. Use it only when the
 * profile's own `operatorTypeMetricsMap` is empty: ordinals move between releases.
 *
 * @example
 * metricNamesFor({ dremioVersion: '25.0.3', operatorType: 4 })[33] // 'SPILL_WR_BUILD_BYTES'
 */
export function metricNamesFor(options: {
  dremioVersion: string | undefined;
  operatorType: number;
}): readonly string[] {
  const release = parseDremioRelease(options.dremioVersion);
  return namesByType(release)[options.operatorType] ?? [];
}

/** The metric id of `name` for an operator type in a release, or undefined when the release lacks it. */
export function metricIdFor(options: {
  dremioVersion: string | undefined;
  operatorType: number;
  name: string;
}): number | undefined {
  const id = metricNamesFor(options).indexOf(options.name);
  return id < 0 ? undefined : id;
}

/** A complete `operatorTypeMetricsMap` for a release, as Dremio would put in a profile. */
export function operatorTypeMetricsMapFor(dremioVersion: string | undefined): OperatorTypeMetricsMap {
  const byType = namesByType(parseDremioRelease(dremioVersion));
  return {
    metricsDef: CORE_OPERATOR_TYPES.map((_name, type) => ({
      metricDef: (byType[type] ?? []).map((name, id) =>
        isMaxAggregated({ operatorType: type, name })
          ? { id, name, aggregationType: 1 as const }
          : { id, name },
      ),
    })),
  };
}

const cache = new Map<string, readonly (readonly string[] | undefined)[]>();

function namesByType(release: DremioRelease): readonly (readonly string[] | undefined)[] {
  const key = `${release.major}.${release.minor}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const table = buildTable(release);
  cache.set(key, table);
  return table;
}

function buildTable(release: DremioRelease): (readonly string[] | undefined)[] {
  const is24 = isAtLeast(release, 24, 0);
  const scan = scanMetrics(release);
  const table: (readonly string[] | undefined)[] = [];
  for (const type of SCAN_REGISTERED_TYPES) table[type] = scan;
  table[OPERATOR_TYPE.TABLE_FUNCTION] = [...scan, ...tableFunctionExtras(release)];
  table[OPERATOR_TYPE.HASH_JOIN] = hashJoinMetrics(release);
  table[OPERATOR_TYPE.HASH_AGGREGATE] = hashAggMetrics(release);
  table[OPERATOR_TYPE.EXTERNAL_SORT] = isAtLeast(release, 25, 2)
    ? T.EXTERNAL_SORT_METRICS_25_2
    : T.EXTERNAL_SORT_METRICS_24;
  table[OPERATOR_TYPE.FILTER] = T.FILTER_METRICS;
  table[OPERATOR_TYPE.PROJECT] = T.PROJECT_METRICS;
  table[OPERATOR_TYPE.NESTED_LOOP_JOIN] = T.NESTED_LOOP_JOIN_METRICS;
  table[OPERATOR_TYPE.SINGLE_SENDER] = T.SINGLE_SENDER_METRICS;
  table[OPERATOR_TYPE.BROADCAST_SENDER] = T.BROADCAST_SENDER_METRICS;
  table[OPERATOR_TYPE.ROUND_ROBIN_SENDER] = T.BROADCAST_SENDER_METRICS;
  table[OPERATOR_TYPE.HASH_PARTITION_SENDER] = T.PARTITION_SENDER_METRICS;
  table[OPERATOR_TYPE.BRIDGE_FILE_WRITER_SENDER] = T.SINGLE_SENDER_METRICS;
  table[OPERATOR_TYPE.MERGING_RECEIVER] = T.MERGING_RECEIVER_METRICS;
  table[OPERATOR_TYPE.UNORDERED_RECEIVER] = is24
    ? T.UNORDERED_RECEIVER_METRICS_24
    : T.UNORDERED_RECEIVER_METRICS_21;
  table[OPERATOR_TYPE.BRIDGE_FILE_READER_RECEIVER] = T.BRIDGE_RECEIVER_METRICS;
  table[OPERATOR_TYPE.SCREEN] = T.SCREEN_METRICS;
  table[OPERATOR_TYPE.ARROW_WRITER] = T.WRITER_METRICS;
  table[OPERATOR_TYPE.PARQUET_WRITER] = T.PARQUET_WRITER_METRICS;
  table[OPERATOR_TYPE.MANIFEST_WRITER] = T.PARQUET_WRITER_METRICS;
  table[OPERATOR_TYPE.WRITER_COMMITTER] = T.WRITER_COMMITTER_METRICS;
  table[OPERATOR_TYPE.MONGO_SUB_SCAN] = T.MONGO_SCAN_METRICS;
  return table;
}

function scanMetrics(release: DremioRelease): readonly string[] {
  if (isAtLeast(release, 25, 0)) return T.SCAN_METRICS_25;
  if (isAtLeast(release, 24, 3)) return T.SCAN_METRICS_24_3;
  if (isAtLeast(release, 24, 0)) return T.SCAN_METRICS_24_0;
  return T.SCAN_METRICS_21;
}

function tableFunctionExtras(release: DremioRelease): readonly string[] {
  if (isAtLeast(release, 24, 3)) return T.TABLE_FUNCTION_EXTRA_METRICS;
  if (isAtLeast(release, 24, 0)) return T.TABLE_FUNCTION_EXTRA_METRICS.slice(0, 10);
  return T.TABLE_FUNCTION_EXTRA_METRICS.slice(0, 3);
}

function hashJoinMetrics(release: DremioRelease): readonly string[] {
  if (isAtLeast(release, 25, 2)) return T.HASH_JOIN_METRICS_25_2;
  if (isAtLeast(release, 25, 1)) return T.HASH_JOIN_METRICS_25_1;
  if (isAtLeast(release, 24, 0)) return T.HASH_JOIN_METRICS_24_0;
  return T.HASH_JOIN_METRICS_21;
}

function hashAggMetrics(release: DremioRelease): readonly string[] {
  if (isAtLeast(release, 25, 2)) return T.HASH_AGG_METRICS_25_2;
  if (isAtLeast(release, 25, 0)) return T.HASH_AGG_METRICS_25_0;
  return T.HASH_AGG_METRICS_24;
}
