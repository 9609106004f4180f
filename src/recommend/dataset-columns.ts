import type { Dataset } from '../domain/dataset.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import type { SqlColumnRef, SqlFacts } from '../domain/sql-facts.js';
import { canonicalPath, sameName } from '../sql/table-path.js';

export function findDataset(datasets: ReadonlyMap<string, Dataset>, path: string): Dataset | undefined {
  const direct = datasets.get(path);
  if (direct !== undefined) return direct;
  const key = datasetPathKey(path);
  for (const d of datasets.values()) if (datasetPathKey(d.path) === key) return d;
  return undefined;
}

/**
 * The dataset whose catalog path has these parts (case-insensitive, as Dremio resolves names). Parts,
 * not a dotted key: `a."b.c"` and `a.b.c` are different datasets.
 */
export function findDatasetByParts(
  datasets: ReadonlyMap<string, Dataset>,
  parts: readonly string[],
): Dataset | undefined {
  for (const d of datasets.values())
    if (d.pathParts.length === parts.length && d.pathParts.every((p, i) => sameName(p, parts[i]!))) return d;
  return undefined;
}

/** A dataset as a recommendation's target: its catalog parts, quoted as Dremio prints them. */
export function datasetTarget(dataset: Dataset): { readonly kind: 'dataset'; readonly path: string } {
  return {
    kind: 'dataset',
    path: dataset.pathParts.length > 0 ? canonicalPath(dataset.pathParts) : dataset.path,
  };
}

/** Whether a column reference in these facts belongs to the dataset (unqualified with one table counts). */
export function belongsTo(ref: SqlColumnRef, facts: SqlFacts, datasetPath: string): boolean {
  if (ref.table !== null) return datasetPathKey(ref.table) === datasetPathKey(datasetPath);
  return facts.tables.length === 1 && datasetPathKey(facts.tables[0]!.name) === datasetPathKey(datasetPath);
}

/**
 * The column's name as the catalog spells it, or undefined when the catalog knows the dataset's columns
 * and this is not one of them (an alias, a typo); without catalog columns the name is kept as written.
 */
export function catalogColumn(dataset: Dataset | undefined, name: string): string | undefined {
  if (dataset === undefined || dataset.columns.length === 0) return name;
  const lower = name.toLowerCase();
  return dataset.columns.find((c) => c.name.toLowerCase() === lower)?.name;
}

export function columnType(dataset: Dataset | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return dataset?.columns.find((c) => c.name.toLowerCase() === lower)?.type;
}

/** The dataset's size on disk: the table total from file statistics, else the sum over partitions. */
export function datasetBytes(dataset: Dataset | undefined): number | undefined {
  if (dataset === undefined || dataset.files.length === 0) return undefined;
  const total = dataset.files.find((f) => f.partition === '');
  return total?.totalBytes ?? dataset.files.reduce((sum, f) => sum + f.totalBytes, 0);
}

export function datasetFileCount(dataset: Dataset | undefined): number | undefined {
  if (dataset === undefined || dataset.files.length === 0) return undefined;
  const total = dataset.files.find((f) => f.partition === '');
  return total?.fileCount ?? dataset.files.reduce((sum, f) => sum + f.fileCount, 0);
}
