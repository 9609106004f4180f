/**
 * A job's physical plan as the simulator models it: the single source for the plan text, the
 * profile's fragments and operators, and the job row's totals, so all three always agree.
 */
import type { TableColumn } from '../model.js';

export const OP_KINDS = [
  'screen',
  'project',
  'filter',
  'hash-agg',
  'hash-join',
  'nested-loop-join',
  'external-sort',
  'top-n',
  'limit',
  'exchange',
  'data-file-scan',
  'split-gen',
  'manifest-list',
  'writer',
  'writer-committer',
] as const;
export type OpKind = (typeof OP_KINDS)[number];

export const EXCHANGE_KINDS = ['union', 'merge', 'hash', 'broadcast', 'round-robin'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

export interface SpillFacts {
  readonly spilledBytes: number;
  readonly spillCount: number;
  readonly spilledRecords: number;
}

export interface ScanFacts {
  /** Dotted dataset path, or the `__accelerator` path of a reflection materialization. */
  readonly datasetPath: string;
  readonly filesRead: number;
  readonly bytesRead: number;
  readonly manifestsRead: number;
  /** True when a partition filter reached the manifest scan (pruning happened). */
  readonly pruned: boolean;
}

/** How a fragment's work spreads over its minor fragments (weights sum to 1). */
export interface FragmentSpread {
  readonly weights: readonly number[];
}

export interface PlanNode {
  readonly kind: OpKind;
  /**
   * The operator's text in the plan, e.g. `HashAgg(group=[{0}], revenue=[SUM($1)])`; rendered only
   * for profiles, so job rows never pay for the string building.
   */
  readonly text: () => string;
  readonly children: readonly PlanNode[];
  readonly columns: readonly TableColumn[];
  /** Actual output records, summed over minor fragments. */
  readonly outRows: number;
  /** The planner's `rowcount` estimate. */
  readonly estRows: number;
  readonly rowBytes: number;
  /** Process time summed over minor fragments. */
  readonly processNs: number;
  /** Time waiting on I/O summed over minor fragments. */
  readonly waitNs: number;
  readonly peakMemoryBytes: number;
  readonly exchange: ExchangeKind | undefined;
  /** For exchanges: how the child fragment's work is spread. */
  readonly spread: FragmentSpread | undefined;
  readonly scan: ScanFacts | undefined;
  readonly spill: SpillFacts | undefined;
}
