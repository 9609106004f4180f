import type { RangeHint, SimTable, SqlColumn, SqlRow } from '../../../src/simulator/world.js';

export interface MemoryTableOptions {
  readonly name: string;
  readonly columns: readonly SqlColumn[];
  readonly naturalOrder: readonly string[];
  readonly rows: () => Iterable<SqlRow>;
}

/** A SimTable over generated rows that records the hints and how many rows each scan produced. */
export interface MemoryTable extends SimTable {
  readonly scans: { hints: readonly RangeHint[]; rowsProduced: number }[];
}

export function memoryTable(options: MemoryTableOptions): MemoryTable {
  const scans: MemoryTable['scans'] = [];
  return {
    name: options.name,
    columns: options.columns,
    naturalOrder: options.naturalOrder,
    scans,
    *scan(hints) {
      const record = { hints, rowsProduced: 0 };
      scans.push(record);
      for (const row of options.rows()) {
        record.rowsProduced += 1;
        yield row;
      }
    },
  };
}
