import type { Dataset } from '../domain/dataset.js';
import type { SqlAggregate, SqlFacts } from '../domain/sql-facts.js';
import { belongsTo, catalogColumn } from './dataset-columns.js';

export const MEASURE_TYPES = ['SUM', 'COUNT', 'MIN', 'MAX', 'APPROX COUNT DISTINCT'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export interface Dimension {
  readonly name: string;
  /** Every query truncates it to days, so a day-granular dimension serves them all. */
  readonly byDay: boolean;
}

export interface Measure {
  readonly name: string;
  readonly types: readonly MeasureType[];
}

export interface AggregateShape {
  readonly dimensions: readonly Dimension[];
  readonly measures: readonly Measure[];
}

export interface RawShape {
  readonly display: readonly string[];
  /** Columns filtered by equality: partitioning on them lets every such query prune. */
  readonly partition: readonly string[];
  /** Range-filtered columns: sorting on them lets Parquet row-group statistics skip data. */
  readonly localSort: readonly string[];
}

/** What each aggregate needs from a reflection; a function it cannot serve makes its column a dimension. */
function measureTypesFor(a: SqlAggregate): readonly MeasureType[] | 'dimension' {
  if (a.distinct) return 'dimension';
  switch (a.function) {
    case 'SUM':
    case 'SUM0':
      return ['SUM', 'COUNT'];
    case 'AVG':
      return ['SUM', 'COUNT'];
    case 'COUNT':
      return ['COUNT'];
    case 'MIN':
      return ['MIN'];
    case 'MAX':
      return ['MAX'];
    case 'APPROX_COUNT_DISTINCT':
    case 'NDV':
      return ['APPROX COUNT DISTINCT'];
    default:
      return 'dimension';
  }
}

interface ShapeInput {
  readonly facts: SqlFacts;
  readonly datasetPath: string;
  readonly dataset: Dataset | undefined;
}

/** Dimensions from GROUP BY and filter columns (BY DAY where truncated to days), measures from aggregates. */
export function aggregateShape(input: ShapeInput): AggregateShape {
  const { facts, datasetPath, dataset } = input;
  const dims = new Map<string, boolean>();
  const addDim = (raw: string, byDay: boolean) => {
    const name = catalogColumn(dataset, raw);
    if (name !== undefined) dims.set(name, (dims.get(name) ?? true) && byDay);
  };
  for (const g of facts.groupBy)
    if (g.column !== null && belongsTo(g.column, facts, datasetPath)) addDim(g.column.name, g.dayGranularity);
  const measures = new Map<string, Set<MeasureType>>();
  for (const a of facts.aggregates) {
    if (a.column === null || !belongsTo(a.column, facts, datasetPath)) continue;
    const types = measureTypesFor(a);
    if (types === 'dimension') addDim(a.column.name, false);
    else {
      const name = catalogColumn(dataset, a.column.name);
      if (name === undefined) continue;
      const set = measures.get(name) ?? new Set<MeasureType>();
      for (const t of types) set.add(t);
      measures.set(name, set);
    }
  }
  for (const p of facts.predicates) {
    if (!belongsTo(p.column, facts, datasetPath)) continue;
    const name = catalogColumn(dataset, p.column.name);
    // A filter on a day-truncated dimension is served at day granularity when its bounds are dates.
    if (name !== undefined && !dims.has(name)) addDim(name, false);
  }
  return {
    dimensions: [...dims].map(([name, byDay]) => ({ name, byDay })),
    measures: [...measures].map(([name, types]) => ({ name, types: orderTypes(types) })),
  };
}

function orderTypes(types: ReadonlySet<MeasureType>): MeasureType[] {
  return MEASURE_TYPES.filter((t) => types.has(t));
}

/** Display columns the query uses (every column for a star over it), partition and sort from the filters. */
export function rawShape(input: ShapeInput): RawShape {
  const { facts, datasetPath, dataset } = input;
  const display = new Set<string>();
  const star = facts.selectStars.some((s) =>
    s.tables.some((t) => t.replaceAll('"', '').toLowerCase() === datasetPath.toLowerCase()),
  );
  if (star && dataset !== undefined) for (const c of dataset.columns) display.add(c.name);
  const clauses = facts.columns;
  const refs = [...clauses.select, ...clauses.where, ...clauses.join, ...clauses.groupBy, ...clauses.having];
  for (const ref of [...refs, ...clauses.orderBy, ...facts.aggregates.flatMap((a) => a.column ?? [])]) {
    if (!belongsTo(ref, facts, datasetPath)) continue;
    const name = catalogColumn(dataset, ref.name);
    if (name !== undefined) display.add(name);
  }
  const partition = new Set<string>();
  const localSort = new Set<string>();
  for (const p of facts.predicates) {
    if (p.negated || p.wrappedBy !== null || !belongsTo(p.column, facts, datasetPath)) continue;
    const name = catalogColumn(dataset, p.column.name);
    if (name === undefined) continue;
    if (p.comparison === 'eq' || p.comparison === 'in') partition.add(name);
    if (p.comparison === 'range') localSort.add(name);
  }
  return { display: [...display], partition: [...partition], localSort: [...localSort] };
}

/** One reflection for several queries: the union of their columns; BY DAY only when every query allows it. */
export function mergeAggregateShapes(shapes: readonly AggregateShape[]): AggregateShape {
  const dims = new Map<string, boolean>();
  const measures = new Map<string, Set<MeasureType>>();
  for (const s of shapes) {
    for (const d of s.dimensions) dims.set(d.name, (dims.get(d.name) ?? true) && d.byDay);
    for (const m of s.measures) {
      const set = measures.get(m.name) ?? new Set<MeasureType>();
      for (const t of m.types) set.add(t);
      measures.set(m.name, set);
    }
  }
  for (const name of dims.keys()) measures.delete(name);
  return {
    dimensions: [...dims].map(([name, byDay]) => ({ name, byDay })),
    measures: [...measures].map(([name, types]) => ({ name, types: orderTypes(types) })),
  };
}

export function mergeRawShapes(shapes: readonly RawShape[]): RawShape {
  const union = (pick: (s: RawShape) => readonly string[]) => [...new Set(shapes.flatMap(pick))];
  const display = union((s) => s.display);
  const localSort = union((s) => s.localSort);
  // Partition only on columns every query filters by equality, else some queries cannot prune.
  const partition = union((s) => s.partition).filter((c) => shapes.every((s) => s.partition.includes(c)));
  return { display, partition: partition.slice(0, 2), localSort: localSort.slice(0, 2) };
}
