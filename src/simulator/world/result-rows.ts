/** Deterministic result rows for workload queries, generated page by page (never materialised). */
import type { SqlColumn, SqlRow, SqlType, SqlValue } from '../world.js';
import type { TableColumn } from './model.js';
import { hash32 } from './prng.js';

const TYPE_MAP: Readonly<Record<TableColumn['type'], SqlType>> = {
  VARCHAR: 'VARCHAR',
  BIGINT: 'BIGINT',
  INTEGER: 'INTEGER',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  DATE: 'VARCHAR',
  TIMESTAMP: 'TIMESTAMP',
};

export function resultColumns(columns: readonly TableColumn[]): SqlColumn[] {
  return columns.map((c) => ({ name: c.name, type: TYPE_MAP[c.type] }));
}

function cell(column: TableColumn, row: number, col: number, salt: number): SqlValue {
  const h = hash32(salt, row, col);
  switch (column.type) {
    case 'BIGINT':
    case 'INTEGER':
      return h % 1_000_000;
    case 'DOUBLE':
    case 'DECIMAL':
      return Math.round((h % 10_000_000) / 10) / 100;
    case 'BOOLEAN':
      return h % 2 === 0;
    case 'DATE':
      return new Date(1_700_000_000_000 + (h % 400) * 86_400_000).toISOString().slice(0, 10);
    case 'TIMESTAMP':
      return new Date(1_700_000_000_000 + (h % 31_536_000) * 1000)
        .toISOString()
        .replace('T', ' ')
        .slice(0, 23);
    default:
      return `${column.name}_${h % 997}`;
  }
}

export function resultRows(options: {
  readonly columns: readonly TableColumn[];
  readonly rowCount: number;
  readonly salt: number;
  readonly offset: number;
  readonly limit: number;
}): SqlRow[] {
  const end = Math.min(options.rowCount, options.offset + Math.max(0, options.limit));
  const rows: SqlRow[] = [];
  for (let r = Math.max(0, options.offset); r < end; r++) {
    rows.push(Object.fromEntries(options.columns.map((c, i) => [c.name, cell(c, r, i, options.salt)])));
  }
  return rows;
}
