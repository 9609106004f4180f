/** Mean and sample standard deviation, by Welford's update so long series of large values stay exact. */

export interface Moments {
  readonly count: number;
  /** NaN when there are no values. */
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for one value, NaN for none. */
  readonly stddev: number;
}

export function moments(values: readonly number[]): Moments {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (const value of values) {
    count++;
    const delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  }
  if (count === 0) return { count, mean: Number.NaN, stddev: Number.NaN };
  return { count, mean, stddev: count === 1 ? 0 : Math.sqrt(m2 / (count - 1)) };
}

export function mean(values: readonly number[]): number {
  return moments(values).mean;
}

export function stddev(values: readonly number[]): number {
  return moments(values).stddev;
}
