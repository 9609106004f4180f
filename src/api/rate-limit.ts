/** The state of one client's budget after a request was counted. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the budget is full again. */
  readonly resetSeconds: number;
}

export interface RateLimiter {
  take(client: string): RateDecision;
}

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per client. The clock is transport timing, not data logic, and is
 * injectable so tests step it instead of sleeping.
 */
export function createRateLimiter(options: {
  readonly perMinute: number;
  readonly now?: () => number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(client) {
      const t = now();
      const start = Math.floor(t / WINDOW_MS) * WINDOW_MS;
      let window = windows.get(client);
      if (window === undefined || window.start !== start) {
        window = { start, count: 0 };
        windows.set(client, window);
      }
      const resetSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - t) / 1000));
      if (window.count >= options.perMinute) {
        return { allowed: false, limit: options.perMinute, remaining: 0, resetSeconds };
      }
      window.count++;
      return {
        allowed: true,
        limit: options.perMinute,
        remaining: options.perMinute - window.count,
        resetSeconds,
      };
    },
  };
}
