import type { WorkloadSnapshot } from '../../analysis/detector.js';
import type { Dataset } from '../../domain/dataset.js';
import { datasetPathKey } from '../../domain/dataset-path.js';
import { extractSqlFacts } from '../../sql/facts.js';

/** Views deeper than this are not followed: a cycle or a pathological catalog must not hang the builder. */
const MAX_DEPTH = 8;

function lookup(snapshot: WorkloadSnapshot, path: string): Dataset | undefined {
  const direct = snapshot.datasets.get(path);
  if (direct !== undefined) return direct;
  const key = datasetPathKey(path);
  for (const d of snapshot.datasets.values()) if (datasetPathKey(d.path) === key) return d;
  return undefined;
}

// Chains per snapshot and path: the planning advice asks for every dataset of every job of its findings
// (at 1M jobs, hundreds of thousands of asks for a few dozen views, each a parse of the view's SQL).
const chains = new WeakMap<WorkloadSnapshot, Map<string, readonly string[]>>();

/**
 * The longest chain of views under `path` as the catalog defines them (`path` first), read from each
 * view's SQL with our SQL layer; a single view over tables is a chain of one.
 */
export function viewChain(snapshot: WorkloadSnapshot, path: string): readonly string[] {
  let known = chains.get(snapshot);
  if (known === undefined) {
    known = new Map();
    chains.set(snapshot, known);
  }
  const kept = known.get(path);
  if (kept !== undefined) return kept;
  const chain = chainBelow(snapshot, path, 0);
  known.set(path, chain);
  return chain;
}

function chainBelow(snapshot: WorkloadSnapshot, path: string, depth: number): readonly string[] {
  const view = lookup(snapshot, path);
  if (view === undefined || view.kind !== 'view' || view.viewSql === null || depth >= MAX_DEPTH) return [];
  let longest: readonly string[] = [];
  for (const table of extractSqlFacts(view.viewSql).tables) {
    const below = chainBelow(snapshot, table.name, depth + 1);
    if (below.length > longest.length) longest = below;
  }
  return [view.path, ...longest];
}
