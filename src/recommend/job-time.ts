import type { JobContext } from '../analysis/detector.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import type { ProfileSummary } from '../domain/profile-summary.js';

const AGGREGATE_TYPES: ReadonlySet<string> = new Set(['HASH_AGGREGATE', 'STREAMING_AGGREGATE']);

export function isAccelerated(context: JobContext): boolean {
  return (
    context.job.accelerated === true ||
    context.job.reflectionRelationships.some((r) => r.relationship === 'CHOSEN') ||
    context.profile?.acceleration.accelerated === true
  );
}

export function durationOf(context: JobContext): number {
  return context.job.durationMs ?? context.profile?.durationMs ?? 0;
}

export function runningMsOf(context: JobContext): number {
  return context.job.phases.runningMs ?? context.profile?.stateDurationsMs.running ?? durationOf(context);
}

function share(profile: ProfileSummary, nanos: number): number {
  return profile.totalProcessNanos > 0 ? Math.min(1, nanos / profile.totalProcessNanos) : 0;
}

/** Share of the job's operator time spent scanning this dataset (every scan when `datasetPath` is null). */
export function scanShare(profile: ProfileSummary, datasetPath: string | null): number {
  const scans = profile.scans.filter(
    (s) =>
      datasetPath === null ||
      (s.table !== undefined && datasetPathKey(s.table) === datasetPathKey(datasetPath)),
  );
  return share(
    profile,
    scans.reduce((sum, s) => sum + s.processNanos, 0),
  );
}

/** Share spent in scans of the dataset and in aggregations: what an aggregate reflection replaces. */
export function scanAndAggregateShare(profile: ProfileSummary, datasetPath: string): number {
  const aggNanos = profile.operators
    .filter((o) => AGGREGATE_TYPES.has(o.typeName))
    .reduce((sum, o) => sum + o.processNanos.sum, 0);
  return Math.min(1, scanShare(profile, datasetPath) + share(profile, aggNanos));
}

export function readsDataset(context: JobContext, datasetPath: string): boolean {
  const key = datasetPathKey(datasetPath);
  return (
    context.job.queriedDatasets.some((d) => datasetPathKey(d) === key) ||
    context.job.scannedDatasets.some((d) => datasetPathKey(d) === key) ||
    (context.facts?.tables.some((t) => datasetPathKey(t.name) === key) ?? false)
  );
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Share of the job's operator time (processing plus waiting) its scans of the dataset spent waiting,
 * mostly on opening files: the part that shrinks with the file count.
 */
export function fileWaitShare(profile: ProfileSummary, datasetPath: string): number {
  const totalWait = profile.operators.reduce((sum, o) => sum + o.waitNanos.sum, 0);
  const total = profile.totalProcessNanos + totalWait;
  const wait = profile.scans
    .filter((s) => s.table !== undefined && datasetPathKey(s.table) === datasetPathKey(datasetPath))
    .reduce((sum, s) => sum + s.waitNanos, 0);
  return total > 0 ? Math.min(1, wait / total) : 0;
}

/** Rows the query's filters kept, out of the rows they saw; undefined without a filter operator. */
export function filterSelectivity(profile: ProfileSummary): number | undefined {
  const filters = profile.operators.filter((o) => o.typeName === 'FILTER' && o.recordsIn > 0);
  if (filters.length === 0) return undefined;
  const kept = filters.reduce((sum, o) => sum + o.recordsOut, 0);
  const seen = filters.reduce((sum, o) => sum + o.recordsIn, 0);
  return Math.min(1, kept / seen);
}
