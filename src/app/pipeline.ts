import { z } from 'zod';
import {
  enqueueCollectionFailedAlert,
  enqueueCollectionLaggingAlert,
  enqueueMeasurementAlerts,
} from '../alerts/index.js';
import type { AnalysisReport } from '../analysis/analysis-report.js';
import { analyzeWorkload } from '../analysis/analysis-service.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import { SEVERITIES } from '../domain/severity.js';
import { measureChanges } from '../measure/index.js';
import { timed } from '../observe/metrics.js';
import { withSpan } from '../observe/span.js';
import { recommendAndSave } from '../recommend/recommend-service.js';
import type { CollectSummary } from '../sources/collect-service.js';
import type { CollectSettings } from '../sources/live/live-context.js';
import { lastSuccessfulCollectionEnd } from '../store/collection-runs-repository.js';
import { findCluster } from '../store/index.js';
import { deliverBeforeExit } from './alerts.js';
import { withClusterDeps } from './app-deps.js';
import {
  clusterCollectSettings,
  collectInput,
  collectSummaryOutput,
  collectSummaryWire,
  collectWith,
  dateField,
  dateText,
} from './collect.js';
import { configuredCluster } from './configured-clusters.js';
import { logFindingEvents } from './finding-events.js';
import { noteAnalysis, noteMeasurements } from './metrics-hooks.js';
import { analysisOptionsFromConfig } from './options-from-config.js';
import { type AppDeps, defineService } from './service.js';

export const pipelineInput = collectInput
  .pick({ cluster: true, since: true, until: true, profiles: true })
  .extend({
    at: dateText
      .optional()
      .describe('Time stamped on the findings and measurements (ISO 8601); default the time of the call'),
  });

const bySeverity = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.number()])) as Record<
    (typeof SEVERITIES)[number],
    z.ZodNumber
  >,
);

export const pipelineOutput = z.object({
  clusterName: z.string(),
  stoppedEarly: z.boolean().describe('True when asked to stop; the stages after the stop did not run (null)'),
  collect: collectSummaryOutput,
  analysis: z
    .object({
      windowFrom: z.string(),
      windowTo: z.string(),
      jobs: z.number(),
      findings: z.number(),
      bySeverity,
      waived: z.number(),
      resolved: z.number(),
    })
    .nullable(),
  recommendations: z.object({ count: z.number(), netBenefitMsPerDay: z.number() }).nullable(),
  measure: z
    .object({
      measured: z.number(),
      verified: z.number(),
      noEffect: z.number(),
      regressed: z.number(),
      inconclusive: z.number(),
    })
    .nullable(),
});
export type PipelineOutput = z.input<typeof pipelineOutput>;

/** What one cycle produced, as domain objects (the demo prints the report itself). */
export interface PipelineResult {
  readonly collection: CollectSummary;
  readonly report: AnalysisReport | undefined;
  readonly measurements: readonly StoredMeasurement[] | undefined;
  readonly stoppedEarly: boolean;
}

/**
 * One cycle of the product: collect from Dremio, analyse, recommend, measure the changes recorded so
 * far. What `run --every` repeats and `demo` does once on the simulator.
 */
export const runPipeline = defineService({
  name: 'pipeline',
  summary: 'Collect, analyse, recommend and measure once: one cycle of the product',
  input: pipelineInput,
  output: pipelineOutput,
  async run(deps, options) {
    const at = dateField('at', options.at) ?? new Date();
    const cluster = configuredCluster(deps.config, options.cluster);
    const result = await withClusterDeps(deps, cluster, (own) =>
      pipelineCycle(own, clusterCollectSettings(own.config, cluster, options), { at }),
    );
    return pipelineWire(result);
  },
});

export function pipelineCycle(
  deps: AppDeps,
  settings: CollectSettings,
  options: { readonly at: Date },
): Promise<PipelineResult> {
  // A cycle of `run --every` is a trace of its own; inside a traced command or request it is a child.
  return withSpan('pipeline.cycle', { cluster: settings.clusterName }, () =>
    timed(deps.metrics, 'full_optimization', () => cycle(deps, settings, options)),
  );
}

