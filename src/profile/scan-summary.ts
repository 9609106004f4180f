import type { OperatorSummary, ScanSummary } from '../domain/profile-summary.js';
import { isScanOperator } from './operator-types.js';
import type { PlanNode } from './plan-text.js';

const REFLECTION_ROOT = '__accelerator';

/** Pruning evidence in plan attributes, by the names Dremio's `explainTerms` print. */
const PARTITION_FILTER_ATTRS = ['partitionFilters', 'partitionFilter'];
const PRUNE_CONDITION_ATTRS = ['pruneCondition'];
const MANIFEST_FILTER_ATTRS = ['ManifestList Filter Expression', 'ManifestFile Filter AnyColExpression'];
const FILTER_ATTRS = ['filters', 'filter', 'rowGroupFilter', 'rowGroupFilters', 'row_group_filter'];

/**
 * Every scan operator with its plan attributes (table, columns, splits, filters) and its read and
 * pruning metrics. Pruning found on another plan line of the same table (e.g. an Iceberg manifest-list
 * scan feeding a DATA_FILE_SCAN) counts for every scan of that table.
 */
export function summarizeScans(options: {
  operators: readonly OperatorSummary[];
  planByKey: ReadonlyMap<string, PlanNode>;
  /** Attributes of plan lines from other plans (planning phases), searched for pruning by table. */
  otherPlanLines?: readonly { readonly attributes: Readonly<Record<string, string>> }[];
}): readonly ScanSummary[] {
  const tableEvidence = evidenceByTable([...options.planByKey.values(), ...(options.otherPlanLines ?? [])]);
  return options.operators
    .filter((op) => isScanOperator(op.operatorType))
    .map((op) => {
      const attributes = options.planByKey.get(op.key)?.attributes ?? {};
      const table = attributes.table;
      const sameTable = table === undefined ? undefined : tableEvidence.get(table);
      const m = (name: string) => op.metrics[name] ?? 0;
      const splits = attributes.splits === undefined ? undefined : Number(attributes.splits);
      return {
        key: op.key,
        typeName: op.typeName,
        subtypeName: op.subtypeName,
        table,
        columns: splitColumns(attributes.columns),
        splits: splits !== undefined && Number.isFinite(splits) ? splits : undefined,
        hasFilter: hasAny(attributes, FILTER_ATTRS),
        hasPartitionFilter: hasAny(attributes, PARTITION_FILTER_ATTRS) || (sameTable?.partition ?? false),
        hasPruneCondition: hasAny(attributes, PRUNE_CONDITION_ATTRS) || (sameTable?.prune ?? false),
        hasManifestFilter: hasAny(attributes, MANIFEST_FILTER_ATTRS) || (sameTable?.manifest ?? false),
        readsReflection: isReflectionPath(table),
        recordsRead: op.recordsOut,
        bytesRead: m('TOTAL_BYTES_READ') || m('PARQUET_BYTES_READ') || op.bytesIn,
        rowGroups: m('NUM_ROW_GROUPS'),
        rowGroupsPruned: m('NUM_ROW_GROUPS_PRUNED'),
        pagesPruned: m('NUM_PAGES_PRUNED'),
        partitionsPrunedByRuntimeFilter: m('NUM_PARTITIONS_PRUNED'),
        runtimeFilters: m('NUM_RUNTIME_FILTERS'),
        dataFiles: m('NUM_DATA_FILE'),
        manifestFiles: m('NUM_MANIFEST_FILE'),
        processNanos: op.processNanos.sum,
        waitNanos: op.waitNanos.sum,
      };
    });
}

function evidenceByTable(nodes: readonly { readonly attributes: Readonly<Record<string, string>> }[]) {
  const byTable = new Map<string, { partition: boolean; prune: boolean; manifest: boolean }>();
  for (const node of nodes) {
    const table = node.attributes.table;
    if (table === undefined) continue;
    const current = byTable.get(table) ?? { partition: false, prune: false, manifest: false };
    byTable.set(table, {
      partition: current.partition || hasAny(node.attributes, PARTITION_FILTER_ATTRS),
      prune: current.prune || hasAny(node.attributes, PRUNE_CONDITION_ATTRS),
      manifest: current.manifest || hasAny(node.attributes, MANIFEST_FILTER_ATTRS),
    });
  }
  return byTable;
}

function hasAny(attributes: Readonly<Record<string, string>>, names: readonly string[]): boolean {
  return names.some((name) => {
    const value = attributes[name];
    return value !== undefined && value !== '' && value !== 'null' && value !== 'true';
  });
}

function splitColumns(columns: string | undefined): readonly string[] {
  if (columns === undefined || columns.trim() === '') return [];
  return columns.split(/,\s*/).map((c) => c.trim().replace(/^`(.*)`$/, '$1'));
}

/** Reflection materializations are read from the `__accelerator` source. */
export function isReflectionPath(table: string | undefined): boolean {
  if (table === undefined) return false;
  const first = table.replace(/^["`[]/, '').split(/["`\].]/)[0];
  return first === REFLECTION_ROOT;
}
