import type { SqlColumn } from '../world.js';
import type { ResultSource } from './job-registry.js';

/** A column's `type` as Dremio's JobDataSerializer writes it; lists carry their element type. */
function typeOf(column: SqlColumn): Record<string, unknown> {
  if (column.type === 'LIST') return { name: 'LIST', subSchema: [{ type: { name: 'VARCHAR' } }] };
  return { name: column.type };
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
    rows: result.rows(page.offset, page.limit),
  };
}
