import type { SqlColumn, SqlRow, SqlValue } from '../world.js';
import type { ResultSource } from './job-registry.js';

/** A column's `type` as Dremio's JobDataSerializer writes it; lists carry their element type. */
function typeOf(column: SqlColumn): Record<string, unknown> {
  if (column.type === 'LIST') return { name: 'LIST', subSchema: [{ type: { name: 'VARCHAR' } }] };
  return { name: column.type };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Safe bigints become numbers (same JSON text), so the page can take the native serialiser. */
function withSafeNumbers(row: SqlRow): SqlRow {
  let copy: Record<string, SqlValue> | undefined;
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'bigint' && value <= MAX_SAFE && value >= -MAX_SAFE) {
      copy ??= { ...row };
      copy[key] = Number(value);
    }
  }
  return copy ?? row;
}

/** `GET /api/v3/job/{id}/results`: `rowCount` is the whole result, `rows` one page of it (§2.3). */
export function renderResultsPage(
  result: ResultSource | undefined,
  page: { offset: number; limit: number },
): Record<string, unknown> {
  if (result === undefined) return { rowCount: 0, schema: [], rows: [] };
  return {
    rowCount: result.rowCount,
    schema: result.columns.map((column) => ({ name: column.name, type: typeOf(column) })),
    rows: result.rows(page.offset, page.limit).map(withSafeNumbers),
  };
}
