import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface HeapGovernorOptions {
  /** Garbage allowed above the live size before a collection, at least (MB). */
  readonly headroomMb: number;
  /** Or, when larger, live size × this: a big live set is not collected over and over. */
  readonly growth: number;
  /** How often the memory is read. */
  readonly intervalMs: number;
}

export interface HeapGovernor {
  /** Full collections the governor asked for. */
  readonly collections: () => number;
  stop(): void;
}

export const DEFAULT_HEAP_GOVERNOR: HeapGovernorOptions = { headroomMb: 64, growth: 2, intervalMs: 100 };

const MB = 1024 * 1024;
let running: HeapGovernor | undefined;

/** JavaScript heap plus the ArrayBuffers it holds (response bodies, compression buffers). */
function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Keeps memory near its live size in long streaming runs. V8 lets the old generation grow to about
 * four times the live data before a full collection (measured: ~50 MB live, 200–240 MB heap), and
 * buffers are freed only when their small heap wrappers are, so a collector or simulator that streams
 * a million rows page by page peaks at 350 MB of mostly garbage. `--max-old-space-size` cannot be
 * changed once the process runs and would crash an analysis that genuinely needs gigabytes;
 * collecting when memory passes a budget that follows the live size does neither. `--expose-gc` set at
 * run time exposes `gc` to new contexts (as jest's leak detector does). One per process; a second call
 * returns the first.
 */
export function startHeapGovernor(options: Partial<HeapGovernorOptions> = {}): HeapGovernor {
  if (running !== undefined) return running;
  const { headroomMb, growth, intervalMs } = { ...DEFAULT_HEAP_GOVERNOR, ...options };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const budgetAfter = (live: number) => Math.max(live + headroomMb * MB, live * growth);
  let budget = budgetAfter(usedBytes());
  let collections = 0;
  const timer = setInterval(() => {
    if (usedBytes() <= budget) return;
    gc();
    collections += 1;
    budget = budgetAfter(usedBytes());
  }, intervalMs);
  timer.unref();
  const governor: HeapGovernor = {
    collections: () => collections,
    stop: () => {
      clearInterval(timer);
      running = undefined;
    },
  };
  running = governor;
  return governor;
}
