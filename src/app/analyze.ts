import { z } from 'zod';
import { findingAlertsHook } from '../alerts/index.js';
import type { AnalysisReport } from '../analysis/analysis-report.js';
import { type AnalyzeWorkloadOptions, analyzeWorkload } from '../analysis/analysis-service.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import type { Recommendation } from '../domain/recommendation.js';
import { findingJsonSchema } from '../format/analysis-json.js';
import { timed } from '../observe/metrics.js';
import type { ReflectionBudget } from '../recommend/draft.js';
import { type RecommendAndSaveOptions, recommendAndSave } from '../recommend/recommend-service.js';
import type { LeftOutReflection } from '../recommend/reflection-set/plan.js';
import { findCluster } from '../store/clusters-repository.js';
import { type JobsBefore, jobsBefore } from '../store/jobs-before-queries.js';
import { logFindingEvents } from './finding-events.js';
import { noteAnalysis } from './metrics-hooks.js';
import { type AppDeps, defineService, parseServiceInput } from './service.js';
import { toWire } from './wire-json.js';

const isoTime = z.iso.datetime({ offset: true });

export const analyzeInput = z.object({
  cluster: z
    .string()
    .min(1)
    .optional()
    .describe('the cluster to analyse; may be omitted when the store holds one'),
  since: isoTime.optional().describe('start of the window (ISO 8601); default windowDays before its end'),
  until: isoTime
    .optional()
    .describe('end of the window (ISO 8601) when before the newest stored job; default the newest job'),
  windowDays: z.coerce
    .number()
    .positive()
    .max(3650)
    .optional()
    .describe('days back from the window end when since is not given (default 30)'),
  detectors: z
    .array(z.enum(DETECTOR_IDS))
    .optional()
    .describe('run only these detectors; default every registered one'),
  recommend: z
    .boolean()
    .default(true)
    .describe('turn the findings into recommendations and store them (default true)'),
  dryRun: z.boolean().default(false).describe('analyse and report, but store nothing'),
  budgetGb: z.coerce
    .number()
    .nonnegative()
    .optional()
    .describe("storage the workload's new reflections may take, in GB (10^9 bytes); default unlimited"),
  budgetRefreshMinPerDay: z.coerce
    .number()
    .nonnegative()
    .optional()
    .describe("refresh time the workload's new reflections may take, in minutes a day; default unlimited"),
  at: isoTime
    .optional()
    .describe('the report time, stamped on findings and compared with waiver expiry (default now)'),
});

/** A recommendation as analysis produces it (JSON form). */
export const analysisRecommendationOutput = z.looseObject({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  sql: z.string().nullable(),
  action: z.string(),
  findingIds: z.array(z.string()),
  jobIds: z.array(z.string()),
  estimatedSavingsMsPerDay: z.number(),
  netBenefitMsPerDay: z.number(),
  confidence: z.number(),
  status: z.string(),
});

/** The analysis report in JSON form: the window, the findings shown, those waived and resolved. */
export const analysisReportOutput = z.object({
  generatedAt: z.string(),
  clusterName: z.string(),
  window: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  jobCount: z.number(),
  daysWithJobs: z.number().int().describe('UTC days on which at least one of those jobs was submitted'),
  detectors: z.array(z.object({ id: z.string(), title: z.string(), rule: z.string() })),
  findings: z.array(findingJsonSchema),
  notEvaluated: z.array(
    z.object({
      detector: z.string(),
      missing: z.string().nullable(),
      reason: z.string(),
      skippedJobs: z.number(),
      totalJobs: z.number(),
    }),
  ),
  waived: z.array(
    z.object({
      findingId: z.string(),
      waiverId: z.number(),
      reason: z.string(),
      until: z.string().nullable(),
    }),
  ),
  resolvedIds: z.array(z.string()),
  recommendations: z.array(analysisRecommendationOutput),
});

export type AnalyzeInput = z.input<typeof analyzeInput>;

/** A reflection the workload's set left out, in JSON form. */
export const leftOutReflectionOutput = z.object({
  datasetPath: z.string(),
  type: z.enum(['aggregate', 'raw']),
  fingerprints: z.array(z.string()),
  reason: z.enum(['budget', 'not-worth-it', 'existing']),
  savingsMsPerDay: z.number(),
  refreshMsPerDay: z.number(),
  storageBytes: z.number(),
  existingReflection: z.string().nullable(),
});

