import { z } from 'zod';
import type { Dataset } from '../../domain/dataset.js';
import { datasetPathKey } from '../../domain/dataset-path.js';
import type { ThresholdCrossed } from '../../domain/finding.js';
import type { ProfileSummary } from '../../domain/profile-summary.js';
import type {
  DetectorThresholds,
  FindingDraft,
  FingerprintGroup,
  JobContext,
  WorkloadDetector,
  WorkloadSnapshot,
} from '../detector.js';
import { ascending, type Ladder, ladderSchema } from '../ladder.js';
import { assess, DEFAULT_STAKE, stakeThresholdsSchema } from '../stake.js';

export interface SelectStarThresholds extends DetectorThresholds {
  /** Columns the star expands to (read by the scan when a profile shows it). */
  readonly columnCount: Ladder;
  /** Runs of the fingerprint in the window: a one-off exploration is not a pattern. */
  readonly minRuns: number;
}

export type SelectStarEvidence = {
  readonly datasetPath: string;
  readonly qualifier: string | null;
  readonly datasetColumnCount: number;
  /** Columns the profile's scan of the dataset read (largest over the runs), null without a profile. */
  readonly columnsRead: number | null;
  readonly scanOperatorKeys: readonly string[];
  readonly runs: number;
  readonly profiledRuns: number;
  readonly scanMs: number;
  readonly durationMs: number;
  readonly timeShare: number;
  readonly sampleJobId: string;
  readonly thresholds: readonly ThresholdCrossed[];
};

const defaults: SelectStarThresholds = {
  // A star over 20+ columns reads far more than a dashboard tile needs; sqlcheck rates SELECT * high risk,
  // pt-query-advisor a note. Narrow tables (a 3-column lookup) are fine either way.
  columnCount: ascending(20, 40, 80, 160),
  minRuns: 3,
  // A SQL-shape finding: reported even when little time is at stake, with severity damped to match.
  stake: { ...DEFAULT_STAKE, minImpactMsPerDay: 0 },
};

const schema = z.object({
  columnCount: ladderSchema,
  minRuns: z.number().int().nonnegative(),
  stake: stakeThresholdsSchema,
});

