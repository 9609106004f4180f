import type { JobContext } from '../../analysis/detector.js';
import type { Finding } from '../../domain/finding.js';
import { formatCount, formatDuration } from '../../domain/units.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { median } from '../job-time.js';
import { quotePath, splitDottedPath } from '../sql-identifier.js';
import { jobsOfFindings, stringsOf } from './finding-jobs.js';

/** Dremio's source default: background metadata fetch every hour (CatalogService.DEFAULT_REFRESH_MILLIS). */
const DEFAULT_FETCH_PER_DAY = 24;

export function metadataRetrievalMsOf(c: JobContext): number {
  const profile = c.profile;
  if (profile !== undefined && profile.states.length > 0) return profile.stateDurationsMs.metadataRetrieval;
  return c.job.phases.metadataRetrievalMs ?? 0;
}

export interface TableMetadataWait {
  readonly table: string;
  readonly findings: readonly Finding[];
  readonly jobs: readonly JobContext[];
  /** Each job's metadata-retrieval time split evenly over the tables it named. */
  readonly waitedMs: number;
  readonly medianMs: number;
}

/** Per table the findings name: the runs that waited on its metadata and how long. */
export function metadataWaits(
  context: BuildContext,
  tablesOf: (f: Finding) => readonly string[],
): TableMetadataWait[] {
  type Entry = { findings: Finding[]; jobs: Map<string, JobContext>; ms: number[] };
  const byTable = new Map<string, Entry>();
  for (const finding of context.findings) {
    const tables = tablesOf(finding);
    if (tables.length === 0) continue;
    for (const c of jobsOfFindings(context.snapshot, [finding])) {
      const share = metadataRetrievalMsOf(c) / tables.length;
      for (const table of tables) {
        const entry: Entry = byTable.get(table) ?? { findings: [], jobs: new Map(), ms: [] };
        if (!entry.findings.includes(finding)) entry.findings.push(finding);
        if (!entry.jobs.has(c.job.jobId)) {
          entry.jobs.set(c.job.jobId, c);
          entry.ms.push(share);
        }
        byTable.set(table, entry);
      }
    }
  }
  return [...byTable].map(([table, e]) => ({
    table,
    findings: e.findings,
    jobs: [...e.jobs.values()],
    waitedMs: e.ms.reduce((a, b) => a + b, 0),
    medianMs: median(e.ms),
  }));
}

/** `ALTER TABLE <t> REFRESH METADATA` now and on a schedule ahead of the runs: the inline refresh moves off their path. */
export function refreshMetadataDraft(
  context: BuildContext,
  wait: TableMetadataWait,
  why: string,
): RecommendationDraft {
  const days = windowDays(context.snapshot);
  const parts = splitDottedPath(wait.table);
  const path = quotePath(parts);
  const runsPerDay = wait.jobs.length / days;
  // A scheduled refresh does about the work of an inline one; more often than the runs buys nothing.
  const refreshesPerDay = Math.min(DEFAULT_FETCH_PER_DAY, runsPerDay);
  const savingsMsPerDay = wait.waitedMs / days;
  return {
    kind: 'refresh-metadata',
    target: { kind: 'dataset', path },
    title: `Refresh the metadata of ${path} ahead of its queries`,
    sql: `ALTER TABLE ${path} REFRESH METADATA`,
    action:
      `Run ALTER TABLE ${path} REFRESH METADATA now, then on a schedule ahead of the queries that read it ` +
      `(${formatCount(wait.jobs.length)} runs ${why}, ${formatDuration(wait.medianMs)} at the median): the refresh then ` +
      'happens before them instead of inside them.',
    findings: wait.findings,
    payoff: {
      savingsMsPerDay,
      method: 'phase-time',
      jobIds: wait.jobs.map((c) => c.job.jobId),
      basis: `${formatCount(wait.jobs.length)} runs spent ${formatDuration(wait.waitedMs)} retrieving the metadata of ${path} over the window`,
      // A one-off refresh holds only until the metadata expires again; the schedule carries the saving.
      methodConfidence: 0.6,
    },
    cost: {
      storageBytes: 0,
      // Each scheduled refresh replaces an inline one the runs would have done: no extra work at this rate.
      refreshMsPerDay: 0,
      oneOffMs: wait.medianMs,
      basis:
        `${refreshesPerDay.toFixed(1)} scheduled refreshes a day, each about as long as the median inline one ` +
        `(${formatDuration(wait.medianMs)}) and replacing one: the metadata work moves off the queries' path`,
    },
    risk: {
      level: 'low',
      note: 'a refresh lists the files of the table: on a large folder it loads the source and the coordinator',
    },
    evidence: {
      table: path,
      runs: wait.jobs.length,
      metadataRetrievalMs: Math.round(wait.waitedMs),
      metadataRetrievalMsMedian: Math.round(wait.medianMs),
      refreshesPerDay: Math.round(refreshesPerDay * 100) / 100,
    },
  };
}

