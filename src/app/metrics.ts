import { z } from 'zod';
import type { Cluster } from '../domain/cluster.js';
import { DETECTOR_IDS, type DetectorId } from '../domain/detector-id.js';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '../domain/recommendation.js';
import { SEVERITIES, type Severity } from '../domain/severity.js';
import { summarizeMeasurements } from '../measure/measure-summary.js';
import { jobTimeRange } from '../store/analysis-snapshot-repository.js';
import { listMeasurements, listRecommendations, recommendationStatusTotals } from '../store/index.js';
import {
  affectedJobTimePerDay,
  countJobsBetween,
  dailyRuns,
  newestStatusStepAt,
  reachedStatusCounts,
  statusStepsPerDay,
} from '../store/read-queries.js';
import { findingListingsInScope } from './findings.js';
import { clusterField, instantField, iso, oneCluster } from './read-scope.js';
import type { AppDeps } from './service.js';
import { defineService } from './service.js';

const DAY_MS = 86_400_000;

export const windowInput = {
  cluster: clusterField,
  days: z.coerce.number().int().min(1).max(3650).default(30).describe('Days covered, ending at until'),
  until: instantField.optional().describe('End of the window (default: just after the newest stored job)'),
};

const windowOutput = {
  cluster: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable().describe('Exclusive end; null when the store holds no job of the cluster'),
};

interface Window {
  readonly from: Date;
  readonly to: Date;
}

/** [until − days, until), until by default just after the newest stored job: anchored on the data. */
export async function windowOf(
  deps: AppDeps,
  cluster: Cluster,
  options: { readonly days: number; readonly until?: string | undefined },
): Promise<Window | undefined> {
  let to: Date;
  if (options.until !== undefined) to = new Date(options.until);
  else {
    const range = await jobTimeRange(deps.store.db, cluster.id);
    if (range === undefined) return undefined;
    to = new Date(range.newest.getTime() + 1);
  }
  return { from: new Date(to.getTime() - options.days * DAY_MS), to };
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** The listing form (no evidence, no job ids): counts and sums need only severity, detector and impact. */
async function openFindings(deps: AppDeps, cluster: Cluster) {
  return (await findingListingsInScope(deps, [cluster], undefined)).filter((f) => f.status === 'open');
}

export const metricsSummaryOutput = z.object({
  ...windowOutput,
  jobs: z.number().int().describe('Jobs submitted in the window'),
  findings: z.object({
    open: z.number().int().describe('Open findings, not waived'),
    bySeverity: z.record(z.enum(SEVERITIES), z.number().int()),
    timeAtStakeMsPerDay: z.number(),
  }),
  recommendations: z.object({
    total: z.number().int(),
    byStatus: z.record(z.enum(RECOMMENDATION_STATUSES), z.number().int()),
    pendingNetBenefitMsPerDay: z.number().describe('Net saving still on offer (pending and accepted)'),
  }),
  measured: z.object({
    measurements: z.number().int(),
    verified: z.number().int(),
    timeSavedMsPerDay: z
      .number()
      .describe(
        'By verified changes that took effect in the last days of measured data (measurements.summary)',
      ),
    timeSavedMs: z.number(),
  }),
});

export const metricsSummary = defineService({
  name: 'metrics.summary',
  summary: 'Jobs, open findings by severity, time at stake, recommendations by status and measured savings',
  input: z.object(windowInput),
  output: metricsSummaryOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const window = await windowOf(deps, cluster, options);
    const findings = await openFindings(deps, cluster);
    const bySeverity = zeroes(SEVERITIES);
    for (const f of findings) bySeverity[f.finding.severity]++;
    const recs = await recommendationStatusTotals(deps.store.db, cluster.id);
    const byStatus = zeroes(RECOMMENDATION_STATUSES);
    for (const r of recs) byStatus[r.status] += r.count;
    const measurements = summarizeMeasurements(
      await listMeasurements(deps.store.db, { clusterId: cluster.id }),
      options.days,
    );
    return {
      cluster: cluster.name,
      from: iso(window?.from),
      to: iso(window?.to),
      jobs:
        window === undefined ? 0 : await countJobsBetween(deps.store.db, cluster.id, window.from, window.to),
      findings: {
        open: findings.length,
        bySeverity,
        timeAtStakeMsPerDay: findings.reduce((s, f) => s + f.finding.impactMsPerDay, 0),
      },
      recommendations: {
        total: recs.reduce((s, r) => s + r.count, 0),
        byStatus,
        pendingNetBenefitMsPerDay: recs
          .filter((r) => r.status === 'pending' || r.status === 'accepted')
          .reduce((s, r) => s + r.netBenefitMsPerDay, 0),
      },
      measured: {
        measurements: measurements.totalMeasurements,
        verified: measurements.verdicts.verified,
        timeSavedMsPerDay: measurements.timeSavedMsPerDay,
        timeSavedMs: measurements.timeSavedMs,
      },
    };
  },
});

export const issueTypeOutput = z.object({
  detector: z.enum(DETECTOR_IDS),
  findings: z.number().int().describe('Open findings, not waived'),
  bySeverity: z.record(z.enum(SEVERITIES), z.number().int()),
  impactMsPerDay: z.number(),
  recommendations: z.number().int().describe('Recommendations answering at least one of its findings'),
  netBenefitMsPerDay: z.number().describe('Their net saving'),
});