function findDataset(snapshot: WorkloadSnapshot, name: string): Dataset | undefined {
  const direct = snapshot.datasets.get(name.replace(/"/g, ''));
  if (direct !== undefined) return direct;
  const key = datasetPathKey(name);
  for (const dataset of snapshot.datasets.values()) if (datasetPathKey(dataset.path) === key) return dataset;
  return undefined;
}

interface ScanUse {
  readonly columnsRead: number;
  readonly scanNanos: number;
  readonly keys: readonly string[];
}

function scanUse(profile: ProfileSummary, datasetPath: string): ScanUse | undefined {
  const key = datasetPathKey(datasetPath);
  const scans = profile.scans.filter((s) => s.table !== undefined && datasetPathKey(s.table) === key);
  if (scans.length === 0) return undefined;
  return {
    columnsRead: Math.max(...scans.map((s) => s.columns.length)),
    scanNanos: scans.reduce((sum, s) => sum + s.processNanos + s.waitNanos, 0),
    keys: scans.map((s) => s.key),
  };
}

function isCountedRun(context: JobContext): boolean {
  // Dremio's dataset preview issues SELECT * itself; the user did not write it. A cache hit read no column.
  return (
    context.job.state === 'COMPLETED' &&
    context.job.queryType !== 'UI_PREVIEW' &&
    context.resultsCacheHit !== true
  );
}

function widestStar(
  group: FingerprintGroup,
  snapshot: WorkloadSnapshot,
): { dataset: Dataset; qualifier: string | null } | undefined {
  let best: { dataset: Dataset; qualifier: string | null } | undefined;
  for (const star of group.facts?.selectStars ?? []) {
    for (const table of star.tables) {
      const dataset = findDataset(snapshot, table);
      if (dataset !== undefined && dataset.columns.length > (best?.dataset.columns.length ?? -1))
        best = { dataset, qualifier: star.qualifier };
    }
  }
  return best;
}

function detectGroup(
  group: FingerprintGroup,
  snapshot: WorkloadSnapshot,
  thresholds: SelectStarThresholds,
): FindingDraft<SelectStarEvidence> | undefined {
  if (group.facts?.statementKind !== 'select') return undefined;
  const star = widestStar(group, snapshot);
  if (star === undefined) return undefined;
  const runs = group.jobs.filter(isCountedRun);
  if (runs.length === 0 || runs.length < thresholds.minRuns) return undefined;
  let columnsRead: number | null = null;
  let scanMs = 0;
  let durationMs = 0;
  let profiledRuns = 0;
  const keys = new Set<string>();
  for (const run of runs) {
    const runMs = run.job.durationMs ?? run.profile?.durationMs ?? 0;
    durationMs += runMs;
    const use = run.profile === undefined ? undefined : scanUse(run.profile, star.dataset.path);
    if (run.profile === undefined || use === undefined) {
      scanMs += run.job.phases.runningMs ?? 0;
      continue;
    }
    profiledRuns++;
    columnsRead = Math.max(columnsRead ?? 0, use.columnsRead);
    for (const k of use.keys) keys.add(k);
    const share = run.profile.totalProcessNanos > 0 ? use.scanNanos / run.profile.totalProcessNanos : 0;
    scanMs += runMs * Math.min(1, share);
  }
  const width = columnsRead ?? star.dataset.columns.length;
  const timeShare = durationMs > 0 ? scanMs / durationMs : 0;
  const assessment = assess({
    symptoms: [{ quantity: 'columnCount', value: width, unit: 'columns', ladder: thresholds.columnCount }],
    timeShare,
    impactMsPerDay: scanMs / Math.max(snapshot.window.days, 1 / 24),
    stake: thresholds.stake,
  });
  if (assessment === undefined) return undefined;
  return {
    severity: assessment.severity,
    confidence: columnsRead === null ? 0.6 : 0.9,
    title: `SELECT * reads ${width} columns of ${star.dataset.path}`,
    subject: { kind: 'fingerprint', fingerprint: group.fingerprint, sampleSql: group.sampleSql },
    jobIds: runs.map((r) => r.job.jobId),
    impactMsPerDay: scanMs / Math.max(snapshot.window.days, 1 / 24),
    evidence: {
      datasetPath: star.dataset.path,
      qualifier: star.qualifier,
      datasetColumnCount: star.dataset.columns.length,
      columnsRead,
      scanOperatorKeys: [...keys].sort(),
      runs: runs.length,
      profiledRuns,
      scanMs,
      durationMs,
      timeShare,
      sampleJobId: runs[0]!.job.jobId,
      thresholds: assessment.thresholds,
    },
  };
}

function detect(snapshot: WorkloadSnapshot, thresholds: SelectStarThresholds): readonly FindingDraft[] {
  return [...snapshot.fingerprints.values()].flatMap(
    (group) => detectGroup(group, snapshot, thresholds) ?? [],
  );
}

/** SELECT * (or t.*) over a wide dataset, confirmed by the columns the scan actually read. */
export const selectStarDetector: WorkloadDetector<SelectStarThresholds> = {
  id: 'select-star',
  scope: 'workload',
  title: 'SELECT * on a wide table',
  rule:
    'For every fingerprint whose SQL selects * or t.* from a dataset, takes the widest such dataset from the ' +
    'catalog. When a profile shows the scan of that dataset, the columns it read replace the catalog width, so a ' +
    'star that projection pushdown narrowed does not count. Flags it when that width reaches the lowest rung over ' +
    'at least minRuns completed runs (Dremio previews excluded); the time at stake is the scan’s share of each ' +
    "run's operator time, so severity stays low when the runs are cheap.",
  needs: ['fingerprint-history', 'datasets'],
  defaults,
  schema,
  detect,
};
