import { datasetPathKey } from '../../domain/dataset-path.js';
import type { Finding } from '../../domain/finding.js';
import type { Reflection } from '../../domain/reflection.js';
import { formatBytes, formatDuration } from '../../domain/units.js';
import { refreshWorkOf, STORAGE_MS_PER_GIB_DAY, storageMsPerDay } from '../cost.js';
import { findDatasetByParts } from '../dataset-columns.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { isAccelerated, scanShare } from '../job-time.js';
import { operatorSharePayoff } from '../payoff.js';
import { refreshSyntaxOf } from '../refresh-syntax.js';
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

/**
 * reflection-unused → drop it: its refreshes stop and its footprint is freed; no query loses anything.
 * The saving is every refresh of the window plus the storage, at STORAGE_MS_PER_GIB_DAY.
 */
export function buildDrops(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    const r = resolve(finding, context);
    if (r === undefined) return [];
    const name = r.reflection.name ?? r.reflection.reflectionId;
    const work = refreshWorkOf(context.snapshot, r.reflection);
    const footprint = r.reflection.currentSizeBytes ?? 0;
    const storageMs = storageMsPerDay(footprint);
    const refreshes =
      work.source === 'last-refresh'
        ? `its last refresh at the observed rate takes ${formatDuration(work.msPerDay)} a day`
        : `its ${Math.round(work.refreshes)} refreshes in the window took ${formatDuration(work.msPerDay)} a day`;
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
        action:
          `Drop reflection ${name}: no job chose it, yet it refreshes (${formatDuration(work.msPerDay)} a day) ` +
          `and holds ${formatBytes(footprint)}.`,
        findings: [finding],
        payoff: {
          savingsMsPerDay: work.msPerDay + storageMs,
          method: 'refresh-time-freed',
          jobIds: finding.jobIds,
          basis:
            `${refreshes}; its ${formatBytes(footprint)} count ${formatDuration(storageMs)} a day at ` +
            `${STORAGE_MS_PER_GIB_DAY / 1000} s per GiB-day; no job chose it`,
          methodConfidence: work.source === 'last-refresh' ? 0.7 : 0.9,
        },
        cost: {
          ...NO_COST,
          storageBytes: -footprint,
          basis: `frees ${formatBytes(footprint)}; no job loses acceleration`,
        },
        risk: {
          level: 'low',
          note: 'a query that would have matched it later runs on the source; it can be created again',
        },
        evidence: {
          refreshes: Math.round(work.refreshes),
          refreshSource: work.source,
          refreshMsPerDay: Math.round(work.msPerDay),
          storageBytes: footprint,
          storageMsPerDay: Math.round(storageMs),
          chosenJobs: 0,
        },
      },
    ];
  });
}

/** The dataset's queries that ran on the source: what a healthy reflection on it would serve. */
function unacceleratedOn(context: BuildContext, r: Resolved) {
  const key = datasetPathKey(r.datasetPath);
  const id = r.reflection.reflectionId;
  return context.snapshot.jobs.filter(
    (c) =>
      !isAccelerated(c) &&
      !(c.job.queryType ?? '').startsWith('ACCELERATOR') &&
      (c.job.reflectionRelationships.some((rel) => rel.reflectionId === id) ||
        c.job.queriedDatasets.some((d) => datasetPathKey(d) === key)),
  );
}

/**
 * reflection-failing → refresh it once the cause is fixed. The saving is the scan share of the dataset's
 * queries that ran on the source while it could not serve them (the finding's stake).
 */
export function buildRefreshes(context: BuildContext): RecommendationDraft[] {
  return context.findings.flatMap((finding) => {
    const r = resolve(finding, context);
    if (r === undefined) return [];
    const id = r.reflection.reflectionId;
    const jobs = unacceleratedOn(context, r);
    const payoff = operatorSharePayoff({
      jobs,
      days: windowDays(context.snapshot),
      removedShare: (c) => (c.profile === undefined ? undefined : scanShare(c.profile, r.datasetPath)),
      what: `${r.datasetPath} scan`,
    });
    const name = r.reflection.name ?? id;
    const oneOffMs = r.reflection.lastRefreshDurationMs ?? r.reflection.refreshes.at(-1)?.durationMs ?? 0;
    const cause = r.reflection.lastFailureMessage ?? 'see the reflection status';
    const syntax = refreshSyntaxOf(context.settings.cluster.version);
    const sql = syntax === 'sql' ? `${head(context, r.datasetPath)} REFRESH REFLECTIONS` : null;
    const how =
      syntax === 'sql'
        ? `refresh the reflections on ${r.datasetPath}`
        : `refresh it with POST /api/v3/reflection/${id}/refresh (this version's SQL has no REFRESH REFLECTIONS)`;
    return [
      {
        kind: 'refresh-reflection',
        target: { kind: 'reflection', reflectionId: id, datasetPath: r.datasetPath },
        title: `Refresh failing reflection ${name} on ${r.datasetPath}`,
        sql,
        action: `Fix the refresh failure (${cause}), then ${how}.`,
        findings: [finding],
        payoff: { ...payoff, jobIds: [...new Set([...finding.jobIds, ...payoff.jobIds])] },
        cost: { ...NO_COST, oneOffMs, basis: 'one refresh, as long as its last one' },
        risk: {
          level: 'low',
          note: 'a refresh reads the source once; it fails again until the cause is fixed',
        },
        evidence: {
          lastFailure: cause,
          unacceleratedJobs: jobs.length,
          lastRefreshMs: oneOffMs,
          refreshBy: syntax,
        },
      },
    ];
  });
}
