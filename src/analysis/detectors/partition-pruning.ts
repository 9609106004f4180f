import { z } from 'zod';
import type { Dataset } from '../../domain/dataset.js';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { ProfileSummary, ScanSummary } from '../../domain/profile-summary.js';
import { formatCount } from '../../domain/units.js';
import type { DetectorThresholds, JobContext, JobDetector, JobHit } from '../detector.js';
import { runningMsOf } from '../job-time.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface PartitionPruningThresholds extends DetectorThresholds {
  /** Files (splits) the unpruned scan read. */
  readonly splits: Ladder;
  /** The table's scans' share of the job's operator time (process + wait) below which they do not matter. */
  readonly minTimeShare: number;
  /** With file statistics, a scan reading less than this fraction of the table's files was pruned somehow. */
  readonly minFractionOfFilesRead: number;
  /** Without catalog metadata the table may not be partitioned at all: only report scans this wide. */
  readonly minSplitsWithoutMetadata: number;
}

export type PartitionPruningEvidence = {
  readonly table: string;
  readonly partitionColumns: readonly string[] | null;
  readonly scanOperatorKeys: readonly string[];
  readonly splits: number;
  readonly totalFiles: number | null;
  readonly fractionOfFilesRead: number | null;
  readonly rowGroups: number;
  readonly rowGroupsPruned: number;
  readonly partitionsPrunedByRuntimeFilter: number;
  readonly recordsRead: number;
  readonly bytesRead: number;
  readonly hasPartitionFilter: false;
  readonly hasPruneCondition: false;
  readonly hasManifestFilter: false;
  readonly scanMs: number;
  readonly timeShare: number;
  readonly runningMs: number;
  readonly planExcerpt: string | null;
  readonly otherUnprunedTables: readonly string[];
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: PartitionPruningThresholds = {
  // dqd: a manifest list without a filter expression whose scan takes > 5% of the query; the zbel plan
  // marks > 1000 partitions scanned HIGH.
  splits: ascending(100, 1000, 5000, 20_000),
  minTimeShare: 0.05,
  minFractionOfFilesRead: 0.5,
  minSplitsWithoutMetadata: 1000,
  stake: DEFAULT_STAKE,
};

const schema = z.object({
  splits: ladderSchema,
  minTimeShare: z.number().min(0).max(1),
  minFractionOfFilesRead: z.number().min(0).max(1),
  minSplitsWithoutMetadata: z.number().nonnegative(),
  stake: stakeThresholdsSchema,
});

/** Maintenance statements read whole tables on purpose. */
const FULL_READ_KINDS: ReadonlySet<string> = new Set([
  'refresh-reflection',
  'optimize',
  'vacuum',
  'refresh-metadata',
]);

interface TableRead {
  readonly table: string;
  readonly scans: readonly ScanSummary[];
  readonly splits: number;
  readonly nanos: number;
  readonly dataset: Dataset | undefined;
  readonly totalFiles: number | null;
}

function pathKey(path: string): string {
  return path.replace(/["`[\]]/g, '').toLowerCase();
}

// Every job of a snapshot shares one datasets map; index it once, not once per job.
const indexed = new WeakMap<ReadonlyMap<string, Dataset>, ReadonlyMap<string, Dataset>>();
const NO_DATASETS: ReadonlyMap<string, Dataset> = new Map();

function datasetsByKey(datasets: ReadonlyMap<string, Dataset> | undefined): ReadonlyMap<string, Dataset> {
  if (datasets === undefined) return NO_DATASETS;
  let byKey = indexed.get(datasets);
  if (byKey === undefined) {
    byKey = new Map([...datasets.values()].map((d) => [pathKey(d.path), d]));
    indexed.set(datasets, byKey);
  }
  return byKey;
}

function wasPruned(s: ScanSummary): boolean {
  return (
    s.hasPartitionFilter ||
    s.hasPruneCondition ||
    s.hasManifestFilter ||
    s.rowGroupsPruned > 0 ||
    s.partitionsPrunedByRuntimeFilter > 0
  );
}

function totalFilesOf(dataset: Dataset | undefined): number | null {
  if (dataset === undefined || dataset.files.length === 0) return null;
  const whole = dataset.files.find((f) => f.partition === '');
  return whole?.fileCount ?? dataset.files.reduce((sum, f) => sum + f.fileCount, 0);
}

function unprunedReads(context: JobContext, profile: ProfileSummary): TableRead[] {
  const byTable = new Map<string, ScanSummary[]>();
  for (const scan of profile.scans) {
    if (scan.table === undefined || scan.readsReflection) continue;
    byTable.set(scan.table, [...(byTable.get(scan.table) ?? []), scan]);
  }
  const datasets = datasetsByKey(context.datasets);
  const reads: TableRead[] = [];
  for (const [table, scans] of byTable) {
    if (scans.some(wasPruned) || scans.every((s) => s.recordsRead <= 0)) continue;
    const dataset = datasets.get(pathKey(table));
    if (dataset !== undefined && dataset.partitionFields.length === 0) continue;
    const splits = Math.max(0, ...scans.map((s) => s.splits ?? s.dataFiles));
    const nanos = scans.reduce((sum, s) => sum + s.processNanos + s.waitNanos, 0);
    reads.push({ table, scans, splits, nanos, dataset, totalFiles: totalFilesOf(dataset) });
  }
  return reads.sort((a, b) => b.nanos - a.nanos);
}

function qualifies(read: TableRead, thresholds: PartitionPruningThresholds): boolean {
  if (read.dataset === undefined) return read.splits >= thresholds.minSplitsWithoutMetadata;
  if (read.totalFiles === null || read.totalFiles <= 0) return true;
  return read.splits / read.totalFiles >= thresholds.minFractionOfFilesRead;
}

function isMaintenance(context: JobContext): boolean {
  const kind = context.facts?.statementKind;
  return (
    (kind !== undefined && FULL_READ_KINDS.has(kind)) ||
    (context.job.queryType ?? '').startsWith('ACCELERATOR')
  );
}

/** The plan line that shows what pruning was (not) applied: the one carrying `splits`, else any scan line. */
function planExcerpt(profile: ProfileSummary, scans: readonly ScanSummary[]): string | null {
  const keys = [...scans].sort((a, b) => Number(b.splits !== undefined) - Number(a.splits !== undefined));
  const lines = profile.planText.split('\n').map((l) => l.trim());
  for (const { key } of keys) {
    const line = lines.find((l) => l.startsWith(`${key} `));
    if (line !== undefined) return line.slice(0, 400);
  }
  return null;
}

function evidenceOf(read: TableRead, others: readonly TableRead[]) {
  const sum = (f: (s: ScanSummary) => number) => read.scans.reduce((total, s) => total + f(s), 0);
  return {
    table: read.table,
    partitionColumns: read.dataset?.partitionFields.map((f) => f.column) ?? null,
    scanOperatorKeys: read.scans.map((s) => s.key),
    splits: read.splits,
    totalFiles: read.totalFiles,
    fractionOfFilesRead: read.totalFiles ? read.splits / read.totalFiles : null,
    rowGroups: sum((s) => s.rowGroups),
    rowGroupsPruned: 0,
    partitionsPrunedByRuntimeFilter: 0,
    recordsRead: Math.max(...read.scans.map((s) => s.recordsRead)),
    bytesRead: Math.max(...read.scans.map((s) => s.bytesRead)),
    hasPartitionFilter: false,
    hasPruneCondition: false,
    hasManifestFilter: false,
    scanMs: read.nanos / 1e6,
    otherUnprunedTables: others.map((o) => o.table),
  } as const;
}

function detect(
  context: JobContext,
  thresholds: PartitionPruningThresholds,
): JobHit<PartitionPruningEvidence> | undefined {
  const profile = context.profile;
  if (profile === undefined || isMaintenance(context)) return undefined;
  const totalNanos = profile.operators.reduce((sum, op) => sum + op.processNanos.sum + op.waitNanos.sum, 0);
  if (totalNanos <= 0) return undefined;
  const reads = unprunedReads(context, profile).filter(
    (r) => qualifies(r, thresholds) && r.nanos / totalNanos >= thresholds.minTimeShare,
  );
  const [read, ...others] = reads;
  if (read === undefined) return undefined;
  const timeShare = read.nanos / totalNanos;
  const runningMs = runningMsOf(context, profile);
  const timeAtStakeMs = timeShare * runningMs;
  const assessment = assess({
    symptoms: [{ quantity: 'splits', value: read.splits, unit: 'files', ladder: thresholds.splits }],
    timeShare,
    impactMsPerDay: timeAtStakeMs * context.runsPerDay,
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    // Without the catalog's partition spec we cannot tell an unpartitioned table from an unpruned one.
    confidence: read.dataset === undefined ? 0.5 : 0.9,
    title: `Scan of ${read.table} read ${formatCount(read.splits)} files without partition pruning`,
    timeAtStakeMs,
    evidence: {
      ...evidenceOf(read, others),
      timeShare,
      runningMs,
      planExcerpt: planExcerpt(profile, read.scans),
      thresholds: assessment.thresholds,
    },
  };
}

/** A partitioned table was read in full: no partition filter, prune condition or manifest filter applied. */
export const partitionPruningDetector: JobDetector<PartitionPruningThresholds> = {
  id: 'partition-pruning',
  scope: 'job',
  title: 'Partitioned table scanned without pruning',
  rule:
    'Groups the profile scans by table and flags the costliest table read with no pruning evidence at all (no ' +
    'partitionFilters, pruneCondition, manifest filter expression, pruned row groups or runtime-pruned partitions) ' +
    'when the catalog says the table is partitioned, the scan read at least minFractionOfFilesRead of its files ' +
    'and took at least minTimeShare of the operator time. Maintenance jobs (reflection refresh, OPTIMIZE) are skipped.',
  needs: ['job', 'profile', 'datasets'],
  defaults,
  schema,
  detect,
};
