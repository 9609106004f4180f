import type { JobContext, WorkloadSnapshot } from '../analysis/detector.js';
import { refreshJobsByReflection } from '../analysis/reflection-health.js';
import { scannedBytesOf } from '../analysis/scanned-bytes.js';
import type { Dataset } from '../domain/dataset.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import type { EstimatedCost } from '../domain/recommendation.js';
import type { Reflection } from '../domain/reflection.js';
import { formatBytes } from '../domain/units.js';
import { datasetBytes } from './dataset-columns.js';
import { median, runningMsOf } from './job-time.js';

/** An aggregate reflection keeps one row per group: a small fraction of the table when nothing else is known. */
export const AGGREGATE_STORAGE_RATIO = 0.02;
/** Refreshes per day when no reflection in the snapshot shows a refresh history. */
export const DEFAULT_REFRESHES_PER_DAY = 1;
/** Small files come back as data keeps landing; OPTIMIZE is costed as a monthly job. */
export const OPTIMIZE_RUNS_PER_DAY = 1 / 30;
/**
 * The exchange rate that lets storage weigh against time: one GiB kept for a day counts as 1 s of query
 * time. Object storage costs about $0.023 per GB-month (0.08 ¢ per GiB-day); an executor-hour costs
 * about $1, so a GiB-day buys ≈ 2.7 s of one executor. Query time here is wall-clock over several
 * threads, so we take the lower 1 s.
 */
export const STORAGE_MS_PER_GIB_DAY = 1000;
const GIB = 1024 ** 3;

/** Storage held, in the query time it is worth per day at STORAGE_MS_PER_GIB_DAY. */
export function storageMsPerDay(bytes: number): number {
  return (bytes / GIB) * STORAGE_MS_PER_GIB_DAY;
}

/**
 * Refreshes per day the snapshot's reflections' histories show (median), else the default. Known gap: the
 * history may hold only the latest materialization, so this undercounts; counting refresh jobs instead
 * (as refreshWorkOf does) makes new reflections on large tables cost a full scan per real refresh, which
 * needs an incremental-refresh model first (left to the reflection-set work).
 */
export function observedRefreshesPerDay(snapshot: WorkloadSnapshot): { perDay: number; observed: boolean } {
  const days = Math.max(snapshot.window.days, 1 / 24);
  const from = snapshot.window.from.getTime();
  const rates = snapshot.reflections
    .map((r) => r.refreshes.filter((f) => f.startedAt === null || f.startedAt.getTime() >= from).length)
    .filter((n) => n > 0)
    .map((n) => n / days);
  return rates.length === 0
    ? { perDay: DEFAULT_REFRESHES_PER_DAY, observed: false }
    : { perDay: median(rates), observed: true };
}

/** Time to read the whole dataset once, from how fast its jobs read the part they scanned. */
export function fullScanMs(options: {
  readonly jobs: readonly JobContext[];
  readonly bytes: number | undefined;
}): number {
  const scaled = options.jobs.flatMap((c) => {
    const scanned = scannedBytesOf(c) ?? 0;
    const running = runningMsOf(c);
    if (options.bytes === undefined || scanned <= 0) return [running];
    return [running * Math.max(1, options.bytes / scanned)];
  });
  return median(scaled);
}

function refreshHistoryMs(reflections: readonly Reflection[], datasetPath: string): number | undefined {
  const durations = reflections
    .filter((r) => r.datasetPath !== null && datasetPathKey(r.datasetPath) === datasetPathKey(datasetPath))
    .flatMap((r) => r.refreshes.flatMap((f) => f.durationMs ?? []));
  return durations.length === 0 ? undefined : median(durations);
}

export interface RefreshWork {
  readonly msPerDay: number;
  readonly refreshes: number;
  /** Where the count comes from: the refresh jobs of the window, the materialization history, or a guess. */
  readonly source: 'refresh-jobs' | 'history' | 'last-refresh';
}

/**
 * Refresh work one reflection did per day in the window. The refresh jobs come first: sys.reflections and
 * the materialization list keep only the latest materialization, so the history alone counts one refresh
 * per window however often it ran.
 */
export function refreshWorkOf(snapshot: WorkloadSnapshot, reflection: Reflection): RefreshWork {
  const days = Math.max(snapshot.window.days, 1 / 24);
  const jobs = refreshJobsByReflection(snapshot).get(reflection.reflectionId) ?? [];
  const jobsMs = jobs.reduce((sum, c) => sum + (c.job.durationMs ?? 0), 0);
  if (jobsMs > 0) return { msPerDay: jobsMs / days, refreshes: jobs.length, source: 'refresh-jobs' };
  const from = snapshot.window.from.getTime();
  const inWindow = reflection.refreshes.filter((f) => f.startedAt === null || f.startedAt.getTime() >= from);
  const total = inWindow.reduce((sum, f) => sum + (f.durationMs ?? 0), 0);
  if (total > 0) return { msPerDay: total / days, refreshes: inWindow.length, source: 'history' };
  const rate = observedRefreshesPerDay(snapshot).perDay;
  return {
    msPerDay: (reflection.lastRefreshDurationMs ?? 0) * rate,
    refreshes: rate * days,
    source: 'last-refresh',
  };
}

/** Refresh work one reflection did per day in the window (see refreshWorkOf). */
export function refreshMsPerDayOf(snapshot: WorkloadSnapshot, reflection: Reflection): number {
  return refreshWorkOf(snapshot, reflection).msPerDay;
}

export interface ReflectionCostOptions {
  readonly snapshot: WorkloadSnapshot;
  readonly datasetPath: string;
  readonly dataset: Dataset | undefined;
  readonly type: 'aggregate' | 'raw';
  readonly columnCount: number;
  readonly jobs: readonly JobContext[];
}

/** Storage from the dataset's size; refresh time from refresh history on the dataset, else a full scan. */
export function reflectionCost(options: ReflectionCostOptions): EstimatedCost {
  const bytes = datasetBytes(options.dataset);
  const allColumns = Math.max(options.dataset?.columns.length ?? 0, options.columnCount, 1);
  const storageBytes =
    bytes === undefined
      ? 0
      : options.type === 'raw'
        ? bytes * (options.columnCount / allColumns)
        : bytes * AGGREGATE_STORAGE_RATIO;
  const history = refreshHistoryMs(options.snapshot.reflections, options.datasetPath);
  const oneOffMs = history ?? fullScanMs({ jobs: options.jobs, bytes });
  const rate = observedRefreshesPerDay(options.snapshot);
  const storage =
    bytes === undefined
      ? 'dataset size unknown, storage not estimated'
      : options.type === 'raw'
        ? `${options.columnCount} of ${allColumns} columns of ${formatBytes(bytes)}`
        : `${AGGREGATE_STORAGE_RATIO * 100}% of ${formatBytes(bytes)}`;
  const refresh =
    history === undefined
      ? `one refresh ≈ a full scan of the dataset at its jobs' read speed`
      : `one refresh ≈ the median refresh of reflections on this dataset`;
  const per = rate.observed
    ? `${rate.perDay.toFixed(2)} refreshes a day as observed`
    : `${DEFAULT_REFRESHES_PER_DAY} refresh a day assumed`;
  return {
    storageBytes: Math.round(storageBytes),
    refreshMsPerDay: oneOffMs * rate.perDay,
    oneOffMs,
    basis: `${storage}; ${refresh}; ${per}`,
  };
}
