/**
 * Job-history tables, generated row by row in submitted order. A range hint on the epoch column
 * narrows the scan by binary search, so `WHERE submitted_epoch_millis > :watermark` over a million
 * jobs reads only the tail.
 */
import type { RangeHint, SimJob, SimTable, SqlColumn, SqlRow } from '../../world.js';

export interface JobSource {
  count(): number;
  submittedMs(index: number): number;
  job(index: number): SimJob;
}

export interface JobsTableOptions {
  readonly name: string;
  readonly columns: readonly SqlColumn[];
  readonly epochColumn: string;
  /** Units of the epoch column per millisecond: 1 (Software) or 1e6 (Cloud nanoseconds). */
  readonly unitsPerMs: number;
  readonly source: JobSource;
  /** Renders a job as history shows it at `nowMs`, the instant of the scan. */
  readonly row: (job: SimJob, nowMs: number) => SqlRow;
  /** The simulator's now: nothing submitted later exists yet (Software; Cloud's comes with `lagging`). */
  readonly nowMs?: () => number;
  /**
   * Cloud's history rule: the simulator's clock now, whether a job is visible at that clock, and
   * whether its row is written twice. Rows submitted after the clock can never be visible.
   */
  readonly lagging?: {
    readonly nowMs: () => number;
    readonly visible: (job: SimJob, nowMs: number) => boolean;
    readonly duplicated: (job: SimJob) => boolean;
  };
}

function toBig(value: number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

/** The [fromMs, toMs] window a set of hints allows on the epoch column. */
export function msWindow(hints: readonly RangeHint[], column: string, unitsPerMs: number): [number, number] {
  const scale = BigInt(unitsPerMs);
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (const hint of hints) {
    if (hint.column !== column) continue;
    if (hint.min) {
      const v = toBig(hint.min.value);
      const low = hint.min.inclusive ? ceilDiv(v, scale) : floorDiv(v, scale) + 1n;
      from = Math.max(from, Number(low));
    }
    if (hint.max) {
      const v = toBig(hint.max.value);
      const high = hint.max.inclusive ? floorDiv(v, scale) : ceilDiv(v, scale) - 1n;
      to = Math.min(to, Number(high));
    }
  }
  return [from, to];
}

/** First index whose submitted time is ≥ `ms`. */
export function lowerBound(source: JobSource, ms: number): number {
  let lo = 0;
  let hi = source.count();
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (source.submittedMs(mid) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function jobsTable(options: JobsTableOptions): SimTable {
  return {
    name: options.name,
    columns: options.columns,
    naturalOrder: [options.epochColumn, 'job_id'],
    scan(hints) {
      const [fromMs, toMs] = msWindow(hints, options.epochColumn, options.unitsPerMs);
      const { lagging, source } = options;
      // One instant per scan, so every page of one query sees the same history.
      const nowMs = lagging?.nowMs() ?? options.nowMs?.() ?? Number.POSITIVE_INFINITY;
      const lastMs = Math.min(toMs, nowMs);
      return {
        *[Symbol.iterator]() {
          const end = source.count();
          for (let i = Number.isFinite(fromMs) ? lowerBound(source, fromMs) : 0; i < end; i++) {
            if (source.submittedMs(i) > lastMs) return;
            const job = source.job(i);
            if (lagging === undefined) {
              yield options.row(job, nowMs);
              continue;
            }
            if (!lagging.visible(job, nowMs)) continue;
            const row = options.row(job, nowMs);
            yield row;
            if (lagging.duplicated(job)) yield row;
          }
        },
      };
    },
  };
}

/** `sys.jobs`: active jobs only, and the simulator's history has none. */
export function activeJobsTable(name: string, columns: readonly SqlColumn[]): SimTable {
  return { name, columns, naturalOrder: ['job_id'], scan: () => [] };
}
