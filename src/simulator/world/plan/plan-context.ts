/** What a template's plan builder may consult: its seeded randomness, the tables' current layout. */

import type { SimTableDef, TableColumn } from '../model.js';
import type { Rng } from '../prng.js';
import type { FragmentSpread } from './plan-node.js';

export interface PlanContext {
  readonly rng: Rng;
  table(path: string): SimTableDef;
  /** Maximum minor fragments per phase (executors × threads). */
  readonly width: number;
  /**
   * Memory per node a query may now hold, when a Queue Control change raised it above what the history
   * ran with; a spilling operator whose spill and held memory fit in it no longer spills.
   */
  readonly raisedMemoryBytes?: number;
  /** Whether the table has current column statistics (`ANALYZE TABLE … COMPUTE STATISTICS`). */
  statistics?(path: string): boolean;
}

/** The operator's spill, unless a raised memory limit now holds everything it spilled. */
export function spillUnlessItFits<T extends { readonly spilledBytes: number }>(
  c: PlanContext,
  spill: T | undefined,
  heldBytes: number,
): T | undefined {
  if (spill === undefined || c.raisedMemoryBytes === undefined) return spill;
  return spill.spilledBytes + heldBytes <= c.raisedMemoryBytes ? undefined : spill;
}

/**
 * A planner estimate: within ×0.6–1.6 of the actual rows, or exactly `offBy` times too low when a
 * template injects (or nearly injects) a misestimate.
 */
export function estimate(c: PlanContext, actual: number, offBy?: number): number {
  if (offBy !== undefined) return Math.max(1, Math.round(actual / offBy));
  return Math.max(1, Math.round(actual * c.rng.range(0.6, 1.6)));
}

/**
 * Weights for `minors` minor fragments. Without skew every weight is within ±10% of the mean, so
 * max/median stays below 1.25; `skewRatio` makes one minor that many times the median.
 */
export function spread(c: PlanContext, minors: number, skewRatio = 1): FragmentSpread {
  const raw = Array.from({ length: minors }, () => c.rng.range(0.92, 1.08));
  if (skewRatio > 1 && minors > 1) raw[c.rng.int(0, minors - 1)] = skewRatio;
  const total = raw.reduce((sum, w) => sum + w, 0);
  return { weights: raw.map((w) => w / total) };
}

export function columnsOf(table: SimTableDef, names: readonly string[]): TableColumn[] {
  return names.map((name) => {
    const column = table.columns.find((col) => col.name === name);
    if (!column) throw new RangeError(`column ${name} is not in ${table.path}`);
    return column;
  });
}

export function rowBytesOf(columns: readonly TableColumn[]): number {
  return columns.reduce((sum, col) => sum + (col.type === 'VARCHAR' ? 18 : 8), 0) || 8;
}
