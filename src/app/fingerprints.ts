import { z } from 'zod';
import { SEVERITIES } from '../domain/severity.js';
import { NotFoundError } from '../errors.js';
import { normalize } from '../sql/normalize.js';
import { jobTimeRange } from '../store/analysis-snapshot-repository.js';
import {
  BASELINE_METRICS,
  listBaselines as listStoredBaselines,
  refreshBaselines as refreshStoredBaselines,
} from '../store/baselines-repository.js';
import { findingsOfFingerprint } from '../store/fingerprint-usage-queries.js';
import { baselinesOfFingerprint, dailyRuns, fingerprintRow, searchJobRows } from '../store/read-queries.js';
import { FINDING_STATUSES, findingItem, findingOutput, findingsInScope } from './findings.js';
import { pageInput, pageOf } from './page.js';
import {
  clusterField,
  clustersInScope,
  instantField,
  iso,
  oneCluster,
  pageInMemory,
  wire,
} from './read-scope.js';
import { type AppDeps, defineService } from './service.js';

const DAY_MS = 86_400_000;

export const baselineOutput = z.object({
  fingerprint: z.string(),
  metric: z.enum(BASELINE_METRICS),
  windowDays: z.number().int(),
  windowStart: z.string(),
  windowEnd: z.string(),
  runCount: z.number().int(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  mean: z.number().nullable(),
  stddev: z.number().nullable(),
  mad: z.number().nullable().describe('Median absolute deviation'),
  computedAt: z.string(),
});

export const dailyRunsOutput = z.object({
  day: z.string().describe('UTC day, YYYY-MM-DD'),
  runs: z.number().int(),
  failed: z.number().int(),
  p50Ms: z.number().nullable().describe('Of the completed runs'),
  p95Ms: z.number().nullable(),
});

export const changePointOutput = z.object({
  findingId: z.string().describe('The regression finding that reported it (findings.get)'),
  status: z.enum(['open', 'resolved']),
  at: z.string().nullable().describe('Submit time of the first regressed run'),
  beforeMs: z.number().nullable().describe('Median duration before the shift'),
  afterMs: z.number().nullable().describe('Median duration after it'),
});

export const fingerprintOutput = z.object({
  fingerprint: z.string(),
  cluster: z.string(),
  normalizedSql: z
    .string()
    .nullable()
    .describe('As stored, else the normal form of the SQL text of its newest run; null when none has text'),
  sampleSql: z.string().nullable(),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  baselines: z.array(baselineOutput),
  from: z.string(),
  to: z.string(),
  days: z.array(dailyRunsOutput).describe('Runs per UTC day in [from, to]'),
  changePoints: z
    .array(changePointOutput)
    .describe(
      'Where the regression detector found its runs slowed, as stored with its findings, oldest first',
    ),
});

export const getFingerprint = defineService({
  name: 'fingerprints.get',
  summary: 'One query shape: its SQL, its baselines and its runs per day (count, p50, p95)',
  input: z.object({
    fingerprint: z.string().min(1).max(200),
    cluster: clusterField,
    days: z.coerce.number().int().min(1).max(3650).default(30).describe('Days of runs, ending at until'),
    until: instantField.optional().describe('End of the runs shown (default: its newest run)'),
  }),
  output: fingerprintOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const row = await fingerprintRow(deps.store.db, cluster.id, options.fingerprint);
    const [newest] = await searchJobRows(deps.store.db, {
      clusterIds: [cluster.id],
      fingerprint: options.fingerprint,
      limit: 1,
    });
    if (row === undefined && newest === undefined)
      throw new NotFoundError(`no fingerprint ${options.fingerprint} in cluster ${cluster.name}`, {
        entity: 'fingerprint',
        id: options.fingerprint,
        field: 'fingerprint',
      });
    const to =
      options.until === undefined
        ? new Date((newest?.submitted_at ?? row!.last_seen_at).getTime() + 1)
        : new Date(options.until);
    const from = new Date(to.getTime() - options.days * DAY_MS);
    const baselines = await baselinesOfFingerprint(deps.store.db, cluster.id, options.fingerprint);
    return {
      fingerprint: options.fingerprint,
      cluster: cluster.name,
      normalizedSql: row?.normalized_sql ?? (newest?.sql_text ? normalize(newest.sql_text) : null),
      sampleSql: row?.sample_sql ?? newest?.sql_text ?? null,
      firstSeenAt: iso(row?.first_seen_at),
      lastSeenAt: iso(row?.last_seen_at),
      baselines: baselines.map((b) => ({
        fingerprint: b.fingerprint,
        metric: b.metric as (typeof BASELINE_METRICS)[number],
        windowDays: b.window_days,
        windowStart: iso(b.window_start)!,
        windowEnd: iso(b.window_end)!,
        runCount: Number(b.run_count),
        p50: b.p50,
        p95: b.p95,
        p99: b.p99,
        mean: b.mean,
        stddev: b.stddev,
        mad: b.mad,
        computedAt: iso(b.computed_at)!,
      })),
      from: iso(from)!,
      to: iso(to)!,
      days: await dailyRuns(deps.store.db, {
        clusterId: cluster.id,
        fingerprint: options.fingerprint,
        from,
        to,
      }),
      changePoints: await changePointsOf(deps.store.db, cluster.id, options.fingerprint),
    };
  },
});

