import type { Dataset } from '../domain/dataset.js';
import type { SqlColumnRef, SqlFacts } from '../domain/sql-facts.js';
import { datasetPathKey } from '../sql/table-path.js';

export function findDataset(datasets: ReadonlyMap<string, Dataset>, path: string): Dataset | undefined {
  const direct = datasets.get(path);
  if (direct !== undefined) return direct;
  const key = datasetPathKey(path);
  for (const d of datasets.values()) if (datasetPathKey(d.path) === key) return d;
  return undefined;
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
