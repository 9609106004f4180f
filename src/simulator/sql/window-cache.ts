import type { SqlRow } from '../world.js';

/**
 * Keeps the first page of a few recent results, so the page the count pass already produced is not
 * generated twice. Bounded by entries × rows, never by table size; evicts the oldest entry.
 */
export class WindowCache {
  private readonly entries = new Map<object, readonly SqlRow[]>();
  readonly maxEntries: number;
  readonly maxRows: number;

  constructor(options: { maxEntries: number; maxRows: number }) {
    this.maxEntries = options.maxEntries;
    this.maxRows = options.maxRows;
  }

  set(key: object, rows: readonly SqlRow[]): void {
    this.entries.delete(key);
    this.entries.set(key, rows);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get(key: object): readonly SqlRow[] | undefined {
    return this.entries.get(key);
  }
}
