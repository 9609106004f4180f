import type { FingerprintGroup } from '../analysis/detector.js';
import { hasFailingStatus } from '../analysis/reflection-health.js';
import type { Change } from '../domain/change.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import type { RecommendationEvidence } from '../domain/recommendation.js';
import type { Reflection } from '../domain/reflection.js';
import { formatBytes, formatCount } from '../domain/units.js';

interface Before<T> {
  readonly before: T;
  readonly after: T;
}

/**
 * The part of the regression detector's evidence advice reads (recommend does not import detectors;
 * the evidence is the finding's public JSON).
 */
export interface RegressionEvidence {
  readonly firstRegressedJobId: string;
  readonly startedAt: string;
  readonly baselineRuns: number;
  readonly recentRuns: number;
  readonly baselineMedianMs: number;
  readonly recentMedianMs: number;
  readonly medianRatio: number;
  readonly baselineMedianBytesScanned: number | null;
  readonly recentMedianBytesScanned: number | null;
  readonly changes: {
    readonly planOperators?: Before<readonly string[]> & {
      readonly added: readonly string[];
      readonly removed: readonly string[];
    };
    readonly acceleratedShare?: Before<number>;
    readonly dremioVersion?: Before<string>;
    readonly queueName?: Before<string>;
    readonly failingReflectionIds?: readonly string[];
    readonly fileCount?: Before<number> & { readonly datasetPath: string };
  };
}

/** Scans this much larger or smaller count as a change in data volume (the detector's file-count step). */
export const VOLUME_RATIO = 1.5;
/** Stored changes this close before the first regressed run still count as around the change point. */
const CHANGE_SLACK_MS = 86_400_000;

/** One thing that changed around a regression's change point, with what would reverse it. */
export interface RegressionFactor {
  readonly name:
    | 'data-volume'
    | 'plan'
    | 'reflection-lost'
    | 'file-count'
    | 'dremio-version'
    | 'queue'
    | 'change';
  /** What changed, with the numbers. */
  readonly what: string;
  /** The change that reverses it, in words. */
  readonly reverse: string;
  readonly evidence: RecommendationEvidence;
}

export interface FactorInput {
  readonly evidence: RegressionEvidence;
  readonly group: FingerprintGroup | undefined;
  readonly reflections: readonly Reflection[];
  /** Changes the store recorded (apply, mark-applied, detection); absent when not loaded. */
  readonly changes: readonly Change[] | undefined;
}

/** Everything we hold that changed around the change point, each with its reversal. */
export function regressionFactors(input: FactorInput): RegressionFactor[] {
  const c = input.evidence.changes;
  const factors: RegressionFactor[] = [];
  const volume = volumeFactor(input.evidence);
  if (volume !== undefined) factors.push(volume);
  if (c.planOperators !== undefined) {
    const { added, removed } = c.planOperators;
    factors.push({
      name: 'plan',
      what: `the plan ${describeOperators(added, removed)}`,
      reverse:
        'compare the two profiles named in the evidence and restore what made the planner choose the old plan',
      evidence: {
        planOperatorsAdded: added.join(',') || null,
        planOperatorsRemoved: removed.join(',') || null,
      },
    });
  }
  if (c.acceleratedShare !== undefined) factors.push(reflectionFactor(input, c.acceleratedShare));
  if (c.fileCount !== undefined)
    factors.push({
      name: 'file-count',
      what: `${c.fileCount.datasetPath} went from ${formatCount(c.fileCount.before)} to ${formatCount(c.fileCount.after)} files`,
      reverse: `compact ${c.fileCount.datasetPath} with OPTIMIZE TABLE`,
      evidence: {
        fileCountDataset: c.fileCount.datasetPath,
        fileCountBefore: c.fileCount.before,
        fileCountAfter: c.fileCount.after,
      },
    });
  if (c.dremioVersion !== undefined)
    factors.push({
      name: 'dremio-version',
      what: `Dremio was upgraded from ${c.dremioVersion.before} to ${c.dremioVersion.after}`,
      reverse: `take the before and after profiles to Dremio support as a ${c.dremioVersion.after} planner regression`,
      evidence: { dremioVersionBefore: c.dremioVersion.before, dremioVersionAfter: c.dremioVersion.after },
    });
  if (c.queueName !== undefined)
    factors.push({
      name: 'queue',
      what: `its runs moved from queue ${c.queueName.before} to ${c.queueName.after}`,
      reverse: `route it back to queue ${c.queueName.before} (the workload management rule that matches it)`,
      evidence: { queueBefore: c.queueName.before, queueAfter: c.queueName.after },
    });
  factors.push(...storedChangeFactors(input));
  return factors;
}

function volumeFactor(e: RegressionEvidence): RegressionFactor | undefined {
  const before = e.baselineMedianBytesScanned;
  const after = e.recentMedianBytesScanned;
  if (before === null || after === null || before <= 0) return undefined;
  const ratio = after / before;
  if (ratio < VOLUME_RATIO && ratio > 1 / VOLUME_RATIO) return undefined;
  return {
    name: 'data-volume',
    what: `each run scans ${ratio.toFixed(1)}× the data (median ${formatBytes(before)} → ${formatBytes(after)})`,
    reverse:
      ratio > 1
        ? 'filter it to the range it needs, or serve it from an aggregate reflection that reads the growth once a refresh'
        : 'check that the source still holds the data it should (it scans less yet runs slower)',
    evidence: { bytesScannedMedianBefore: before, bytesScannedMedianAfter: after },
  };
}