async function cycle(
  deps: AppDeps,
  settings: CollectSettings,
  options: { readonly at: Date },
): Promise<PipelineResult> {
  const stopped = () => deps.signal?.aborted === true;
  const collection = await collectAlerting(deps, settings, options.at);
  if (stopped()) return { collection, report: undefined, measurements: undefined, stoppedEarly: true };
  deps.onProgress?.('analyze', 'analysing', { done: 0 });
  const report = await timed(deps.metrics, 'analyze', () =>
    analyzeWorkload(deps.store, {
      clusterName: settings.clusterName,
      ...analysisOptionsFromConfig(deps.config),
      now: options.at,
      recommender: (input) => timed(deps.metrics, 'recommend', () => recommendAndSave(deps.store, input)),
      onFindingsCommitted: logFindingEvents(deps.logger),
    }),
  );
  noteAnalysis(deps, report);
  if (stopped()) return { collection, report, measurements: undefined, stoppedEarly: true };
  deps.onProgress?.('measure', 'measuring recorded changes', { done: 0 });
  const measurements = await timed(deps.metrics, 'measure', () =>
    measureChanges(deps.store, {
      clusterName: settings.clusterName,
      measuredAt: options.at,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      logger: deps.logger,
    }),
  );
  await noteMeasurements(deps, measurements);
  const cluster = await findCluster(deps.store.db, settings.clusterName);
  if (cluster !== undefined) {
    await enqueueMeasurementAlerts(deps.store.db, deps.config, {
      clusterId: cluster.id,
      clusterName: cluster.name,
      measurements,
    });
  }
  await deliverBeforeExit(deps);
  return { collection, report, measurements, stoppedEarly: false };
}

/**
 * Collects, and enqueues a `collection-failed` alert when the run failed (not when it was stopped): by
 * its run id, or by the cycle's time when the collection threw before it could record its run; and
 * `collection-lagging` when the last successful collection is older than the configured limit.
 */
async function collectAlerting(deps: AppDeps, settings: CollectSettings, at: Date): Promise<CollectSummary> {
  const alert = async (runKey: string, error: string) => {
    const cluster = await findCluster(deps.store.db, settings.clusterName);
    await enqueueCollectionFailedAlert(deps.store.db, deps.config, {
      clusterId: cluster?.id ?? null,
      clusterName: settings.clusterName,
      runKey,
      error,
      at,
    });
  };
  const lagging = async () => {
    const cluster = await findCluster(deps.store.db, settings.clusterName);
    if (cluster === undefined) return;
    await enqueueCollectionLaggingAlert(deps.store.db, deps.config, {
      clusterId: cluster.id,
      clusterName: cluster.name,
      lastSuccessAt: await lastSuccessfulCollectionEnd(deps.store.db, cluster.id),
      at,
    });
  };
  try {
    const collection = await collectWith(deps, settings);
    if (collection.status === 'failed' && deps.signal?.aborted !== true) {
      await alert(
        String(collection.runId),
        `${collection.errors} error(s); failed stages: ${collection.failedStages.map((s) => s.stage).join(', ')}`,
      );
      await lagging();
    }
    return collection;
  } catch (error) {
    if (deps.signal?.aborted !== true) {
      await alert(`at-${at.getTime()}`, (error as Error).message).catch(() => undefined);
      await lagging().catch(() => undefined);
    }
    throw error;
  }
}

export function pipelineWire(r: PipelineResult): PipelineOutput {
  const report = r.report;
  const ms = r.measurements;
  const verdicts = (v: string) => ms?.filter((m) => m.verdict === v).length ?? 0;
  return {
    clusterName: r.collection.clusterName,
    stoppedEarly: r.stoppedEarly,
    collect: collectSummaryWire(r.collection),
    analysis:
      report === undefined
        ? null
        : {
            windowFrom: report.window.from.toISOString(),
            windowTo: report.window.to.toISOString(),
            jobs: report.jobCount,
            findings: report.findings.length,
            bySeverity: Object.fromEntries(
              SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length]),
            ) as Record<(typeof SEVERITIES)[number], number>,
            waived: report.waived.length,
            resolved: report.resolvedIds.length,
          },
    recommendations:
      report === undefined
        ? null
        : {
            count: report.recommendations.length,
            netBenefitMsPerDay: report.recommendations.reduce((n, x) => n + x.netBenefitMsPerDay, 0),
          },
    measure:
      ms === undefined
        ? null
        : {
            measured: ms.length,
            verified: verdicts('verified'),
            noEffect: verdicts('no-effect'),
            regressed: verdicts('regressed'),
            inconclusive: verdicts('inconclusive'),
          },
  };
}
