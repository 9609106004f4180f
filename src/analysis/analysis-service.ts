import type { Cluster } from '../domain/cluster.js';
import type { DetectorId } from '../domain/detector-id.js';
import type { Finding } from '../domain/finding.js';
import type { FindingsSaved } from '../domain/findings-saved.js';
import type { Recommendation } from '../domain/recommendation.js';
import type { SqlFacts } from '../domain/sql-facts.js';
import { isOwnSql } from '../domain/sql-marker.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { withSpan } from '../observe/span.js';
import { extractSqlFacts } from '../sql/facts.js';
import { initSqlParser } from '../sql/sql-parser.js';
import { jobTimeRange, loadWindowJobs } from '../store/analysis-snapshot-repository.js';
import { refreshBaselines } from '../store/baselines-repository.js';
import { clustersWithFinding, saveFindings } from '../store/findings-repository.js';
import {
  type Db,
  findCluster,
  listClusters,
  loadDatasets,
  loadReflections,
  type Store,
} from '../store/index.js';
import { addWaiver, listActiveWaivers, type Waiver } from '../store/waivers-repository.js';
import type { AnalysisReport } from './analysis-report.js';
import { analysisWindow, historyLookedAtMs } from './analysis-window.js';
import { buildSnapshot } from './build-snapshot.js';
import type { Detector, WorkloadSnapshot } from './detector.js';
import { DETECTORS } from './detectors/index.js';
import { type ResolvedThresholds, resolveThresholds } from './resolve-thresholds.js';
import { runDetectors } from './run-detectors.js';
import { selectDetectors } from './select-detectors.js';
import { applyWaivers, parseWaiverTarget } from './waiver-match.js';

// Re-exported for callers that size a window the way the service does (bench/analyze-child.ts).
export { analysisWindow } from './analysis-window.js';

const DAY_MS = 86_400_000;

export interface AnalyzeWorkloadOptions {
  /** The cluster to analyse; may be omitted when the store holds exactly one. */
  readonly clusterName?: string;
  /** Start of the analysed window; default `windowDays` before its end. */
  readonly since?: Date;
  /** End of the analysed window when before the newest stored job (default: the newest job). */
  readonly until?: Date;
  /** Default 30. The window ends at the newest job in the store, never at the wall clock. */
  readonly windowDays?: number;
  /** Run only these detectors (`--detector`); default every registered one. */
  readonly detectorIds?: readonly DetectorId[];
  /** `config.detectors`: per-detector threshold overrides. */
  readonly detectorOverrides?: Readonly<Record<string, unknown>>;
  /** The detectors to choose from; default the registry. */
  readonly detectors?: readonly Detector[];
  /** Baselines: window length (default 30 days) and the fewest completed runs (default 20). */
  readonly baselineWindowDays?: number;
  readonly baselineMinRuns?: number;
  /** The report time, stamped on findings and compared with waiver expiry (default: now). */
  readonly now?: Date;
  /** Compute and report, but store no baselines or findings. */
  readonly dryRun?: boolean;
  /**
   * Turns the shown findings into recommendations (the next stage, `src/recommend`, passed in by the
   * caller so data keeps flowing one way). Without it the report has no recommendations.
   */
  readonly recommender?: Recommender;
  /** Stops the analysis between stages and between detectors (the error is the signal's reason). */
  readonly signal?: AbortSignal;
  /**
   * Called in the transaction that records the findings, with what opened and resolved: alerts are
   * written to their outbox there (passed in by the caller, so data keeps flowing one way).
   */
  readonly onFindingsSaved?: (trx: Db, saved: FindingsSaved) => Promise<void>;
  /** Told what opened and resolved once the findings are committed (not on a dry run): log events. */
  readonly onFindingsCommitted?: (saved: FindingsSaved) => void;
}

export type { FindingsSaved };

export interface RecommenderInput {
  readonly clusterId: bigint;
  readonly findings: readonly Finding[];
  readonly snapshot: WorkloadSnapshot;
  readonly at: Date;
  readonly dryRun: boolean;
}

export type Recommender = (input: RecommenderInput) => Promise<readonly Recommendation[]>;

/**
 * Analyses one cluster's workload: builds the snapshot of the window (jobs with profiles and SQL facts,
 * datasets, reflections), refreshes the per-fingerprint baselines, runs the detectors, records the
 * findings (first/last seen, occurrences; findings this run covered but no longer sees are resolved —
 * a run of some detectors or a narrower window leaves the others open) and leaves out those
 * an active waiver covers. Bad thresholds in the config stop it before anything is read (ConfigError).
 *
 * @example
 * const report = await analyzeWorkload(store, { clusterName: 'prod', detectorIds: ['spill'] });
 * for (const f of report.findings) console.log(f.severity, f.title, f.impactMsPerDay);
 */
export function analyzeWorkload(store: Store, options: AnalyzeWorkloadOptions = {}): Promise<AnalysisReport> {
  return withSpan('analysis.analyze', {}, async (span) => {
    const report = await analyzeInSpan(store, options);
    span.setAttributes({
      cluster: report.clusterName,
      jobs: report.jobCount,
      findings: report.findings.length,
      resolved: report.resolvedIds.length,
    });
    return report;
  });
}