function reflectionFactor(input: FactorInput, share: { before: number; after: number }): RegressionFactor {
  const changeAtMs = Date.parse(input.evidence.startedAt);
  const counts = new Map<string, number>();
  for (const c of input.group?.jobs ?? []) {
    if (c.job.timestamps.submittedAt.getTime() >= changeAtMs) continue;
    for (const rel of c.job.reflectionRelationships)
      if (rel.relationship === 'CHOSEN')
        counts.set(rel.reflectionId, (counts.get(rel.reflectionId) ?? 0) + 1);
  }
  const id = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  const reflection = id === null ? undefined : input.reflections.find((r) => r.reflectionId === id);
  const name = reflection?.name ?? id ?? 'the reflection it used';
  const state =
    id === null
      ? 'unknown'
      : reflection === undefined
        ? 'dropped'
        : hasFailingStatus(reflection)
          ? 'failing'
          : 'listed';
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const reverse =
    state === 'dropped'
      ? `create reflection ${name} again (it is no longer listed)`
      : state === 'failing'
        ? `fix reflection ${name}'s refresh (${reflection?.lastFailureMessage ?? 'see its status'}) and refresh it`
        : `find why reflection ${name} no longer matches (its definition or the query changed)`;
  return {
    name: 'reflection-lost',
    what: `accelerated runs fell from ${pct(share.before)} to ${pct(share.after)}; reflection ${name} is ${state}`,
    reverse,
    evidence: {
      acceleratedShareBefore: share.before,
      acceleratedShareAfter: share.after,
      lostReflectionId: id,
      lostReflectionState: state,
    },
  };
}

function storedChangeFactors(input: FactorInput): RegressionFactor[] {
  if (input.changes === undefined) return [];
  const changeAtMs = Date.parse(input.evidence.startedAt);
  const paths = new Set(
    (input.group?.jobs ?? []).flatMap((c) => c.job.queriedDatasets.map((p) => datasetPathKey(p))),
  );
  return input.changes
    .filter(
      (ch) =>
        ch.effectiveFrom.getTime() <= changeAtMs &&
        ch.effectiveTo.getTime() >= changeAtMs - CHANGE_SLACK_MS &&
        (ch.datasetPath === null || paths.has(datasetPathKey(ch.datasetPath))),
    )
    .map((ch, i) => ({
      name: 'change' as const,
      what: `${ch.kind} on ${ch.subject} took effect ${ch.effectiveTo.toISOString()} (${ch.origin})`,
      reverse: `undo the ${ch.kind} on ${ch.subject}${ch.statement === null ? '' : ` (it ran: ${ch.statement})`}`,
      evidence: { [`change${i + 1}`]: `${ch.kind} ${ch.subject} at ${ch.effectiveTo.toISOString()}` },
    }));
}

function describeOperators(added: readonly string[], removed: readonly string[]): string {
  const parts = [
    added.length > 0 ? `gained ${added.join(', ')}` : '',
    removed.length > 0 ? `lost ${removed.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'changed shape';
}

const PHASES = [
  'metadataRetrievalMs',
  'planningMs',
  'queuedMs',
  'engineStartMs',
  'executionPlanningMs',
  'runningMs',
] as const;
/** Runs each side of the change point compared (the detector's default `compareRuns`). */
const COMPARE_RUNS = 10;

/** Where the extra time went: the job phase whose median grew most, and the last run before the change. */
export interface PhaseShift {
  readonly lastBaselineJobId: string | null;
  readonly phase: (typeof PHASES)[number] | null;
  readonly beforeMs: number | null;
  readonly afterMs: number | null;
}

export function phaseShift(group: FingerprintGroup | undefined, startedAt: string): PhaseShift {
  const changeAtMs = Date.parse(startedAt);
  const done = (group?.jobs ?? []).filter((c) => c.job.state === 'COMPLETED');
  const before = done.filter((c) => c.job.timestamps.submittedAt.getTime() < changeAtMs).slice(-COMPARE_RUNS);
  const after = done
    .filter((c) => c.job.timestamps.submittedAt.getTime() >= changeAtMs)
    .slice(0, COMPARE_RUNS);
  const med = (list: typeof done, phase: (typeof PHASES)[number]) => {
    const values = list.flatMap((c) => c.job.phases[phase] ?? []).sort((a, b) => a - b);
    return values.length === 0 ? null : values[Math.floor((values.length - 1) / 2)]!;
  };
  let best: PhaseShift = {
    lastBaselineJobId: before.at(-1)?.job.jobId ?? null,
    phase: null,
    beforeMs: null,
    afterMs: null,
  };
  for (const phase of PHASES) {
    const b = med(before, phase);
    const a = med(after, phase);
    if (b === null || a === null || a <= b) continue;
    if (best.phase === null || a - b > (best.afterMs ?? 0) - (best.beforeMs ?? 0))
      best = { ...best, phase, beforeMs: b, afterMs: a };
  }
  return best;
}
