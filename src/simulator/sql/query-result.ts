import type { SqlColumn, SqlRow, SqlValue } from '../world.js';
import type { BoundQuery } from './bind-query.js';
import { compareForSort } from './compare-values.js';
import type { WindowCache } from './window-cache.js';

/** A result set whose pages are computed on demand; it never holds more rows than it must. */
export interface QueryResultSet {
  readonly columns: readonly SqlColumn[];
  readonly rowCount: number;
  rows(offset: number, limit: number): SqlRow[];
}

export type ExecuteResult =
  | { readonly ok: true; readonly result: QueryResultSet }
  | { readonly ok: false; readonly message: string };

/** Beyond this, an ORDER BY that is not the table's natural order needs a LIMIT. */
export const MAX_SORTED_ROWS = 200_000;

function* matching(bound: BoundQuery): Generator<SqlRow> {
  for (const row of bound.table.scan(bound.hints)) {
    if (bound.predicate(row)) yield row;
  }
}

function projector(bound: BoundQuery): (row: SqlRow) => SqlRow {
  return (row) => {
    const out: Record<string, SqlValue> = {};
    for (const { source, column } of bound.output) out[column.name] = row[source] ?? null;
    return out;
  };
}

/** Rows arrive in the requested order: count once (stopping at OFFSET+LIMIT), then page with a cursor. */
function streamingResult(bound: BoundQuery, cache: WindowCache | undefined): QueryResultSet {
  const end = bound.limit === undefined ? Number.POSITIVE_INFINITY : bound.offset + bound.limit;
  const project = projector(bound);
  const key = {};
  const firstRows: SqlRow[] = [];
  let matched = 0;
  if (end > 0) {
    for (const row of matching(bound)) {
      matched += 1;
      if (cache !== undefined && matched > bound.offset && firstRows.length < cache.maxRows) {
        firstRows.push(project(row));
      }
      if (matched >= end) break;
    }
  }
  const rowCount = Math.max(0, matched - bound.offset);
  if (cache !== undefined && firstRows.length > 0) cache.set(key, firstRows);
  // Sequential paging resumes where the last page stopped instead of rescanning from the start.
  let cursor: { iterator: Iterator<SqlRow>; position: number } | undefined;
  return {
    columns: bound.output.map((o) => o.column),
    rowCount,
    rows(offset, limit) {
      const cached = cache?.get(key);
      const stopInWindow = Math.min(rowCount, offset + limit);
      if (cached !== undefined && stopInWindow <= cached.length) {
        return cached.slice(offset, stopInWindow);
      }
      const start = bound.offset + offset;
      const stop = bound.offset + stopInWindow;
      if (stop <= start) return [];
      if (cursor === undefined || cursor.position > start)
        cursor = { iterator: matching(bound), position: 0 };
      const page: SqlRow[] = [];
      while (cursor.position < stop) {
        const next = cursor.iterator.next();
        if (next.done) break;
        if (cursor.position >= start) page.push(project(next.value));
        cursor.position += 1;
      }
      return page;
    },
  };
}

function sortComparator(bound: BoundQuery): (a: SqlRow, b: SqlRow) => number {
  return (a, b) => {
    for (const { column, descending } of bound.orderBy) {
      const order = compareForSort(a[column] ?? null, b[column] ?? null);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}

/** Any other order: keep the best OFFSET+LIMIT rows (top-K), or sort at most MAX_SORTED_ROWS. */
function sortedResult(bound: BoundQuery): ExecuteResult {
  const compare = sortComparator(bound);
  const keep = bound.limit === undefined ? undefined : bound.offset + bound.limit;
  let buffer: SqlRow[] = [];
  for (const row of matching(bound)) {
    buffer.push(row);
    if (keep !== undefined && buffer.length >= 2 * keep + 1024) buffer = buffer.sort(compare).slice(0, keep);
    if (keep === undefined && buffer.length > MAX_SORTED_ROWS) {
      return {
        ok: false,
        message:
          `RESOURCE ERROR: The simulator sorts at most ${MAX_SORTED_ROWS} rows without a LIMIT. ` +
          `Add a LIMIT, or ORDER BY ${bound.table.naturalOrder.join(', ') || 'nothing'} (the natural order).`,
      };
    }
  }
  buffer.sort(compare);
  const window = buffer.slice(bound.offset, keep);
  const project = projector(bound);
  return {
    ok: true,
    result: {
      columns: bound.output.map((o) => o.column),
      rowCount: window.length,
      rows: (offset, limit) => window.slice(offset, offset + limit).map(project),
    },
  };
}

/** Runs a bound query lazily: the rows are produced page by page when asked for. */
export function executeBound(bound: BoundQuery, cache?: WindowCache): ExecuteResult {
  if (bound.naturallyOrdered) return { ok: true, result: streamingResult(bound, cache) };
  return sortedResult(bound);
}
