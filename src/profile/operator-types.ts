import { isAtLeast, parseDremioRelease } from './dremio-version.js';

/** `CoreOperatorType` names; the index is the number a profile's `operatorType` carries (OSS 25.2). */
export const CORE_OPERATOR_TYPES = [
  'SINGLE_SENDER',
  'BROADCAST_SENDER',
  'FILTER',
  'HASH_AGGREGATE',
  'HASH_JOIN',
  'MERGE_JOIN',
  'HASH_PARTITION_SENDER',
  'LIMIT',
  'MERGING_RECEIVER',
  'ORDERED_PARTITION_SENDER',
  'PROJECT',
  'UNORDERED_RECEIVER',
  'RANGE_SENDER',
  'SCREEN',
  'SELECTION_VECTOR_REMOVER',
  'STREAMING_AGGREGATE',
  'TOP_N_SORT',
  'EXTERNAL_SORT',
  'TRACE',
  'UNION',
  'OLD_SORT',
  'PARQUET_ROW_GROUP_SCAN',
  'HIVE_SUB_SCAN',
  'SYSTEM_TABLE_SCAN',
  'MOCK_SUB_SCAN',
  'PARQUET_WRITER',
  'DIRECT_SUB_SCAN',
  'TEXT_WRITER',
  'TEXT_SUB_SCAN',
  'JSON_SUB_SCAN',
  'INFO_SCHEMA_SUB_SCAN',
  'COMPLEX_TO_JSON',
  'PRODUCER_CONSUMER',
  'HBASE_SUB_SCAN',
  'WINDOW',
  'NESTED_LOOP_JOIN',
  'AVRO_SUB_SCAN',
  'MONGO_SUB_SCAN',
  'ELASTICSEARCH_SUB_SCAN',
  'ELASTICSEARCH_AGGREGATOR_SUB_SCAN',
  'FLATTEN',
  'EXCEL_SUB_SCAN',
  'ARROW_SUB_SCAN',
  'ARROW_WRITER',
  'JSON_WRITER',
  'VALUES_READER',
  'CONVERT_FROM_JSON',
  'JDBC_SUB_SCAN',
  'DICTIONARY_LOOKUP',
  'WRITER_COMMITTER',
  'ROUND_ROBIN_SENDER',
  'BOOST_PARQUET',
  'ICEBERG_SUB_SCAN',
  'TABLE_FUNCTION',
  'DELTALAKE_SUB_SCAN',
  'DIR_LISTING_SUB_SCAN',
  'ICEBERG_WRITER_COMMITTER',
  'GRPC_WRITER',
  'MANIFEST_WRITER',
  'FLIGHT_SUB_SCAN',
  'BRIDGE_FILE_WRITER_SENDER',
  'BRIDGE_FILE_READER_RECEIVER',
  'BRIDGE_FILE_READER',
  'ICEBERG_MANIFEST_WRITER',
  'ICEBERG_METADATA_FUNCTIONS_READER',
  'ICEBERG_SNAPSHOTS_SUB_SCAN',
  'NESSIE_COMMITS_SUB_SCAN',
  'SMALL_FILE_COMBINATION_WRITER',
] as const;
export type CoreOperatorTypeName = (typeof CORE_OPERATOR_TYPES)[number];

/** Operator type numbers used by name elsewhere; checked against {@link CORE_OPERATOR_TYPES} in tests. */
export const OPERATOR_TYPE = {
  SINGLE_SENDER: 0,
  BROADCAST_SENDER: 1,
  FILTER: 2,
  HASH_AGGREGATE: 3,
  HASH_JOIN: 4,
  MERGE_JOIN: 5,
  HASH_PARTITION_SENDER: 6,
  MERGING_RECEIVER: 8,
  PROJECT: 10,
  UNORDERED_RECEIVER: 11,
  SCREEN: 13,
  EXTERNAL_SORT: 17,
  PARQUET_ROW_GROUP_SCAN: 21,
  HIVE_SUB_SCAN: 22,
  PARQUET_WRITER: 25,
  TEXT_SUB_SCAN: 28,
  JSON_SUB_SCAN: 29,
  NESTED_LOOP_JOIN: 35,
  MONGO_SUB_SCAN: 37,
  ARROW_WRITER: 43,
  WRITER_COMMITTER: 49,
  ROUND_ROBIN_SENDER: 50,
  ICEBERG_SUB_SCAN: 52,
  TABLE_FUNCTION: 53,
  DELTALAKE_SUB_SCAN: 54,
  DIR_LISTING_SUB_SCAN: 55,
  MANIFEST_WRITER: 58,
  BRIDGE_FILE_WRITER_SENDER: 60,
  BRIDGE_FILE_READER_RECEIVER: 61,
  ICEBERG_METADATA_FUNCTIONS_READER: 64,
} as const satisfies Partial<Record<CoreOperatorTypeName, number>>;

