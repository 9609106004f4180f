/**
 * Caps in-flight requests and spaces request starts, so the collector never floods a shared
 * coordinator, whatever the callers' own concurrency.
 */
export interface RequestLimiter {
  /** Waits for a slot and for the rate; the returned function frees the slot. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

export function createRequestLimiter(options: {
  maxConcurrency: number;
  maxRequestsPerSecond: number;
}): RequestLimiter {
  const maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
  const spacingMs = options.maxRequestsPerSecond > 0 ? 1000 / options.maxRequestsPerSecond : 0;
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let nextStartMs = 0;

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };

  const takeSlot = (): Promise<void> => {
    if (inFlight < maxConcurrency) {
      inFlight += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };

  const paceStart = async (): Promise<void> => {
    const nowMs = Date.now();
    const startMs = Math.max(nowMs, nextStartMs);
    nextStartMs = startMs + spacingMs;
    if (startMs > nowMs) await sleep(startMs - nowMs);
  };

  return {
    async acquire(signal) {
      await takeSlot();
      if (signal?.aborted) {
        release();
        throw signal.reason;
      }
      await paceStart();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    },
  };
}

export function sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, durationMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