/** The source's metadata policy (no SQL in Dremio: source settings or `PUT /api/v3/catalog/{id}`'s `metadataPolicy`). */
export function metadataPolicyDraft(context: BuildContext, wait: TableMetadataWait): RecommendationDraft {
  const days = windowDays(context.snapshot);
  const parts = splitDottedPath(wait.table);
  const source = parts[0] ?? wait.table;
  const path = quotePath(parts);
  const runsPerDay = wait.jobs.length / days;
  const extraFetchesPerDay = Math.max(0, DEFAULT_FETCH_PER_DAY - runsPerDay);
  return {
    kind: 'metadata-refresh-policy',
    target: { kind: 'dataset', path },
    title: `Keep the metadata of ${path} fresh in the background`,
    sql: null,
    action:
      `In the settings of source "${source}" (Metadata; the API's metadataPolicy), set "Fetch every" ` +
      '(datasetRefreshAfterMs) below "Expire after" (datasetExpireAfterMs), e.g. Dremio\'s defaults of 1 hour ' +
      `and 3 hours, so queries on ${path} find valid metadata instead of refreshing it inline ` +
      `(${formatCount(wait.jobs.length)} runs waited ${formatDuration(wait.medianMs)} at the median).`,
    findings: wait.findings,
    payoff: {
      savingsMsPerDay: wait.waitedMs / days,
      method: 'phase-time',
      jobIds: wait.jobs.map((c) => c.job.jobId),
      basis: `${formatCount(wait.jobs.length)} runs spent ${formatDuration(wait.waitedMs)} retrieving the metadata of ${path} over the window`,
      methodConfidence: 0.7,
    },
    cost: {
      ...NO_COST,
      refreshMsPerDay: extraFetchesPerDay * wait.medianMs,
      basis:
        `an hourly background fetch of ${path} (about ${formatDuration(wait.medianMs)} each): ` +
        `${extraFetchesPerDay.toFixed(1)} a day more than the ${runsPerDay.toFixed(1)} inline refreshes it replaces`,
    },
    risk: {
      level: 'low',
      note: 'background fetches list the source every interval; a much longer expiry would let queries miss new files',
    },
    evidence: {
      source,
      table: path,
      runs: wait.jobs.length,
      metadataRetrievalMs: Math.round(wait.waitedMs),
      metadataRetrievalMsMedian: Math.round(wait.medianMs),
    },
  };
}

/** metadata-retrieval → per table named: a scheduled REFRESH METADATA and the source's refresh policy. */
export function buildMetadataRefreshes(context: BuildContext): RecommendationDraft[] {
  return metadataWaits(context, (f) => stringsOf(f.evidence.tables)).flatMap((wait) => [
    refreshMetadataDraft(context, wait, 'waited on it'),
    metadataPolicyDraft(context, wait),
  ]);
}
