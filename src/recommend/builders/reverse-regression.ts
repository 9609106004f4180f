import type { Finding } from '../../domain/finding.js';
import type { RecommendationEvidence } from '../../domain/recommendation.js';
import { formatDuration } from '../../domain/units.js';
import { fullScanMs, OPTIMIZE_RUNS_PER_DAY, reflectionCost } from '../cost.js';
import { datasetBytes, datasetFileCount, datasetTarget, findDataset } from '../dataset-columns.js';
import { validateDdl } from '../ddl-validator.js';
import { type BuildContext, NO_COST, type RecommendationDraft } from '../draft.js';
import type { Payoff } from '../payoff.js';
import {
  phaseShift,
  type RegressionEvidence,
  type RegressionFactor,
  regressionFactors,
} from '../regression-factors.js';
import { quotePath } from '../sql-identifier.js';

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

/**
 * The extra time a run takes since the change point, times the runs a day since then: what reversing
 * the cause gives back (method regression-excess).
 */
export function regressionExcess(
  evidence: RegressionEvidence,
  windowEnd: Date,
): { readonly excessMsPerRun: number; readonly runsPerDay: number; readonly savingsMsPerDay: number } {
  const sinceDays = (windowEnd.getTime() - Date.parse(evidence.startedAt)) / DAY_MS;
  const runsPerDay = evidence.recentRuns / Math.max(sinceDays, 1 / 24);
  const excessMsPerRun = Math.max(0, evidence.recentMedianMs - evidence.baselineMedianMs);
  return { excessMsPerRun, runsPerDay, savingsMsPerDay: excessMsPerRun * runsPerDay };
}

/**
 * regression → what changed around the change point and the change that reverses it: OPTIMIZE when the
 * table's file count is all that changed, otherwise a reverse-regression that names each change with
 * its numbers (no SQL: the reversal is the user's to choose, or an investigation when nothing changed).
 */
export function buildRegressionReversals(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    if (finding.subject.kind !== 'fingerprint') return [];
    const evidence = finding.evidence as unknown as RegressionEvidence;
    if (evidence.changes === undefined || typeof evidence.startedAt !== 'string') return [];
    const group = context.snapshot.fingerprints.get(finding.subject.fingerprint);
    const factors = regressionFactors({
      evidence,
      group,
      reflections: context.snapshot.reflections,
      changes: context.snapshot.changes,
    });
    const excess = regressionExcess(evidence, context.snapshot.window.to);
    const payoff: Payoff = {
      savingsMsPerDay: excess.savingsMsPerDay,
      method: 'regression-excess',
      jobIds: finding.jobIds,
      basis:
        `median ${formatDuration(evidence.baselineMedianMs)} → ${formatDuration(evidence.recentMedianMs)} a run since ` +
        `${evidence.startedAt}: ${formatDuration(excess.excessMsPerRun)} extra × ${excess.runsPerDay.toFixed(1)} runs a day`,
      methodConfidence: factors.length > 0 ? 0.8 : 0.4,
    };
    const shift = phaseShift(group, evidence.startedAt);
    const base: RecommendationEvidence = {
      changePointAt: evidence.startedAt,
      firstRegressedJobId: evidence.firstRegressedJobId,
      lastBaselineJobId: shift.lastBaselineJobId,
      grownPhase: shift.phase,
      grownPhaseMsBefore: shift.beforeMs,
      grownPhaseMsAfter: shift.afterMs,
      medianMsBefore: evidence.baselineMedianMs,
      medianMsAfter: evidence.recentMedianMs,
      runsBefore: evidence.baselineRuns,
      runsAfter: evidence.recentRuns,
      runsPerDayAfter: Number(excess.runsPerDay.toFixed(2)),
      ...Object.assign({}, ...factors.map((f) => f.evidence)),
    };
    const input = { finding, payoff, base, factors };
    const concrete = onlyFilesGrew(factors)
      ? optimizeDraft(context, input)
      : onlyReflectionDropped(factors)
        ? recreateDraft(context, input)
        : undefined;
    return [concrete ?? reverseDraft(context, { ...input, evidence })];
  });
}

function onlyFilesGrew(factors: readonly RegressionFactor[]): boolean {
  return (
    factors.length === 1 &&
    factors[0]!.name === 'file-count' &&
    Number(factors[0]!.evidence.fileCountAfter) > Number(factors[0]!.evidence.fileCountBefore)
  );
}

function onlyReflectionDropped(factors: readonly RegressionFactor[]): boolean {
  return (
    factors.length === 1 &&
    factors[0]!.name === 'reflection-lost' &&
    factors[0]!.evidence.lostReflectionState === 'dropped'
  );
}

/**
 * The dropped reflection created again with the statement that created it, when the store recorded it
 * (an applied recommendation or a DDL job in the history) and our validator reads it as a CREATE.
 */
