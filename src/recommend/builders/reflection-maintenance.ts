import type { Finding } from '../../domain/finding.js';
import type { Reflection } from '../../domain/reflection.js';
import { refreshMsPerDayOf } from '../cost.js';
import { findDatasetByParts } from '../dataset-columns.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { isAccelerated, scanShare } from '../job-time.js';
import { operatorSharePayoff } from '../payoff.js';
import { quoteIdentifier, splitDottedPath } from '../sql-identifier.js';
import { alterTarget } from './create-reflection.js';

interface Resolved {
  readonly finding: Finding;
  readonly reflection: Reflection;
  readonly datasetPath: string;
}

function resolve(finding: Finding, context: BuildContext): Resolved | undefined {
  if (finding.subject.kind !== 'reflection') return undefined;
  const id = finding.subject.reflectionId;
  const reflection = context.snapshot.reflections.find((r) => r.reflectionId === id);
  const datasetPath = reflection?.datasetPath ?? finding.subject.datasetPath;
  if (reflection === undefined || datasetPath === null) return undefined;
  return { finding, reflection, datasetPath };
}

/** sys.reflections prints the dataset quoted (`a."b.c"`), so its parts are read back with the quotes. */
function head(context: BuildContext, datasetPath: string): string {
  const parts = splitDottedPath(datasetPath);
  return alterTarget(findDatasetByParts(context.snapshot.datasets, parts), parts);
}

/** reflection-unused → drop it: its refreshes stop and its footprint is freed; no query loses anything. */
export function buildDrops(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    const r = resolve(finding, context);
    if (r === undefined) return [];
    const name = r.reflection.name ?? r.reflection.reflectionId;
    const savings = refreshMsPerDayOf(context.snapshot, r.reflection);
    const footprint = r.reflection.currentSizeBytes ?? 0;
    return [
      {
        kind: 'drop-reflection',
        target: {
          kind: 'reflection',
          reflectionId: r.reflection.reflectionId,
          datasetPath: r.datasetPath,
          reflectionName: name,
        },
        title: `Drop unused reflection ${name} on ${r.datasetPath}`,
        sql: `${head(context, r.datasetPath)} DROP REFLECTION ${quoteIdentifier(name)}`,
        action: `Drop reflection ${name}: no job chose it, yet it keeps refreshing and holds ${footprint} bytes.`,
        findings: [finding],
        payoff: {
          savingsMsPerDay: savings,
          method: 'refresh-time-freed',
          jobIds: finding.jobIds,
          basis: `its refreshes took ${Math.round(savings)} ms a day in the window; no job chose it`,
          methodConfidence: 0.9,
        },
        cost: {
          ...NO_COST,
          storageBytes: -footprint,
          basis: `frees ${footprint} bytes; no job loses acceleration`,
        },
        risk: {
          level: 'low',
          note: 'a query that would have matched it later runs on the source; it can be created again',
        },
        evidence: {
          refreshes: r.reflection.refreshes.length,
          refreshMsPerDay: Math.round(savings),
          storageBytes: footprint,
          chosenJobs: 0,
        },
      },
    ];
  });
}

/**
 * reflection-failing → refresh it once the cause is fixed. The saving is the scan time of the jobs that
 * matched it but ran unaccelerated while it could not serve them.
 */
export function buildRefreshes(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    const r = resolve(finding, context);
    if (r === undefined) return [];
    const id = r.reflection.reflectionId;
    const jobs = context.snapshot.jobs.filter(
      (c) =>
        !isAccelerated(c) &&
        c.job.reflectionRelationships.some(
          (rel) => rel.reflectionId === id && rel.relationship !== 'CONSIDERED',
        ),
    );
    const payoff = operatorSharePayoff({
      jobs,
      days: windowDays(context.snapshot),
      removedShare: (c) => (c.profile === undefined ? undefined : scanShare(c.profile, r.datasetPath)),
      what: `${r.datasetPath} scan`,
    });
    const name = r.reflection.name ?? id;
    const oneOffMs = r.reflection.lastRefreshDurationMs ?? 0;
    const cause = r.reflection.lastFailureMessage ?? 'see the reflection status';
    return [
      {
        kind: 'refresh-reflection',
        target: { kind: 'reflection', reflectionId: id, datasetPath: r.datasetPath },
        title: `Refresh failing reflection ${name} on ${r.datasetPath}`,
        sql: `${head(context, r.datasetPath)} REFRESH REFLECTIONS`,
        action: `Fix the refresh failure (${cause}), then refresh the reflections on ${r.datasetPath}.`,
        findings: [finding],
        payoff: { ...payoff, jobIds: [...new Set([...finding.jobIds, ...payoff.jobIds])] },
        cost: { ...NO_COST, oneOffMs, basis: 'one refresh, as long as its last one' },
        risk: {
          level: 'low',
          note: 'a refresh reads the source once; it fails again until the cause is fixed',
        },
        evidence: { lastFailure: cause, unacceleratedJobs: jobs.length, lastRefreshMs: oneOffMs },
      },
    ];
  });
}