async function analyzeInSpan(store: Store, options: AnalyzeWorkloadOptions): Promise<AnalysisReport> {
  const { detectors, thresholds } = prepareDetectors(options);
  const now = options.now ?? new Date();
  const { signal } = options;
  if (options.since !== undefined && options.until !== undefined && options.until <= options.since) {
    throw new InvalidInputError('the window ends before it starts', {
      code: 'ANALYSIS_WINDOW',
      problems: [{ field: 'until', value: options.until.toISOString(), expected: 'a time after since' }],
    });
  }
  const cluster = await resolveCluster(store.db, options.clusterName);
  const range = await jobTimeRange(store.db, cluster.id);
  const newestJobAt =
    range === undefined || options.until === undefined || options.until > range.newest
      ? range?.newest
      : options.until;
  signal?.throwIfAborted();
  const snapshot = await loadSnapshot(store.db, { cluster, options, now, newestJobAt });
  signal?.throwIfAborted();
  if (options.dryRun !== true) {
    await refreshBaselines(store.db, {
      clusterId: cluster.id,
      windowEnd: snapshot.window.to,
      windowDays: options.baselineWindowDays ?? 30,
      windowStart: new Date(snapshot.window.to.getTime() - (options.baselineWindowDays ?? 30) * DAY_MS),
      minRuns: options.baselineMinRuns ?? 20,
    });
  }
  const run = runDetectors({ detectors, thresholds, snapshot, ...(signal ? { signal } : {}) });
  signal?.throwIfAborted();
  const waivers = await listActiveWaivers(store.db, { clusterId: cluster.id, at: now });
  const { shown, waived } = applyWaivers(run.findings, waivers);
  const findingsSaved = (result: { openedIds: readonly string[]; resolvedIds: readonly string[] }) => ({
    clusterId: cluster.id,
    clusterName: cluster.name,
    seenAt: now,
    shown,
    openedIds: result.openedIds,
    resolvedIds: result.resolvedIds,
  });
  const saved =
    options.dryRun === true
      ? { resolvedIds: [] as readonly string[] }
      : await store.db.transaction().execute(async (trx) => {
          const result = await saveFindings(trx, {
            clusterId: cluster.id,
            findings: run.findings,
            seenAt: now,
            evaluatedDetectors: run.evaluated,
            windowMs: historyLookedAtMs(snapshot.window, range?.oldest),
            unseenSubjects: run.unseenSubjects,
          });
          await options.onFindingsSaved?.(trx, findingsSaved(result));
          return result;
        });
  if ('openedIds' in saved) options.onFindingsCommitted?.(findingsSaved(saved));
  signal?.throwIfAborted();
  const recommendations = await (options.recommender ?? (async () => []))({
    clusterId: cluster.id,
    findings: shown,
    snapshot,
    at: now,
    dryRun: options.dryRun === true,
  });
  return {
    generatedAt: now,
    clusterName: cluster.name,
    window: snapshot.window,
    jobCount: snapshot.jobs.length,
    daysWithJobs: new Set(
      snapshot.jobs.map((j) => Math.floor(j.job.timestamps.submittedAt.getTime() / 86_400_000)),
    ).size,
    detectors: detectors.map((d) => ({ id: d.id, title: d.title, rule: d.rule })),
    findings: shown,
    notEvaluated: run.notEvaluated,
    waived,
    resolvedIds: saved.resolvedIds,
    recommendations,
  };
}

/**
 * The detectors to run and their resolved thresholds. Throws the ConfigError of a bad `detectors.<id>`
 * override; a command calls it before opening the store so a typo fails fast.
 */
export function prepareDetectors(
  options: Pick<AnalyzeWorkloadOptions, 'detectorIds' | 'detectorOverrides' | 'detectors'>,
): { readonly detectors: readonly Detector[]; readonly thresholds: ResolvedThresholds } {
  const registry = registryOf(options.detectors);
  // Every registered detector's override is checked, not only the selected ones: a typo in the config
  // should fail today, not on the day someone runs that detector.
  const overrides = options.detectorOverrides ?? {};
  const thresholds = resolveThresholds({ detectors: selectDetectors(registry), overrides });
  return { detectors: selectDetectors(registry, options.detectorIds), thresholds };
}

function registryOf(detectors: readonly Detector[] | undefined) {
  return detectors === undefined ? DETECTORS : Object.fromEntries(detectors.map((d) => [d.id, d]));
}

async function resolveCluster(db: Db, name: string | undefined): Promise<Cluster> {
  if (name !== undefined) {
    const cluster = await findCluster(db, name);
    if (cluster !== undefined) return cluster;
    throw new NotFoundError(`no cluster named "${name}" in the store`, {
      code: 'CLUSTER_UNKNOWN',
      entity: 'cluster',
      id: name,
      field: 'cluster',
    });
  }
  const clusters = await listClusters(db);
  if (clusters.length === 1) return clusters[0]!;
  if (clusters.length === 0) {
    throw new NotFoundError('the store holds no cluster yet', {
      code: 'CLUSTER_UNKNOWN',
      entity: 'cluster',
      id: '',
      field: 'cluster',
      hint: 'import files or collect from Dremio first',
    });
  }
  const names = clusters.map((c) => c.name).join(', ');
  throw new InvalidInputError(`the store holds several clusters (${names}); say which to analyse`, {
    code: 'CLUSTER_UNKNOWN',
    problems: [{ field: 'cluster', expected: `one of: ${names}` }],
    hint: `set cluster to one of: ${names}`,
  });
}