function recreateDraft(context: BuildContext, input: DraftInput): RecommendationDraft | undefined {
  const id = input.factors[0]!.evidence.lostReflectionId;
  const created = (context.snapshot.changes ?? [])
    .filter(
      (ch) => ch.kind === 'reflection-created' && ch.details.reflectionId === id && ch.statement !== null,
    )
    .at(-1);
  if (created?.statement == null || created.datasetPath === null) return undefined;
  const parsed = validateDdl(created.statement);
  if (
    !parsed.ok ||
    (parsed.shape !== 'create-aggregate-reflection' && parsed.shape !== 'create-raw-reflection')
  )
    return undefined;
  const dataset = findDataset(context.snapshot.datasets, created.datasetPath);
  const jobs = context.snapshot.jobs.filter((c) => input.finding.jobIds.includes(c.job.jobId));
  const aggregate = parsed.shape === 'create-aggregate-reflection';
  const cost = reflectionCost({
    snapshot: context.snapshot,
    datasetPath: created.datasetPath,
    dataset,
    type: aggregate ? 'aggregate' : 'raw',
    columnCount: dataset?.columns.length ?? 1,
    jobs,
  });
  return {
    kind: parsed.shape,
    target: { kind: 'dataset', path: created.datasetPath },
    title: `Create again the reflection on ${created.datasetPath} whose drop slowed the query`,
    sql: created.statement,
    action: `Since ${input.base.changePointAt} ${input.factors[0]!.what}; create it again with the statement that created it.`,
    findings: [input.finding],
    payoff: input.payoff,
    cost,
    risk: { level: 'low', note: 'it refreshes and holds storage again, as it did before it was dropped' },
    evidence: { ...input.base, createdAt: created.effectiveTo.toISOString() },
  };
}

interface DraftInput {
  readonly finding: Finding;
  readonly payoff: Payoff;
  readonly base: RecommendationEvidence;
  readonly factors: readonly RegressionFactor[];
}

function optimizeDraft(context: BuildContext, input: DraftInput): RecommendationDraft | undefined {
  const { snapshot, settings } = context;
  const dataset = findDataset(snapshot.datasets, String(input.factors[0]!.evidence.fileCountDataset));
  // Dremio Cloud's catalog compacts its tables itself.
  if (dataset === undefined || dataset.kind !== 'table' || settings.cluster.kind === 'cloud')
    return undefined;
  const jobs = snapshot.jobs.filter((c) => input.finding.jobIds.includes(c.job.jobId));
  const oneOffMs = 2 * fullScanMs({ jobs, bytes: datasetBytes(dataset) });
  const files = datasetFileCount(dataset) ?? Number(input.factors[0]!.evidence.fileCountAfter);
  const bytes = datasetBytes(dataset);
  return {
    kind: 'optimize-table',
    target: datasetTarget(dataset),
    title: `Compact ${dataset.path}: its files grew when the query slowed`,
    sql:
      `OPTIMIZE TABLE ${quotePath(dataset.pathParts)} REWRITE DATA USING BIN_PACK ` +
      `(TARGET_FILE_SIZE_MB = ${settings.optimizeTargetFileMb})`,
    action: `Since ${input.base.changePointAt} ${input.factors[0]!.what}; rewrite it into ${settings.optimizeTargetFileMb} MB files.`,
    findings: [input.finding],
    payoff: input.payoff,
    cost: {
      storageBytes: 0,
      oneOffMs,
      refreshMsPerDay: oneOffMs * OPTIMIZE_RUNS_PER_DAY,
      basis: 'one rewrite ≈ reading and writing the table once; repeated monthly as new small files land',
    },
    risk: { level: 'low', note: 'a rewrite commits a new snapshot; concurrent writers may have to retry' },
    evidence: {
      ...input.base,
      files,
      bytes: bytes ?? null,
      targetFileMb: settings.optimizeTargetFileMb,
      filesAfter: Math.max(1, Math.ceil((bytes ?? 0) / (settings.optimizeTargetFileMb * MIB))),
    },
  };
}

function reverseDraft(
  context: BuildContext,
  input: DraftInput & { readonly evidence: RegressionEvidence },
): RecommendationDraft {
  const { finding, factors, evidence } = input;
  const subject = finding.subject.kind === 'fingerprint' ? finding.subject : undefined;
  const group = subject === undefined ? undefined : context.snapshot.fingerprints.get(subject.fingerprint);
  const datasetPath = group?.jobs[0]?.job.queriedDatasets[0] ?? null;
  const where =
    input.base.grownPhase === null
      ? ''
      : `; the extra time is in ${String(input.base.grownPhase).replace(/Ms$/, '')} (median ${formatDuration(Number(input.base.grownPhaseMsBefore))} → ${formatDuration(Number(input.base.grownPhaseMsAfter))})`;
  const before =
    input.base.lastBaselineJobId === null
      ? 'one before it'
      : `job ${input.base.lastBaselineJobId}, the last run before`;
  const slower = `runs went from a median ${formatDuration(evidence.baselineMedianMs)} to ${formatDuration(evidence.recentMedianMs)} (${evidence.medianRatio.toFixed(1)}×) from ${evidence.startedAt} (job ${evidence.firstRegressedJobId})${where}`;
  const action =
    factors.length === 0
      ? `Its ${slower}, and nothing we hold changed then (data volume, plan operators, acceleration, files, Dremio version, queue, recorded changes): compare the profile of job ${evidence.firstRegressedJobId} with ${before} to find the cause.`
      : `Its ${slower}: ${factors.map((f) => f.what).join('; ')}. To reverse it: ${factors.map((f) => f.reverse).join('; ')}.`;
  return {
    kind: 'reverse-regression',
    target: { kind: 'fingerprint', fingerprint: subject?.fingerprint ?? '', datasetPath },
    title: `Reverse the ${evidence.medianRatio.toFixed(1)}× slowdown of fingerprint ${(subject?.fingerprint ?? '').slice(0, 8)}`,
    sql: null,
    action,
    findings: [finding],
    payoff: input.payoff,
    cost: { ...NO_COST, basis: 'reverting restores the earlier state; what that change bought is given up' },
    risk: {
      level: factors.length === 0 ? 'low' : 'medium',
      note:
        factors.length === 0
          ? 'an investigation changes nothing by itself'
          : 'reversing a change gives up whatever it was made for',
    },
    evidence: { ...input.base, factorsFound: factors.map((f) => f.name).join(',') || null },
  };
}