/** The shifts the regression detector recorded (its evidence: startedAt, baseline and recent medians). */
async function changePointsOf(
  db: AppDeps['store']['db'],
  clusterId: bigint,
  fingerprint: string,
): Promise<z.input<typeof changePointOutput>[]> {
  const findings = await findingsOfFingerprint(db, { clusterId, detector: 'regression', fingerprint });
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return findings
    .map((f) => {
      const at = typeof f.evidence.startedAt === 'string' ? Date.parse(f.evidence.startedAt) : Number.NaN;
      return {
        findingId: f.id,
        status: f.status,
        at: Number.isNaN(at) ? null : iso(new Date(at)),
        beforeMs: number(f.evidence.baselineMedianMs),
        afterMs: number(f.evidence.recentMedianMs),
      };
    })
    .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.findingId.localeCompare(b.findingId));
}

export const listBaselines = defineService({
  name: 'baselines.list',
  summary: 'Stored per-fingerprint baselines of one window length, by fingerprint and metric',
  input: z.object({
    cluster: clusterField,
    windowDays: z.coerce.number().int().min(1).max(3650).default(30),
    metric: z.enum(BASELINE_METRICS).optional(),
    ...pageInput,
  }),
  output: pageOf(baselineOutput),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const stored = await listStoredBaselines(deps.store.db, {
      clusterId: cluster.id,
      windowDays: options.windowDays,
    });
    const items: z.input<typeof baselineOutput>[] = [];
    for (const metrics of stored.values())
      for (const b of metrics.values())
        if (options.metric === undefined || b.metric === options.metric)
          items.push(wire<z.input<typeof baselineOutput>>(b));
    return pageInMemory(items, {
      keyOf: (b) => [b.fingerprint, b.metric],
      order: ['asc', 'asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});

export const refreshBaselines = defineService({
  name: 'baselines.refresh',
  summary: 'Recomputes the per-fingerprint baselines over a window ending at the newest stored job',
  input: z.object({
    cluster: clusterField,
    windowDays: z.coerce.number().int().min(1).max(3650).default(30),
    minRuns: z.coerce.number().int().min(1).max(1_000_000).default(20).describe('Fewest completed runs'),
    until: instantField.optional().describe('End of the window (default: the newest stored job)'),
  }),
  output: z.object({
    cluster: z.string(),
    windowStart: z.string().nullable(),
    windowEnd: z.string().nullable(),
    computed: z.number().int(),
    removed: z.number().int(),
  }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    deps.signal?.throwIfAborted();
    const range = await jobTimeRange(deps.store.db, cluster.id);
    const end = options.until === undefined ? range?.newest : new Date(options.until);
    if (end === undefined)
      return { cluster: cluster.name, windowStart: null, windowEnd: null, computed: 0, removed: 0 };
    const start = new Date(end.getTime() - options.windowDays * DAY_MS);
    deps.signal?.throwIfAborted();
    const result = await refreshStoredBaselines(deps.store.db, {
      clusterId: cluster.id,
      windowStart: start,
      windowEnd: end,
      windowDays: options.windowDays,
      minRuns: options.minRuns,
    });
    return { cluster: cluster.name, windowStart: iso(start), windowEnd: iso(end), ...result };
  },
});

export const regressionOutput = findingOutput.extend({
  evidence: z.record(z.string(), z.unknown()).describe('Baseline and recent runs, the test and what changed'),
});

export const listRegressions = defineService({
  name: 'analysis.regressions',
  summary: 'Query shapes that became slower than their baseline, the largest time at stake first',
  input: z.object({
    cluster: clusterField,
    status: z.enum(FINDING_STATUSES).default('open'),
    severity: z.enum(SEVERITIES).optional(),
    ...pageInput,
  }),
  output: pageOf(regressionOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const all = (await findingsInScope(deps, clusters, undefined)).filter(
      (f) =>
        f.finding.detector === 'regression' &&
        f.status === options.status &&
        (options.severity === undefined || f.finding.severity === options.severity),
    );
    const page = pageInMemory(all, {
      keyOf: (f) => [f.finding.impactMsPerDay, f.cluster.name, f.finding.id],
      order: ['desc', 'asc', 'asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
    return {
      items: page.items.map((f) => ({
        ...findingItem(f),
        evidence: wire<Record<string, unknown>>(f.finding.evidence),
      })),
      nextCursor: page.nextCursor,
    };
  },
});