/** The workload snapshot of a cluster's window, as the analysis reads it (the reflection ledger reads it too). */
export async function loadSnapshot(
  db: Db,
  input: { cluster: Cluster; options: AnalyzeWorkloadOptions; now: Date; newestJobAt: Date | undefined },
): Promise<WorkloadSnapshot> {
  const newestJobAt = input.newestJobAt ?? input.now;
  const bounds = analysisWindow({
    newestJobAt,
    oldestJobAt: newestJobAt,
    since: input.options.since,
    windowDays: input.options.windowDays ?? 30,
  });
  const loaded = await loadWindowJobs(db, { clusterId: input.cluster.id, from: bounds.from, to: bounds.to });
  // Days of data are counted from the oldest job *in the window*: one old import outside it must not
  // stretch a two-day history to the full window and divide every impact per day by fifteen.
  const window = analysisWindow({
    newestJobAt,
    oldestJobAt: loaded.jobs[0]?.timestamps.submittedAt ?? newestJobAt,
    since: input.options.since,
    windowDays: input.options.windowDays ?? 30,
  });
  await initSqlParser();
  const facts = new Map<string, SqlFacts | undefined>();
  return buildSnapshot({
    window,
    jobs: loaded.jobs.filter((job) => job.sqlText === null || !isOwnSql(job.sqlText)),
    profiles: loaded.profiles,
    facts: (fingerprint, sampleSql) => {
      if (!facts.has(fingerprint)) {
        facts.set(fingerprint, sampleSql === null ? undefined : extractSqlFacts(sampleSql));
      }
      return facts.get(fingerprint);
    },
    datasets: await loadDatasets(db, input.cluster.id),
    reflections: await loadReflections(db, input.cluster.id),
  });
}

export interface WaiveOptions {
  /** A finding id, or `DETECTOR:PATTERN` (see `parseWaiverTarget`). */
  readonly target: string;
  readonly reason: string;
  /** The waiver lapses at this time; default never. */
  readonly until?: Date;
  /** Limit the waiver to one cluster; default every cluster. */
  readonly clusterName?: string;
  readonly createdBy?: string;
  readonly now?: Date;
  readonly dryRun?: boolean;
}

export interface WaiveResult {
  /** The stored waiver (id 0 on a dry run). */
  readonly waiver: Waiver;
}

/**
 * Records a waiver: a finding id must exist in the store (ids are hashes, so a typo would otherwise
 * waive nothing, forever); a `DETECTOR:PATTERN` may match nothing yet. The reason is required and an
 * expiry must lie in the future.
 */
export async function waiveFindings(store: Store, options: WaiveOptions): Promise<WaiveResult> {
  const target = parseWaiverTarget(options.target);
  const now = options.now ?? new Date();
  if (options.reason.trim() === '') {
    throw new InvalidInputError('a waiver needs a reason', {
      code: 'WAIVER_REASON_MISSING',
      problems: [{ field: 'reason', expected: 'why the finding is accepted' }],
    });
  }
  if (options.until !== undefined && options.until.getTime() <= now.getTime()) {
    throw new InvalidInputError(`the waiver would expire in the past (${options.until.toISOString()})`, {
      code: 'WAIVER_UNTIL_PAST',
      problems: [
        { field: 'until', value: options.until.toISOString(), expected: 'a future date such as 2027-01-31' },
      ],
    });
  }
  const cluster =
    options.clusterName === undefined ? undefined : await resolveCluster(store.db, options.clusterName);
  if (target.kind === 'finding') {
    const holders = await clustersWithFinding(store.db, target.findingId);
    if (holders.length === 0 || (cluster !== undefined && !holders.includes(cluster.id))) {
      throw new NotFoundError(
        `no finding with id ${target.findingId}${cluster ? ` in cluster "${cluster.name}"` : ''}`,
        {
          code: 'FINDING_UNKNOWN',
          entity: 'finding',
          id: target.findingId,
          field: 'target',
          hint: 'copy the id from an analysis report, or waive by DETECTOR:PATTERN',
        },
      );
    }
  }
  const input = {
    clusterId: cluster?.id ?? null,
    findingId: target.kind === 'finding' ? target.findingId : null,
    detector: target.kind === 'pattern' ? target.detector : null,
    pattern: target.kind === 'pattern' ? target.pattern : null,
    reason: options.reason.trim(),
    until: options.until ?? null,
    createdBy: options.createdBy ?? null,
  };
  if (options.dryRun === true) return { waiver: { ...input, id: 0n, createdAt: now } };
  return { waiver: await addWaiver(store.db, input) };
}
