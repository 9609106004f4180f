import { performance } from 'node:perf_hooks';

/**
 * Wall time of the fastest of `passes` runs, after one warm-up run. The fastest pass is the least
 * disturbed by the other work on a shared machine, and both sides of a ratio are measured alike.
 */
export function bestOfMs(fn: () => void, passes: number): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < passes; pass++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Wall time and this process's CPU time (user + system) of `fn`: on a loaded machine they differ. */
export async function timeAsyncMs<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; elapsedMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, elapsedMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The fastest pass of each of two workloads, run alternately (a, b, a, b…) after one warm-up of each,
 * so a change in the machine's load hits both sides of the ratio alike.
 */
export function bestOfAlternatingMs(options: {
  readonly ours: () => void;
  readonly reference: () => void;
  readonly passes: number;
}): { oursMs: number; referenceMs: number } {
  options.ours();
  options.reference();
  let oursMs = Number.POSITIVE_INFINITY;
  let referenceMs = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < options.passes; pass++) {
    let start = performance.now();
    options.ours();
    oursMs = Math.min(oursMs, performance.now() - start);
    start = performance.now();
    options.reference();
    referenceMs = Math.min(referenceMs, performance.now() - start);
  }
  return { oursMs, referenceMs };
}
