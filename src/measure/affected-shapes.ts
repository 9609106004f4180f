import type { Dataset } from '../domain/dataset.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import { extractSqlFacts } from '../sql/index.js';
import { canonicalPath } from '../sql/table-path.js';
import type { ShapeActivity } from '../store/index.js';

/**
 * The dataset and every view that reads it, as path keys: a shape querying a view over a table is
 * affected by a change to the table.
 */
export function readersOf(path: string, datasets: ReadonlyMap<string, Dataset>): Set<string> {
  const keys = new Set([datasetPathKey(path)]);
  // Views over views: repeat until no new view joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of datasets.values()) {
      if (d.viewSql === null || keys.has(datasetPathKey(d.path))) continue;
      const reads = extractSqlFacts(d.viewSql).tables.map((t) => datasetPathKey(canonicalPath(t.path)));
      if (reads.some((k) => keys.has(k))) {
        keys.add(datasetPathKey(d.path));
        grew = true;
      }
    }
  }
  return keys;
}

/** Shapes whose runs read any of the keys; the rest are candidates for the drift control. */
export function splitShapes(
  activity: readonly ShapeActivity[],
  keys: ReadonlySet<string>,
): { readonly affected: ShapeActivity[]; readonly unaffected: ShapeActivity[] } {
  const affected: ShapeActivity[] = [];
  const unaffected: ShapeActivity[] = [];
  for (const shape of activity) {
    if (shape.datasets.some((d) => keys.has(datasetPathKey(d)))) affected.push(shape);
    else unaffected.push(shape);
  }
  return { affected, unaffected };
}
