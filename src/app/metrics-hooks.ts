import type { AnalysisReport } from '../analysis/analysis-report.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import { RECOMMENDATION_STATUSES } from '../domain/recommendation.js';
import { summarizeMeasurements } from '../measure/measure-summary.js';
import type { CollectSummary } from '../sources/collect-service.js';
import { jobTimeRange } from '../store/analysis-snapshot-repository.js';
import { findCluster, listClusters, listMeasurements, recommendationStatusTotals } from '../store/index.js';
import type { AppDeps } from './service.js';

/**
 * What services tell `/metrics` once they are done. Each is a no-op without `deps.metrics`, and a
 * failure to read what a gauge needs is logged, never thrown: metrics never fail a service.
 */

/** The findings and recommendations of one analysis. */
export function noteAnalysis(
  deps: AppDeps,
  report: Pick<AnalysisReport, 'findings' | 'recommendations'>,
): void {
  const metrics = deps.metrics;
  if (metrics === undefined) return;
  const detectorOf = new Map(report.findings.map((f) => [f.id, f.detector as string]));
  for (const finding of report.findings) metrics.issueDetected(finding.detector, finding.severity);
  for (const r of report.recommendations) {
    metrics.recommendationGenerated(detectorOf.get(r.findingIds[0] ?? '') ?? 'unknown');
  }
}

/**
 * New jobs of a collection run and its lag: when the run started minus when the newest job it has in
 * the store was submitted. Both come from the store, so an idle cluster shows a growing lag only as
 * runs go on finding nothing new, and a backfill of old history is not mistaken for a stalled one.
 */
export async function noteCollection(deps: AppDeps, summary: CollectSummary): Promise<void> {
  const metrics = deps.metrics;
  if (metrics === undefined) return;
  if (summary.status === 'failed') metrics.operationFailed('collect');
  try {
    const cluster = await findCluster(deps.store.db, summary.clusterName);
    const run = await deps.store.db
      .selectFrom('collection_runs')
      .select('started_at')
      .where('id', '=', summary.runId)
      .executeTakeFirst();
    const range = cluster === undefined ? undefined : await jobTimeRange(deps.store.db, cluster.id);
    const lag =
      run === undefined || range === undefined
        ? undefined
        : Math.max(0, (new Date(run.started_at).getTime() - range.newest.getTime()) / 1000);
    metrics.collection(summary.clusterName, summary.history?.inserted ?? 0, lag);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the collection lag for /metrics');
  }
}

/** The measurements one run recorded, then the gauges read from the store. */
export async function noteMeasurements(
  deps: AppDeps,
  measurements: readonly StoredMeasurement[],
): Promise<void> {
  const metrics = deps.metrics;
  if (metrics === undefined) return;
  for (const m of measurements) metrics.measurementRecorded(m.expectation?.meetsExpectation ?? null);
  await refreshStoreGauges(deps);
}

/**
 * The gauges that describe the store rather than one run, per cluster: recommendations by status,
 * those applied and awaiting a verdict (`active_optimizations`), and the mean improvement measured
 * over the last 30 days of measured data.
 */
export async function refreshStoreGauges(deps: AppDeps): Promise<void> {
  const metrics = deps.metrics;
  if (metrics === undefined) return;
  try {
    for (const cluster of await listClusters(deps.store.db)) {
      const totals = await recommendationStatusTotals(deps.store.db, cluster.id);
      const count = (status: string) => totals.find((t) => t.status === status)?.count ?? 0;
      for (const status of RECOMMENDATION_STATUSES)
        metrics.recommendationStatus(cluster.name, status, count(status));
      metrics.activeOptimizations(cluster.name, count('applied'));
      const measured = await listMeasurements(deps.store.db, { clusterId: cluster.id });
      metrics.averageImprovement(cluster.name, summarizeMeasurements(measured, 30).averageImprovementPct);
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the recommendation gauges for /metrics');
  }
}
