/**
 * `sys.reflections`, `sys.materializations` and `sys.reflection_dependencies` (Cloud:
 * `sys.project.*`), with each version's columns (dremio-api.md §6.1–6.3) and usage counts that
 * match the jobs' reflection relationships.
 */
import { canonicalPath } from '../../../sql/table-path.js';
import type { FlavorSpec } from '../../flavor.js';
import type { SimJob, SimTable, SqlColumn, SqlRow, SqlType } from '../../world.js';
import { datasetId, materializationId } from '../acceleration.js';
import { pathParts } from '../dataset-path.js';
import type { SimReflectionDef } from '../model.js';
import { sqlTimestamp } from '../time-format.js';
import type { WorldState } from '../world-state.js';

export interface ReflectionUsage {
  readonly considered: number;
  readonly matched: number;
  readonly chosen: number;
}

export interface ReflectionTableSource {
  readonly seed: number;
  readonly state: WorldState;
  usage(reflectionId: string): ReflectionUsage;
  /** The latest refresh job in history, if any. */
  lastRefresh(r: SimReflectionDef): SimJob | undefined;
  failedRefreshes(r: SimReflectionDef): number;
}

function columns(spec: string): SqlColumn[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [name = '', type = 'VARCHAR'] = item.split(':');
      return { name, type: type as SqlType };
    });
}

const REFLECTIONS_24_3 =
  columns(`reflection_id reflection_name type status dataset_id dataset_name dataset_type
  sort_columns partition_columns distribution_columns dimensions measures display_columns external_reflection
  num_failures:INTEGER arrow_cache:BOOLEAN`);
const REFLECTIONS_25 =
  columns(`reflection_id reflection_name type created_at:TIMESTAMP updated_at:TIMESTAMP status
  dataset_id dataset_name dataset_type sort_columns partition_columns distribution_columns dimensions measures
  display_columns external_reflection num_failures:INTEGER last_failure_message last_failure_stack arrow_cache:BOOLEAN
  refresh_status acceleration_status record_count:BIGINT current_footprint_bytes:BIGINT total_footprint_bytes:BIGINT
  last_refresh_duration_millis:BIGINT last_refresh_from_table:TIMESTAMP refresh_method available_until:TIMESTAMP
  considered_count:INTEGER matched_count:INTEGER accelerated_count:INTEGER`);
const REFLECTIONS_26 = [
  ...REFLECTIONS_25.filter((c) => c.name !== 'arrow_cache'),
  ...columns('reflection_mode last_refresh_decision last_refresh_finished:TIMESTAMP'),
];
const MATERIALIZATIONS =
  columns(`reflection_id materialization_id created:TIMESTAMP expires:TIMESTAMP size_bytes:BIGINT
  series_id:BIGINT init_refresh_job_id series_ordinal:INTEGER join_analysis state failure_msg data_partitions
  last_refresh_from_pds:TIMESTAMP last_refresh_finished:TIMESTAMP last_refresh_duration_millis:BIGINT`);
const MATERIALIZATIONS_26 = [...MATERIALIZATIONS, ...columns('refresh_decision is_stale:BOOLEAN')];
const DEPENDENCIES = columns('reflection_id dependency_id dependency_type dependency_path');

const EXPIRY_MS = 7 * 86_400_000;

/** Sentinels Dremio prints in `sys.reflections` when nothing was ever materialized. */
const UNKNOWN = -1;

