export interface RunEveryOptions {
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  /** One cycle; the next starts only after it ends, so cycles never overlap. */
  readonly cycle: (index: number) => Promise<void>;
  /** Called when a cycle throws; the schedule goes on. */
  readonly onError: (error: unknown, index: number) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Runs `cycle` at a fixed rate until the signal fires. A cycle that runs longer than the interval
 * delays the next one instead of overlapping it; a stop request lets the running cycle finish.
 * Returns the number of cycles run.
 */
export async function runEvery(options: RunEveryOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  let index = 0;
  let next = now();
  while (!options.signal.aborted) {
    try {
      await options.cycle(index);
    } catch (error) {
      options.onError(error, index);
    }
    index++;
    next += options.intervalMs;
    const wait = next - now();
    if (wait < 0) next = now();
    else await sleep(wait, options.signal);
  }
  return index;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