/** The analysis with the reflections its recommendations left out (empty when not recommending). */
export interface AnalysisWithReflectionSet extends AnalysisReport {
  readonly reflectionsLeftOut: readonly LeftOutReflection[];
  /** Changes not recommended because they cost more than they save, with their numbers. */
  readonly notWorthIt: readonly Recommendation[];
  /**
   * Stored jobs submitted before the window when the window is the default one (neither `since` nor
   * `windowDays` given): old imports the analysis did not look at. Undefined when there are none or the
   * caller chose the window.
   */
  readonly beforeDefaultWindow: JobsBefore | undefined;
}

/** The service's budget fields as the recommender's budget: GB → bytes, minutes a day → ms a day. */
export function budgetOf(input: {
  readonly budgetGb?: number | undefined;
  readonly budgetRefreshMinPerDay?: number | undefined;
}): ReflectionBudget {
  return {
    ...(input.budgetGb === undefined ? {} : { storageBytes: input.budgetGb * 1e9 }),
    ...(input.budgetRefreshMinPerDay === undefined
      ? {}
      : { refreshMsPerDay: input.budgetRefreshMinPerDay * 60_000 }),
  };
}

/**
 * The analysis as a domain report, for callers that render it themselves (the CLI's table, Markdown
 * and SARIF); the `analyze` service is this in JSON form. Threshold overrides come from
 * `config.detectors`; the window ends at the newest stored job, never at the wall clock.
 */
export async function analyzeReport(
  deps: AppDeps,
  options: AnalyzeInput,
): Promise<AnalysisWithReflectionSet> {
  const input = parseServiceInput('analyze', analyzeInput, options);
  let reflectionsLeftOut: readonly LeftOutReflection[] = [];
  let notWorthIt: readonly Recommendation[] = [];
  const report = await timed(deps.metrics, 'analyze', () =>
    analyzeWorkload(
      deps.store,
      analysisOptions(deps, input, {
        onReflectionsLeftOut: (l) => {
          reflectionsLeftOut = l;
        },
        onNotWorthIt: (r) => {
          notWorthIt = r;
        },
      }),
    ),
  );
  noteAnalysis(deps, report);
  const defaultWindow = input.since === undefined && input.windowDays === undefined;
  return {
    ...report,
    reflectionsLeftOut,
    notWorthIt,
    beforeDefaultWindow: defaultWindow ? await jobsBeforeWindow(deps, report) : undefined,
  };
}

async function jobsBeforeWindow(deps: AppDeps, report: AnalysisReport): Promise<JobsBefore | undefined> {
  const cluster = await findCluster(deps.store.db, report.clusterName);
  return cluster === undefined
    ? undefined
    : jobsBefore(deps.store.db, { clusterId: cluster.id, before: report.window.from });
}

function analysisOptions(
  deps: AppDeps,
  input: z.output<typeof analyzeInput>,
  listeners: Pick<RecommendAndSaveOptions, 'onReflectionsLeftOut' | 'onNotWorthIt'> = {},
): AnalyzeWorkloadOptions {
  const dryRun = input.dryRun;
  const budget = budgetOf(input);
  const onFindingsSaved = findingAlertsHook(deps.config);
  return {
    ...(onFindingsSaved === undefined ? {} : { onFindingsSaved }),
    ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
    ...(input.since === undefined ? {} : { since: new Date(input.since) }),
    ...(input.until === undefined ? {} : { until: new Date(input.until) }),
    ...(input.windowDays === undefined ? {} : { windowDays: input.windowDays }),
    ...(input.detectors === undefined ? {} : { detectorIds: [...new Set(input.detectors)] }),
    ...(input.at === undefined ? {} : { now: new Date(input.at) }),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    detectorOverrides: deps.config.detectors,
    dryRun,
    onFindingsCommitted: logFindingEvents(deps.logger),
    ...(input.recommend
      ? {
          recommender: (r) =>
            timed(deps.metrics, 'recommend', () =>
              recommendAndSave(deps.store, {
                ...r,
                budget,
                ...listeners,
              }),
            ),
        }
      : {}),
  };
}

export const analyzeData = defineService({
  name: 'analyze',
  summary: "Run the detectors over a cluster's stored workload, record findings and recommendations",
  input: analyzeInput,
  output: analysisReportOutput,
  async run(deps, input) {
    const report = await timed(deps.metrics, 'analyze', () =>
      analyzeWorkload(deps.store, analysisOptions(deps, input)),
    );
    noteAnalysis(deps, report);
    return toWire(report) as z.input<typeof analysisReportOutput>;
  },
});