function reflectionRow(r: SimReflectionDef, source: ReflectionTableSource): Record<string, SqlRow[string]> {
  const usage = source.usage(r.id);
  const last = source.lastRefresh(r);
  const finished = last?.phases.finalState ?? r.createdAtMs;
  const durationMs = last ? last.phases.finalState - last.submittedEpochMs : UNKNOWN;
  const status = !r.enabled ? 'DISABLED' : r.failing ? 'FAILED' : 'CAN_ACCELERATE';
  // A failing reflection here never had a good refresh: nothing is materialized, sizes are unknown.
  const materialized = r.enabled && !r.failing;
  return {
    reflection_id: r.id,
    reflection_name: r.name,
    type: r.type,
    created_at: sqlTimestamp(r.createdAtMs),
    updated_at: sqlTimestamp(r.createdAtMs),
    status,
    dataset_id: datasetId(source.seed, r.datasetPath),
    // Quoted as a SQL path, unlike the unquoted dotted names of job history.
    dataset_name: canonicalPath(pathParts(r.datasetPath)),
    dataset_type: source.state.views.has(r.datasetPath) ? 'VIRTUAL_DATASET' : 'PHYSICAL_DATASET',
    sort_columns: '',
    partition_columns: r.partitionColumns.join(', '),
    distribution_columns: '',
    dimensions: r.dimensionColumns.join(', '),
    // Column names only: the measure functions are not listed here.
    measures: r.measureColumns.join(', '),
    display_columns: r.displayColumns.join(', '),
    external_reflection: null,
    num_failures: r.failing ? source.failedRefreshes(r) : 0,
    last_failure_message: r.failing ? (last?.errorMessage ?? null) : null,
    last_failure_stack: null,
    arrow_cache: false,
    refresh_status: r.failing ? 'GIVEN_UP' : 'SCHEDULED',
    // The availability status, not the combined one (`status`).
    acceleration_status: materialized ? 'AVAILABLE' : 'NONE',
    record_count: BigInt(materialized ? r.recordCount : UNKNOWN),
    current_footprint_bytes: BigInt(materialized ? r.sizeBytes : 0),
    total_footprint_bytes: BigInt(materialized ? r.sizeBytes * 2 : 0),
    last_refresh_duration_millis: BigInt(r.failing ? UNKNOWN : durationMs),
    last_refresh_from_table: sqlTimestamp(r.failing ? 0 : (last?.submittedEpochMs ?? r.createdAtMs)),
    refresh_method: 'FULL',
    available_until: sqlTimestamp(r.failing ? 0 : finished + EXPIRY_MS),
    considered_count: usage.considered,
    matched_count: usage.matched,
    accelerated_count: usage.chosen,
    reflection_mode: 'MANUAL',
    last_refresh_decision: 'FULL_REFRESH',
    last_refresh_finished: sqlTimestamp(finished),
  };
}

function pick(row: Record<string, SqlRow[string]>, cols: readonly SqlColumn[]): SqlRow {
  return Object.fromEntries(cols.map((c) => [c.name, row[c.name] ?? null]));
}

function materializationRow(
  r: SimReflectionDef,
  source: ReflectionTableSource,
): Record<string, SqlRow[string]> {
  const last = source.lastRefresh(r);
  const finished = last?.phases.finalState ?? r.createdAtMs;
  return {
    reflection_id: r.id,
    materialization_id: materializationId(source.seed, r),
    created: sqlTimestamp(last?.submittedEpochMs ?? r.createdAtMs),
    expires: sqlTimestamp(finished + EXPIRY_MS),
    size_bytes: BigInt(r.sizeBytes),
    series_id: BigInt(Math.floor(r.createdAtMs / 1000)),
    init_refresh_job_id: last?.jobId ?? '',
    series_ordinal: 0,
    join_analysis: '',
    state: r.failing ? 'FAILED' : 'DONE',
    failure_msg: r.failing ? (last?.errorMessage ?? '') : '',
    data_partitions: '',
    last_refresh_from_pds: sqlTimestamp(last?.submittedEpochMs ?? r.createdAtMs),
    last_refresh_finished: sqlTimestamp(finished),
    last_refresh_duration_millis: BigInt(last ? finished - last.submittedEpochMs : 0),
    refresh_decision: 'FULL_REFRESH',
    is_stale: false,
  };
}

function staticTable(name: string, cols: readonly SqlColumn[], rows: () => SqlRow[]): SimTable {
  return { name, columns: cols, naturalOrder: [], scan: () => rows() };
}

export function reflectionTables(flavor: FlavorSpec, source: ReflectionTableSource): SimTable[] {
  const prefix = flavor.kind === 'cloud' ? 'sys.project' : 'sys';
  const newest = flavor.kind === 'cloud' || flavor.flavor === 'software-26';
  const reflectionCols =
    flavor.flavor === 'software-24.2' || flavor.flavor === 'software-24.3'
      ? REFLECTIONS_24_3
      : newest
        ? REFLECTIONS_26
        : REFLECTIONS_25;
  const materializationCols = newest ? MATERIALIZATIONS_26 : MATERIALIZATIONS;
  const all = () => [...source.state.reflections.values()];
  return [
    staticTable(`${prefix}.reflections`, reflectionCols, () =>
      all().map((r) => pick(reflectionRow(r, source), reflectionCols)),
    ),
    staticTable(`${prefix}.materializations`, materializationCols, () =>
      all().map((r) => pick(materializationRow(r, source), materializationCols)),
    ),
    staticTable(`${prefix}.reflection_dependencies`, DEPENDENCIES, () =>
      all().map((r) => ({
        reflection_id: r.id,
        dependency_id: datasetId(source.seed, r.datasetPath),
        dependency_type: 'DATASET',
        dependency_path: r.datasetPath,
      })),
    ),
  ];
}
