import { z } from 'zod';
import { matchWaiver } from '../analysis/waiver-match.js';
import type { Cluster } from '../domain/cluster.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import { subjectKey } from '../domain/finding.js';
import { RECOMMENDATION_KINDS, RECOMMENDATION_STATUSES } from '../domain/recommendation.js';
import { SEVERITIES, severityRank } from '../domain/severity.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import {
  type FindingListing,
  listFindingListings,
  listFindings as listStoredFindings,
  type StoredFinding,
} from '../store/findings-repository.js';
import { listRecommendations } from '../store/index.js';
import { listActiveWaivers, type Waiver } from '../store/waivers-repository.js';
import { pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, instantField, iso, pageInMemory, wire } from './read-scope.js';
import { defineService } from './service.js';

export const FINDING_STATUSES = ['open', 'resolved', 'waived'] as const;
export type FindingView = (typeof FINDING_STATUSES)[number];

export const findingSubjectOutput = z
  .looseObject({ kind: z.enum(['job', 'fingerprint', 'dataset', 'reflection']) })
  .describe('What the finding is about: a job, a query shape (fingerprint), a dataset or a reflection');

export const findingOutput = z.object({
  id: z.string(),
  cluster: z.string(),
  detector: z.enum(DETECTOR_IDS),
  severity: z.enum(SEVERITIES),
  confidence: z.number(),
  title: z.string(),
  subject: findingSubjectOutput,
  subjectKey: z.string(),
  impactMsPerDay: z.number().describe('Time at stake per day, ms'),
  status: z.enum(FINDING_STATUSES).describe('waived: open, but an active waiver hides it'),
  jobCount: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  occurrences: z.number().int().describe('Analyses that reported it'),
  resolvedAt: z.string().nullable(),
  waiver: z
    .object({ id: z.number().int(), reason: z.string(), until: z.string().nullable() })
    .nullable()
    .describe('The active waiver that hides it'),
});

export const findingDetailOutput = findingOutput.extend({
  evidence: z
    .record(z.string(), z.unknown())
    .describe("The detector's evidence as stored, with thresholds crossed"),
  jobIds: z.array(z.string()),
  recommendations: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(RECOMMENDATION_KINDS),
      title: z.string(),
      status: z.enum(RECOMMENDATION_STATUSES),
      netBenefitMsPerDay: z.number(),
    }),
  ),
});

export interface FindingInScope<F extends FindingListing | StoredFinding = StoredFinding> {
  readonly cluster: Cluster;
  readonly finding: F;
  readonly status: FindingView;
  readonly waiver: Waiver | undefined;
}

/**
 * The stored findings of the clusters with their status as a reader sees it: an open finding an active
 * waiver covers is `waived`. Waivers are judged at `at`, by default the cluster's latest analysis (the
 * newest `lastSeenAt`), never the clock.
 */
export function findingsInScope(
  deps: Parameters<typeof clustersInScope>[0],
  clusters: readonly Cluster[],
  at: Date | undefined,
): Promise<FindingInScope[]> {
  return inScope(deps, clusters, at, listStoredFindings);
}

/** As `findingsInScope`, without evidence and job ids: what the lists and counts need, read faster. */
export function findingListingsInScope(
  deps: Parameters<typeof clustersInScope>[0],
  clusters: readonly Cluster[],
  at: Date | undefined,
): Promise<FindingInScope<FindingListing>[]> {
  return inScope(deps, clusters, at, listFindingListings);
}

/**
 * The findings an analysis at `at` opened or resolved, with their status as of then: what changed,
 * without reading every finding of the cluster.
 */
export function findingChangesInScope(
  deps: Parameters<typeof clustersInScope>[0],
  cluster: Cluster,
  at: Date,
): Promise<FindingInScope<FindingListing>[]> {
  return inScope(deps, [cluster], at, (db, clusterId) =>
    listFindingListings(db, clusterId, { changedAt: at }),
  );
}

async function inScope<F extends FindingListing | StoredFinding>(
  deps: Parameters<typeof clustersInScope>[0],
  clusters: readonly Cluster[],
  at: Date | undefined,
  load: (db: Parameters<typeof listFindingListings>[0], clusterId: bigint) => Promise<readonly F[]>,
): Promise<FindingInScope<F>[]> {
  const out: FindingInScope<F>[] = [];
  for (const cluster of clusters) {
    const findings = await load(deps.store.db, cluster.id);
    if (findings.length === 0) continue;
    const latest = findings.reduce((t, f) => (f.lastSeenAt > t ? f.lastSeenAt : t), findings[0]!.lastSeenAt);
    const waivers = await listActiveWaivers(deps.store.db, { clusterId: cluster.id, at: at ?? latest });
    for (const finding of findings) {
      const waiver = finding.status === 'open' ? matchWaiver(finding, waivers) : undefined;
      out.push({
        cluster,
        finding,
        status: finding.status === 'resolved' ? 'resolved' : waiver === undefined ? 'open' : 'waived',
        waiver,
      });
    }
  }
  return out;
}

