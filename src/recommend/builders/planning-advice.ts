import type { Finding } from '../../domain/finding.js';
import { formatCount, formatDuration } from '../../domain/units.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { median } from '../job-time.js';
import { quotePath, splitDottedPath } from '../sql-identifier.js';
import { jobsOfFindings } from './finding-jobs.js';
import { metadataWaits, refreshMetadataDraft } from './metadata-refresh.js';
import { physicalTablesOf } from './physical-tables.js';
import { viewChain } from './view-chain.js';

/** Planning waited on metadata when retrieval took this long and this share of the planning time. */
const MIN_METADATA_MS = 1_000;
const MIN_METADATA_SHARE_OF_PLANNING = 0.2;
/** Share of planning time assumed saved by reading tables directly instead of expanding a view chain. */
const FLATTEN_SAVED_SHARE = 0.3;
/** Views over views: a chain of at least this many views. */
const MIN_CHAIN = 2;

function numberOf(finding: Finding, key: string): number {
  const value = finding.evidence[key];
  return typeof value === 'number' ? value : 0;
}

function waitedOnMetadata(finding: Finding): boolean {
  const metadataMs = numberOf(finding, 'metadataRetrievalMs');
  return (
    metadataMs >= MIN_METADATA_MS &&
    metadataMs >= MIN_METADATA_SHARE_OF_PLANNING * numberOf(finding, 'planningMs')
  );
}

function flattenDrafts(context: BuildContext): RecommendationDraft[] {
  const byTop = new Map<
    string,
    { chain: readonly string[]; findings: Finding[]; planningMs: number[]; jobIds: string[] }
  >();
  for (const finding of context.findings) {
    for (const c of jobsOfFindings(context.snapshot, [finding])) {
      const chain = c.job.queriedDatasets
        .map((p) => viewChain(context.snapshot, p))
        .reduce<readonly string[]>((a, b) => (b.length > a.length ? b : a), []);
      if (chain.length < MIN_CHAIN) continue;
      const top = chain[0] as string;
      const entry = byTop.get(top) ?? {
        chain,
        findings: [] as Finding[],
        planningMs: [] as number[],
        jobIds: [] as string[],
      };
      if (!entry.findings.includes(finding)) entry.findings.push(finding);
      entry.planningMs.push(c.profile?.stateDurationsMs.planning ?? c.job.phases.planningMs ?? 0);
      entry.jobIds.push(c.job.jobId);
      byTop.set(top, entry);
    }
  }
  const days = windowDays(context.snapshot);
  return [...byTop].map(([top, e]) => {
    const path = quotePath(splitDottedPath(top));
    const planned = e.planningMs.reduce((a, b) => a + b, 0);
    return {
      kind: 'flatten-view',
      target: { kind: 'dataset', path },
      title: `Flatten the view chain under ${path}`,
      sql: null,
      action:
        `Queries on ${path} expand ${e.chain.length} views (${e.chain.join(' → ')}) before planning; define ` +
        `${path} directly on the tables the chain reads, so the planner has one view to expand ` +
        `(planning took ${formatDuration(median(e.planningMs))} at the median).`,
      findings: e.findings,
      payoff: {
        savingsMsPerDay: (planned * FLATTEN_SAVED_SHARE) / days,
        method: 'phase-time',
        jobIds: e.jobIds,
        basis: `${formatCount(e.jobIds.length)} runs planned ${formatDuration(planned)}; ${FLATTEN_SAVED_SHARE * 100}% assumed saved by one view in place of ${e.chain.length}`,
        methodConfidence: 0.4,
      },
      cost: { ...NO_COST, basis: 'a one-off edit of the view definition' },
      risk: {
        level: 'medium',
        note: "the flattened view duplicates the inner views' logic, and reflections defined on the inner views may stop matching",
      },
      evidence: {
        view: path,
        chainLength: e.chain.length,
        chain: e.chain.join(' → '),
        runs: e.jobIds.length,
        planningMsMedian: Math.round(median(e.planningMs)),
        savedShare: FLATTEN_SAVED_SHARE,
      },
    };
  });
}

/**
 * planning-time → the view chain to flatten when the query reads views over views, and a scheduled
 * metadata refresh of the tables when planning waited on metadata. (A reflection that matches earlier
 * is the reflection-set builder's advice.)
 */
export function buildPlanningAdvice(context: BuildContext): RecommendationDraft[] {
  const metadataFindings = context.findings.filter(waitedOnMetadata);
  const tablesOf = (f: Finding): readonly string[] => [
    ...new Set(jobsOfFindings(context.snapshot, [f]).flatMap(physicalTablesOf)),
  ];
  const refreshes = metadataWaits({ ...context, findings: metadataFindings }, tablesOf).map((wait) =>
    refreshMetadataDraft(context, wait, 'waited on it before planning'),
  );
  return [...flattenDrafts(context), ...refreshes];
}