const SCAN_TYPES: ReadonlySet<number> = new Set([
  21, 22, 23, 26, 28, 29, 30, 36, 37, 38, 39, 41, 42, 45, 47, 52, 53, 54, 55, 59, 64, 65, 66,
]);
const JOIN_TYPES: ReadonlySet<number> = new Set([4, 5, 35]);
const SENDER_TYPES: ReadonlySet<number> = new Set([0, 1, 6, 9, 12, 50, 60]);
const RECEIVER_TYPES: ReadonlySet<number> = new Set([8, 11, 61]);

/** The `CoreOperatorType` name, or `UNKNOWN_OPERATOR_<n>` for a number this table does not know. */
export function operatorTypeName(operatorType: number): string {
  return CORE_OPERATOR_TYPES[operatorType] ?? `UNKNOWN_OPERATOR_${operatorType}`;
}

export function isScanOperator(operatorType: number): boolean {
  return SCAN_TYPES.has(operatorType);
}

export function isJoinOperator(operatorType: number): boolean {
  return JOIN_TYPES.has(operatorType);
}

export function isExchangeOperator(operatorType: number): boolean {
  return SENDER_TYPES.has(operatorType) || RECEIVER_TYPES.has(operatorType);
}

const TABLE_FUNCTION_TYPES_25_2 = [
  'UNKNOWN',
  'METADATA_MANIFEST_FILE_SCAN',
  'SPLIT_GEN_MANIFEST_SCAN',
  'DATA_FILE_SCAN',
  'EASY_DATA_FILE_SCAN',
  'SPLIT_GENERATION',
  'EASY_SPLIT_GENERATION',
  'DIR_LISTING_SPLIT_GENERATION',
  'FOOTER_READER',
  'SCHEMA_AGG',
  'SPLIT_ASSIGNMENT',
  'BOOST_TABLE_FUNCTION',
  'ICEBERG_PARTITION_TRANSFORM',
  'DELETED_FILES_METADATA',
  'ICEBERG_SPLIT_GEN',
  'ICEBERG_MANIFEST_SCAN',
  'ICEBERG_DELETE_FILE_AGG',
  'ICEBERG_DML_MERGE_DUPLICATE_CHECK',
  'ICEBERG_OPTIMIZE_MANIFESTS',
  'ICEBERG_ORPHAN_FILE_DELETE',
  'ICEBERG_MANIFEST_LIST_SCAN',
  'ICEBERG_PARTITION_STATS_SCAN',
  'DIR_LISTING',
  'ICEBERG_TABLE_LOCATION_FINDER',
  'ICEBERG_INCREMENTAL_REFRESH_JOIN_KEY',
  'DELTALAKE_HISTORY_SCAN',
  'TRIGGER_PIPE_EASY_DATA_SCAN',
  'MERGE_ON_READ_ROW_SPLITTER',
  'MANIFEST_FILE_DUPLICATE_REMOVE',
] as const;

// 24.3–25.1 match 25.2 up to ICEBERG_TABLE_LOCATION_FINDER (23), then differ.
const TABLE_FUNCTION_TYPES_24_3 = [
  ...TABLE_FUNCTION_TYPES_25_2.slice(0, 24),
  'ICEBERG_SNAPSHOTS_SCAN',
  'ICEBERG_INCREMENTAL_REFRESH_JOIN_KEY',
  'DELTALAKE_HISTORY_SCAN',
] as const;

// 24.0 has no DIR_LISTING_SPLIT_GENERATION, so everything after EASY_SPLIT_GENERATION moves down one.
const TABLE_FUNCTION_TYPES_24_0 = [
  ...TABLE_FUNCTION_TYPES_25_2.slice(0, 7),
  ...TABLE_FUNCTION_TYPES_25_2.slice(8, 18),
] as const;

/** Table-function type names for a release; the index is `operatorSubtype`. */
export function tableFunctionTypesFor(dremioVersion: string | undefined): readonly string[] {
  const release = parseDremioRelease(dremioVersion);
  if (isAtLeast(release, 25, 2)) return TABLE_FUNCTION_TYPES_25_2;
  if (isAtLeast(release, 24, 3)) return TABLE_FUNCTION_TYPES_24_3;
  return TABLE_FUNCTION_TYPES_24_0;
}

/** The TABLE_FUNCTION subtype name (`DATA_FILE_SCAN`, …) or `UNKNOWN_SUBTYPE_<n>`. */
export function tableFunctionTypeName(options: {
  dremioVersion: string | undefined;
  subtype: number;
}): string {
  return (
    tableFunctionTypesFor(options.dremioVersion)[options.subtype] ?? `UNKNOWN_SUBTYPE_${options.subtype}`
  );
}