export function findingItem(
  f: FindingInScope<FindingListing | StoredFinding>,
): z.input<typeof findingOutput> {
  const s = f.finding;
  return {
    id: s.id,
    cluster: f.cluster.name,
    detector: s.detector,
    severity: s.severity,
    confidence: s.confidence,
    title: s.title,
    subject: wire<z.input<typeof findingSubjectOutput>>(s.subject),
    subjectKey: subjectKey(s.subject),
    impactMsPerDay: s.impactMsPerDay,
    status: f.status,
    jobCount: 'jobCount' in s ? s.jobCount : s.jobIds.length,
    firstSeenAt: iso(s.firstSeenAt)!,
    lastSeenAt: iso(s.lastSeenAt)!,
    occurrences: Number(s.occurrences),
    resolvedAt: iso(s.resolvedAt),
    waiver:
      f.waiver === undefined
        ? null
        : { id: Number(f.waiver.id), reason: f.waiver.reason, until: iso(f.waiver.until) },
  };
}

const atField = instantField
  .optional()
  .describe('Judge waiver expiry at this instant (default: the latest analysis of each cluster)');

export const listFindings = defineService({
  name: 'findings.list',
  summary: 'Stored findings, filtered, the largest time at stake first',
  input: z.object({
    cluster: clusterField,
    detector: z.enum(DETECTOR_IDS).optional(),
    severity: z.enum(SEVERITIES).optional().describe('Only findings of this severity'),
    status: z.enum(FINDING_STATUSES).optional().describe('open, resolved or waived (default: all)'),
    subject: z.string().min(1).max(500).optional().describe('Case-insensitive part of the subject or title'),
    at: atField,
    ...pageInput,
  }),
  output: pageOf(findingOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const all = await findingListingsInScope(
      deps,
      clusters,
      options.at === undefined ? undefined : new Date(options.at),
    );
    const needle = options.subject?.toLowerCase();
    const kept = all.filter(
      (f) =>
        (options.detector === undefined || f.finding.detector === options.detector) &&
        (options.severity === undefined || f.finding.severity === options.severity) &&
        (options.status === undefined || f.status === options.status) &&
        (needle === undefined ||
          subjectKey(f.finding.subject).toLowerCase().includes(needle) ||
          f.finding.title.toLowerCase().includes(needle)),
    );
    const page = pageInMemory(kept, {
      keyOf: (f) => [f.finding.impactMsPerDay, f.cluster.name, f.finding.id],
      order: ['desc', 'asc', 'asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
    return { items: page.items.map(findingItem), nextCursor: page.nextCursor };
  },
});

export const getFinding = defineService({
  name: 'findings.get',
  summary: 'One finding with its evidence as stored, its affected jobs and the recommendations made on it',
  input: z.object({
    id: z.string().min(1).max(200).describe('Finding id'),
    cluster: clusterField,
    at: atField,
  }),
  output: findingDetailOutput,
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const all = await findingsInScope(
      deps,
      clusters,
      options.at === undefined ? undefined : new Date(options.at),
    );
    const matches = all.filter((f) => f.finding.id === options.id);
    if (matches.length === 0)
      throw new NotFoundError(`no finding ${options.id}`, { entity: 'finding', id: options.id, field: 'id' });
    if (matches.length > 1)
      throw new InvalidInputError(
        `finding ${options.id} is stored for several clusters; the cluster field must name one`,
        {
          problems: [
            { field: 'cluster', expected: `one of: ${matches.map((m) => m.cluster.name).join(', ')}` },
          ],
        },
      );
    const found = matches[0]!;
    const recs = (await listRecommendations(deps.store.db, { clusterId: found.cluster.id })).filter((r) =>
      r.findingIds.includes(found.finding.id),
    );
    return {
      ...findingItem(found),
      evidence: wire<Record<string, unknown>>(found.finding.evidence),
      jobIds: [...found.finding.jobIds],
      recommendations: recs.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        status: r.status,
        netBenefitMsPerDay: r.netBenefitMsPerDay,
      })),
    };
  },
});

export const breakdownRowOutput = z.object({
  detector: z.enum(DETECTOR_IDS),
  severity: z.enum(SEVERITIES),
  count: z.number().int(),
  impactMsPerDay: z.number(),
});

export const issuesBreakdown = defineService({
  name: 'analysis.breakdown',
  summary: 'Findings counted by detector and severity, with the time at stake per day of each group',
  input: z.object({
    cluster: clusterField,
    status: z.enum(FINDING_STATUSES).default('open').describe('Which findings to count (default open)'),
    at: atField,
  }),
  output: z.object({
    items: z.array(breakdownRowOutput).describe('The largest time at stake first'),
    total: z.object({ count: z.number().int(), impactMsPerDay: z.number() }),
  }),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const all = await findingListingsInScope(
      deps,
      clusters,
      options.at === undefined ? undefined : new Date(options.at),
    );
    const groups = new Map<string, z.input<typeof breakdownRowOutput>>();
    for (const f of all) {
      if (f.status !== options.status) continue;
      const key = `${f.finding.detector}\u0000${f.finding.severity}`;
      const g = groups.get(key) ?? {
        detector: f.finding.detector,
        severity: f.finding.severity,
        count: 0,
        impactMsPerDay: 0,
      };
      g.count++;
      g.impactMsPerDay += f.finding.impactMsPerDay;
      groups.set(key, g);
    }
    const items = [...groups.values()].sort(
      (a, b) =>
        b.impactMsPerDay - a.impactMsPerDay ||
        a.detector.localeCompare(b.detector) ||
        severityRank(b.severity) - severityRank(a.severity),
    );
    return {
      items,
      total: {
        count: items.reduce((s, g) => s + g.count, 0),
        impactMsPerDay: items.reduce((s, g) => s + g.impactMsPerDay, 0),
      },
    };
  },
});
