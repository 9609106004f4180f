import type { Reflection, ReflectionRefresh } from '../domain/reflection.js';
import { type Fields, integer, text, timestamp } from './field-values.js';

const TYPES = new Set(['RAW', 'AGGREGATION', 'EXTERNAL']);

/** A refresh of a reflection, from a `sys.materializations` row. */
export interface MaterializationRefresh extends ReflectionRefresh {
  readonly reflectionId: string;
}

export function refreshFromMaterializationRow(row: Fields): MaterializationRefresh | undefined {
  const reflectionId = text(row, 'reflection_id');
  const materializationId = text(row, 'materialization_id');
  if (reflectionId === null || materializationId === null) return undefined;
  return {
    reflectionId,
    materializationId,
    startedAt: timestamp(row, 'last_refresh_from_pds') ?? timestamp(row, 'created'),
    durationMs: known(integer(row, 'last_refresh_duration_millis')),
    state: text(row, 'state'),
    sizeBytes: toNumber(integer(row, 'size_bytes')),
    failureMessage: text(row, 'failure_msg'),
  };
}

/**
 * A reflection from its `sys.reflections` (Cloud: `sys.project.reflections`) row. Usage counters and
 * refresh facts exist from 25.0; on older versions they stay null and detectors fall back to history.
 */
export function reflectionFromSysRow(
  row: Fields,
  refreshes: readonly ReflectionRefresh[],
): Reflection | undefined {
  const reflectionId = text(row, 'reflection_id');
  if (reflectionId === null) return undefined;
  const type = text(row, 'type');
  const status = text(row, 'status');
  return {
    reflectionId,
    name: text(row, 'reflection_name'),
    type: type !== null && TYPES.has(type) ? (type as Reflection['type']) : 'UNKNOWN',
    datasetId: text(row, 'dataset_id'),
    datasetPath: text(row, 'dataset_name'),
    enabled: status === null ? null : status !== 'DISABLED',
    status,
    refreshStatus: text(row, 'refresh_status'),
    availabilityStatus: text(row, 'acceleration_status'),
    dimensions: columnList(text(row, 'dimensions')),
    measures: columnList(text(row, 'measures')),
    displayColumns: columnList(text(row, 'display_columns')),
    partitionColumns: columnList(text(row, 'partition_columns')),
    currentSizeBytes: known(integer(row, 'current_footprint_bytes')),
    consideredCount: known(integer(row, 'considered_count')),
    matchedCount: known(integer(row, 'matched_count')),
    chosenCount: known(integer(row, 'accelerated_count')),
    failureCount: toNumber(integer(row, 'num_failures')),
    lastFailureMessage: text(row, 'last_failure_message'),
    lastRefreshAt: timestamp(row, 'last_refresh_from_table') ?? timestamp(row, 'last_refresh_finished'),
    lastRefreshDurationMs: known(integer(row, 'last_refresh_duration_millis')),
    createdAt: timestamp(row, 'created_at'),
    refreshes,
  };
}

/** `a, b (SUM, COUNT), c` → `['a', 'b (SUM, COUNT)', 'c']`: commas inside parentheses do not split. */
export function columnList(value: string | null): readonly string[] {
  if (value === null) return [];
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value.replace(/^\[|\]$/g, '')) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

function toNumber(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}

/** `sys.reflections` prints -1 for a count, size or duration it does not know. */
function known(value: bigint | null): number | null {
  return value === null || value < 0n ? null : Number(value);
}
