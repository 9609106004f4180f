/** INFORMATION_SCHEMA `tables`, `columns`, `views` and `schemata` over the simulated catalog. */
import type { SimTable, SqlColumn, SqlRow } from '../../world.js';
import { pathParts } from '../dataset-path.js';
import type { TableColumn } from '../model.js';
import type { WorldState } from '../world-state.js';

const CATALOG = 'DREMIO';

function split(path: string): { schema: string; name: string } {
  const parts = pathParts(path);
  return { schema: parts.slice(0, -1).join('.'), name: parts[parts.length - 1] ?? '' };
}

const COLUMNS_COLUMNS: SqlColumn[] = [
  { name: 'TABLE_CATALOG', type: 'VARCHAR' },
  { name: 'TABLE_SCHEMA', type: 'VARCHAR' },
  { name: 'TABLE_NAME', type: 'VARCHAR' },
  { name: 'COLUMN_NAME', type: 'VARCHAR' },
  { name: 'ORDINAL_POSITION', type: 'INTEGER' },
  { name: 'COLUMN_DEFAULT', type: 'VARCHAR' },
  { name: 'IS_NULLABLE', type: 'VARCHAR' },
  { name: 'DATA_TYPE', type: 'VARCHAR' },
  { name: 'COLUMN_SIZE', type: 'INTEGER' },
  { name: 'CHARACTER_MAXIMUM_LENGTH', type: 'INTEGER' },
  { name: 'CHARACTER_OCTET_LENGTH', type: 'INTEGER' },
  { name: 'NUMERIC_PRECISION', type: 'INTEGER' },
  { name: 'NUMERIC_PRECISION_RADIX', type: 'INTEGER' },
  { name: 'NUMERIC_SCALE', type: 'INTEGER' },
  { name: 'DATETIME_PRECISION', type: 'INTEGER' },
  { name: 'INTERVAL_TYPE', type: 'VARCHAR' },
  { name: 'INTERVAL_PRECISION', type: 'INTEGER' },
];

const DATA_TYPES: Readonly<
  Record<TableColumn['type'], { name: string; size: number; precision: number | null }>
> = {
  VARCHAR: { name: 'CHARACTER VARYING', size: 65536, precision: null },
  BIGINT: { name: 'BIGINT', size: 19, precision: 64 },
  INTEGER: { name: 'INTEGER', size: 10, precision: 32 },
  DOUBLE: { name: 'DOUBLE', size: 15, precision: 53 },
  DECIMAL: { name: 'DECIMAL', size: 38, precision: 38 },
  BOOLEAN: { name: 'BOOLEAN', size: 1, precision: null },
  DATE: { name: 'DATE', size: 10, precision: null },
  TIMESTAMP: { name: 'TIMESTAMP', size: 23, precision: null },
};

function columnRow(path: string, col: TableColumn, position: number): SqlRow {
  const { schema, name } = split(path);
  const t = DATA_TYPES[col.type];
  return {
    TABLE_CATALOG: CATALOG,
    TABLE_SCHEMA: schema,
    TABLE_NAME: name,
    COLUMN_NAME: col.name,
    ORDINAL_POSITION: position,
    COLUMN_DEFAULT: null,
    IS_NULLABLE: 'YES',
    DATA_TYPE: t.name,
    COLUMN_SIZE: t.size,
    CHARACTER_MAXIMUM_LENGTH: col.type === 'VARCHAR' ? 65536 : null,
    CHARACTER_OCTET_LENGTH: col.type === 'VARCHAR' ? 65536 : null,
    NUMERIC_PRECISION: t.precision,
    NUMERIC_PRECISION_RADIX: t.precision === null ? null : col.type === 'DECIMAL' ? 10 : 2,
    NUMERIC_SCALE: col.type === 'DECIMAL' ? 2 : col.type === 'BIGINT' || col.type === 'INTEGER' ? 0 : null,
    DATETIME_PRECISION: col.type === 'TIMESTAMP' ? 3 : null,
    INTERVAL_TYPE: null,
    INTERVAL_PRECISION: null,
  };
}

export function informationSchemaTables(state: WorldState): SimTable[] {
  const datasets = () => [...state.tables.values(), ...state.views.values()];
  const schemas = () => [...new Set(datasets().map((d) => split(d.path).schema))].sort();
  return [
    {
      name: 'information_schema.tables',
      columns: ['TABLE_CATALOG', 'TABLE_SCHEMA', 'TABLE_NAME', 'TABLE_TYPE'].map((name) => ({
        name,
        type: 'VARCHAR',
      })),
      naturalOrder: [],
      scan: () =>
        datasets().map((d) => ({
          TABLE_CATALOG: CATALOG,
          TABLE_SCHEMA: split(d.path).schema,
          TABLE_NAME: split(d.path).name,
          TABLE_TYPE: d.kind === 'view' ? 'VIEW' : 'TABLE',
        })),
    },
    {
      name: 'information_schema.columns',
      columns: COLUMNS_COLUMNS,
      naturalOrder: [],
      scan: () => datasets().flatMap((d) => d.columns.map((col, i) => columnRow(d.path, col, i + 1))),
    },
    {
      name: 'information_schema.views',
      columns: ['TABLE_CATALOG', 'TABLE_SCHEMA', 'TABLE_NAME', 'VIEW_DEFINITION'].map((name) => ({
        name,
        type: 'VARCHAR',
      })),
      naturalOrder: [],
      scan: () =>
        [...state.views.values()].map((v) => ({
          TABLE_CATALOG: CATALOG,
          TABLE_SCHEMA: split(v.path).schema,
          TABLE_NAME: split(v.path).name,
          VIEW_DEFINITION: v.sql,
        })),
    },
    {
      name: 'information_schema.schemata',
      columns: ['CATALOG_NAME', 'SCHEMA_NAME', 'SCHEMA_OWNER', 'TYPE', 'IS_MUTABLE'].map((name) => ({
        name,
        type: 'VARCHAR',
      })),
      naturalOrder: [],
      scan: () =>
        schemas().map((schema) => ({
          CATALOG_NAME: CATALOG,
          SCHEMA_NAME: schema,
          SCHEMA_OWNER: '<owner>',
          TYPE: 'SIMPLE',
          IS_MUTABLE: 'NO',
        })),
    },
  ];
}
