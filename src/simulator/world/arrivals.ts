/**
 * When each historical job was submitted and what it runs. Workload arrivals follow a weekly and
 * daily rhythm (weekdays and working hours are busier); reflection refreshes run on a fixed period.
 * Only these two typed arrays are precomputed (≈10 bytes per job), everything else per job on demand.
 */
import { hash32, rngFor } from './prng.js';
import { MS_PER_DAY, MS_PER_HOUR } from './time-format.js';

export interface ArrivalOptions {
  readonly seed: number;
  readonly jobs: number;
  readonly days: number;
  readonly endAtMs: number;
  readonly templateWeights: readonly number[];
  readonly refreshingReflections: number;
}

export interface Arrivals {
  /** Strictly increasing integer epoch ms. */
  readonly submittedMs: Float64Array;
  /** Template index, or `templateCount + r` for a refresh of reflection r. */
  readonly kinds: Uint16Array;
}

const ARRIVAL_SALT = 0xa77;
/** Share of history that is reflection refreshes, at most. */
const MAX_REFRESH_SHARE = 0.04;
const REFRESH_PERIOD_MS = 6 * MS_PER_HOUR;

/** Relative load of an hour: working hours (UTC 08–18) on weekdays peak, nights and weekends are quiet. */
export function hourWeight(epochMs: number): number {
  const date = new Date(epochMs);
  const hour = date.getUTCHours();
  const weekday = date.getUTCDay();
  const dayFactor = weekday === 0 || weekday === 6 ? 0.3 : 1;
  const hourFactor =
    hour >= 8 && hour < 18 ? 2.2 + Math.sin(((hour - 8) / 10) * Math.PI) : hour >= 6 && hour < 21 ? 0.9 : 0.2;
  return dayFactor * hourFactor;
}

export function planArrivals(options: ArrivalOptions): Arrivals {
  const startMs = options.endAtMs - options.days * MS_PER_DAY;
  const refreshTimes = refreshSchedule(options, startMs);
  const workloadCount = Math.max(0, options.jobs - refreshTimes.length);
  const workload = workloadTimes(options, startMs, workloadCount);
  const submittedMs = new Float64Array(options.jobs);
  const kinds = new Uint16Array(options.jobs);
  const cumulative = cumulativeWeights(options.templateWeights);
  const templateCount = options.templateWeights.length;
  let w = 0;
  let r = 0;
  let previous = startMs - 1;
  for (let i = 0; i < options.jobs; i++) {
    const nextRefresh = refreshTimes[r];
    const takeRefresh =
      nextRefresh !== undefined && (w >= workload.length || nextRefresh.atMs <= (workload[w] ?? 0));
    const atMs = takeRefresh ? (nextRefresh?.atMs ?? 0) : (workload[w] ?? 0);
    const time = Math.max(Math.round(atMs), previous + 1);
    submittedMs[i] = time;
    previous = time;
    if (takeRefresh) {
      kinds[i] = templateCount + (nextRefresh?.reflection ?? 0);
      r++;
    } else {
      kinds[i] = pickTemplate(cumulative, hash32(options.seed, ARRIVAL_SALT, w) / 4294967296);
      w++;
    }
  }
  return { submittedMs, kinds };
}

function refreshSchedule(options: ArrivalOptions, startMs: number): { atMs: number; reflection: number }[] {
  const perReflection = Math.floor((options.days * MS_PER_DAY) / REFRESH_PERIOD_MS);
  const cap = Math.floor((options.jobs * MAX_REFRESH_SHARE) / Math.max(1, options.refreshingReflections));
  const count = Math.min(perReflection, cap);
  if (count === 0) return [];
  const periodMs = (options.days * MS_PER_DAY) / count;
  const times: { atMs: number; reflection: number }[] = [];
  for (let reflection = 0; reflection < options.refreshingReflections; reflection++) {
    const offset = (hash32(options.seed, ARRIVAL_SALT, 7, reflection) / 4294967296) * periodMs;
    for (let k = 0; k < count; k++) times.push({ atMs: startMs + offset + k * periodMs, reflection });
  }
  return times.sort((a, b) => a.atMs - b.atMs || a.reflection - b.reflection);
}

/** Stratified inverse-CDF sampling over hourly buckets: sorted by construction, no sort needed. */
function workloadTimes(options: ArrivalOptions, startMs: number, count: number): Float64Array {
  const hours = Math.max(1, Math.round(options.days * 24));
  const cdf = new Float64Array(hours + 1);
  for (let h = 0; h < hours; h++) cdf[h + 1] = (cdf[h] ?? 0) + hourWeight(startMs + h * MS_PER_HOUR + 1);
  const total = cdf[hours] ?? 1;
  const times = new Float64Array(count);
  const rng = rngFor(options.seed, ARRIVAL_SALT, 1);
  let bucket = 0;
  for (let k = 0; k < count; k++) {
    const target = ((k + rng.next()) / count) * total;
    while (bucket < hours - 1 && (cdf[bucket + 1] ?? 0) < target) bucket++;
    const low = cdf[bucket] ?? 0;
    const span = (cdf[bucket + 1] ?? low + 1) - low;
    times[k] = startMs + (bucket + (target - low) / span) * MS_PER_HOUR;
  }
  return times;
}

function cumulativeWeights(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    cumulative[i] = sum;
  });
  return cumulative.map((c) => c / sum);
}

function pickTemplate(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 1) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