export const metricsByIssueType = defineService({
  name: 'metrics.by-issue-type',
  summary: 'Per detector: open findings, their time at stake and the recommendations made on them',
  input: z.object({ cluster: clusterField }),
  output: z.object({ cluster: z.string(), items: z.array(issueTypeOutput) }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const findings = await openFindings(deps, cluster);
    const detectorOf = new Map<string, DetectorId>(findings.map((f) => [f.finding.id, f.finding.detector]));
    const rows = new Map<
      DetectorId,
      z.input<typeof issueTypeOutput> & { bySeverity: Record<Severity, number> }
    >();
    const row = (detector: DetectorId) => {
      let r = rows.get(detector);
      if (r === undefined) {
        r = {
          detector,
          findings: 0,
          bySeverity: zeroes(SEVERITIES),
          impactMsPerDay: 0,
          recommendations: 0,
          netBenefitMsPerDay: 0,
        };
        rows.set(detector, r);
      }
      return r;
    };
    for (const f of findings) {
      const r = row(f.finding.detector);
      r.findings++;
      r.bySeverity[f.finding.severity]++;
      r.impactMsPerDay += f.finding.impactMsPerDay;
    }
    for (const rec of await listRecommendations(deps.store.db, { clusterId: cluster.id })) {
      const detectors = new Set(
        rec.findingIds.map((id) => detectorOf.get(id)).filter((d) => d !== undefined),
      );
      for (const d of detectors) {
        const r = row(d);
        r.recommendations++;
        r.netBenefitMsPerDay += rec.netBenefitMsPerDay;
      }
    }
    return {
      cluster: cluster.name,
      items: [...rows.values()].sort(
        (a, b) => b.impactMsPerDay - a.impactMsPerDay || a.detector.localeCompare(b.detector),
      ),
    };
  },
});

const stepCounts = z.record(z.enum(RECOMMENDATION_STATUSES), z.number().int());

export const adoption = defineService({
  name: 'metrics.adoption',
  summary: 'Recommendations generated, accepted, applied, verified and rejected, in total and per day',
  input: z.object({
    cluster: clusterField,
    days: windowInput.days,
    until: instantField
      .optional()
      .describe('End of the per-day series (default: just after the newest lifecycle step)'),
  }),
  output: z.object({
    ...windowOutput,
    totals: z.object({
      generated: z.number().int(),
      accepted: z.number().int(),
      applied: z.number().int(),
      verified: z.number().int(),
      rejected: z.number().int(),
      dismissed: z.number().int(),
      acceptanceRate: z.number().nullable().describe('Ever accepted / generated'),
    }),
    current: stepCounts.describe('Recommendations in each status now'),
    days: z.array(z.object({ day: z.string(), steps: stepCounts })).describe('Lifecycle steps per UTC day'),
  }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const reached = await reachedStatusCounts(deps.store.db, cluster.id);
    const recs = await listRecommendations(deps.store.db, { clusterId: cluster.id });
    const current = zeroes(RECOMMENDATION_STATUSES);
    for (const r of recs) current[r.status]++;
    const newest = await newestStatusStepAt(deps.store.db, cluster.id);
    const to =
      options.until !== undefined
        ? new Date(options.until)
        : newest === undefined
          ? undefined
          : new Date(newest.getTime() + 1);
    const from = to === undefined ? undefined : new Date(to.getTime() - options.days * DAY_MS);
    const steps =
      to === undefined || from === undefined
        ? []
        : await statusStepsPerDay(deps.store.db, { clusterId: cluster.id, from, to });
    const days = new Map<string, Record<RecommendationStatus, number>>();
    for (const s of steps) {
      const d = days.get(s.day) ?? zeroes(RECOMMENDATION_STATUSES);
      if ((RECOMMENDATION_STATUSES as readonly string[]).includes(s.status))
        d[s.status as RecommendationStatus] += s.count;
      days.set(s.day, d);
    }
    const generated = Math.max(recs.length, reached.get('pending') ?? 0);
    const accepted = reached.get('accepted') ?? 0;
    return {
      cluster: cluster.name,
      from: iso(from),
      to: iso(to),
      totals: {
        generated,
        accepted,
        applied: reached.get('applied') ?? 0,
        verified: reached.get('verified') ?? 0,
        rejected: reached.get('rejected') ?? 0,
        dismissed: reached.get('dismissed') ?? 0,
        acceptanceRate: generated === 0 ? null : accepted / generated,
      },
      current,
      days: [...days.entries()].map(([day, counts]) => ({ day, steps: counts })),
    };
  },
});

export const trendDayOutput = z.object({
  day: z.string().describe('UTC day, YYYY-MM-DD'),
  jobs: z.number().int(),
  failed: z.number().int(),
  p50Ms: z.number().nullable().describe('Duration of the completed jobs'),
  p95Ms: z.number().nullable(),
  timeAtStakeMs: z
    .record(z.string(), z.number())
    .describe('Per detector: total duration of that day’s jobs an open finding of the detector names'),
});

export const trends = defineService({
  name: 'metrics.trends',
  summary: 'Per day: jobs, p50/p95 duration and the time of jobs at stake by detector',
  input: z.object(windowInput),
  output: z.object({ ...windowOutput, days: z.array(trendDayOutput) }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const window = await windowOf(deps, cluster, options);
    if (window === undefined) return { cluster: cluster.name, from: null, to: null, days: [] };
    const runs = await dailyRuns(deps.store.db, { clusterId: cluster.id, ...window });
    const stake = await affectedJobTimePerDay(deps.store.db, { clusterId: cluster.id, ...window });
    const byDay = new Map<string, Record<string, number>>();
    for (const s of stake) byDay.set(s.day, { ...(byDay.get(s.day) ?? {}), [s.detector]: s.ms });
    return {
      cluster: cluster.name,
      from: iso(window.from),
      to: iso(window.to),
      days: runs.map((r) => ({
        day: r.day,
        jobs: r.runs,
        failed: r.failed,
        p50Ms: r.p50Ms,
        p95Ms: r.p95Ms,
        timeAtStakeMs: byDay.get(r.day) ?? {},
      })),
    };
  },
});
