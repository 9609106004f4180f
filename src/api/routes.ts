import type { z } from 'zod';
import { explain } from '../agent/explain.js';
import { listAlerts } from '../app/alerts.js';
import { analysisChanges } from '../app/analysis-changes.js';
import { analyzeData } from '../app/analyze.js';
import { listClusters } from '../app/clusters.js';
import { collectData } from '../app/collect.js';
import { getCollectionRun, listCollectionRuns } from '../app/collection-runs.js';
import { getDataset, listDatasets } from '../app/datasets.js';
import { listDetectors } from '../app/detectors.js';
import { getFinding, issuesBreakdown, listFindings } from '../app/findings.js';
import { getFingerprint, listBaselines, listRegressions, refreshBaselines } from '../app/fingerprints.js';
import { listFingerprints } from '../app/fingerprints-list.js';
import { getJob, searchJobs } from '../app/jobs.js';
import { measureData } from '../app/measure.js';
import { getMeasurement, listMeasurements, measurementSummary } from '../app/measurements.js';
import { adoption, metricsByIssueType, metricsSummary, trends } from '../app/metrics.js';
import { optimizeJob } from '../app/optimize-job.js';
import { runPipeline } from '../app/pipeline.js';
import { generateRecommendations } from '../app/recommend.js';
import {
  applyRecommendation,
  changeRecommendationStatus,
  markApplied,
  verifyRecommendation,
} from '../app/recommendation-actions.js';
import { getRecommendation, listRecommendations, recommendationImpact } from '../app/recommendations.js';
import { listReflections, reflectionLedger } from '../app/reflections.js';
import type { Service } from '../app/service.js';
import { getTask } from '../app/tasks.js';
import { timeAtStake } from '../app/time-at-stake.js';
import { waive } from '../app/waive.js';
import { listWaivers } from '../app/waivers.js';
import type { ApiScope } from './auth.js';
import { profileUpload } from './profile-upload.js';

// biome-ignore lint/suspicious/noExplicitAny: a route holds any service, whatever its schemas
export type AnyService = Service<z.ZodObject<any>, z.ZodType>;

/**
 * One route: it calls one service. The service's input is built from the path parameters (renamed by
 * `params`) plus the query string (`from: 'query'`) or the JSON body (`from: 'body'`), then validated by
 * the service's own zod schema, so the API, the CLI and MCP accept and refuse the same inputs.
 */
export interface ServiceRoute {
  readonly kind: 'service';
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** OpenAPI form: `/api/v1/findings/{id}`. */
  readonly path: string;
  readonly scope: ApiScope;
  readonly service: AnyService;
  readonly from: 'query' | 'body';
  /** Path parameter → service input field, when the names differ (`task_id` → `taskId`). */
  readonly params?: Readonly<Record<string, string>>;
  /** Run as a stored background task: answers 202 with the task, polled with `tasks.get`. */
  readonly task?: boolean;
  /** Fixed input fields set by the route (e.g. the caller's identity); not documented as parameters. */
  readonly fixed?: (client: { readonly name: string }) => Readonly<Record<string, unknown>>;
}

/** A route taking the raw request body (a file upload); it documents its own body and query. */
export interface UploadRoute {
  readonly kind: 'upload';
  readonly method: 'POST';
  readonly path: string;
  readonly scope: ApiScope;
  readonly operation: typeof profileUpload;
}

export type ApiRoute = ServiceRoute | UploadRoute;

const get = (path: string, service: unknown, extra: Partial<ServiceRoute> = {}): ServiceRoute => ({
  kind: 'service',
  method: 'GET',
  path,
  scope: 'read',
  service: service as AnyService,
  from: 'query',
  ...extra,
});

const post = (path: string, service: unknown, extra: Partial<ServiceRoute> = {}): ServiceRoute => ({
  kind: 'service',
  method: 'POST',
  path,
  scope: 'write',
  service: service as AnyService,
  from: 'body',
  ...extra,
});

/**
 * Every route of the API (besides `/health`, `/openapi.json` and `/docs`). Read routes need the `read`
 * scope, routes that change the store `write`, and routes that change Dremio `apply`.
 */
/** Who acted, in the recommendation history and on waivers: the key's name, never the caller's say. */
const asCaller = (client: { readonly name: string }) => ({ actor: `api:${client.name}` });

export const API_ROUTES: readonly ApiRoute[] = [
  get('/api/v1/clusters', listClusters),
  get('/api/v1/collection-runs', listCollectionRuns),
  get('/api/v1/collection-runs/{id}', getCollectionRun),
  get('/api/v1/jobs', searchJobs),
  get('/api/v1/jobs/{id}', getJob, { params: { id: 'jobId' } }),
  get('/api/v1/fingerprints', listFingerprints),
  get('/api/v1/fingerprints/{fp}', getFingerprint, { params: { fp: 'fingerprint' } }),
  get('/api/v1/findings', listFindings),
  get('/api/v1/findings/{id}', getFinding),
  // Reads only (the agent never applies anything), but it calls a model: POST, with the read scope.
  post('/api/v1/explain', explain, { scope: 'read' }),
  get('/api/v1/recommendations', listRecommendations),
  get('/api/v1/recommendations/{id}', getRecommendation),
  get('/api/v1/recommendations/{id}/impact', recommendationImpact),
  {
    ...post('/api/v1/recommendations/{id}/status', changeRecommendationStatus, { fixed: asCaller }),
    method: 'PATCH',
  },
  post('/api/v1/recommendations/{id}/apply', applyRecommendation, { scope: 'apply', fixed: asCaller }),
  post('/api/v1/recommendations/{id}/applied', markApplied, { fixed: asCaller }),
  post('/api/v1/recommendations/{id}/verify', verifyRecommendation),
  post('/api/v1/analysis/run', analyzeData, { task: true }),
  post('/api/v1/analysis/recommend', generateRecommendations, { task: true }),
  post('/api/v1/measurements/run', measureData, { task: true }),
  post('/api/v1/waivers', waive, { fixed: asCaller }),
  get('/api/v1/analysis/baselines', listBaselines),
  post('/api/v1/analysis/baselines/refresh', refreshBaselines),
  get('/api/v1/analysis/regressions', listRegressions),
  get('/api/v1/analysis/issues/breakdown', issuesBreakdown),
  get('/api/v1/analysis/changes', analysisChanges),
  post('/api/v1/optimize/query', optimizeJob),
  post('/api/v1/optimize/collect', collectData, { task: true }),
  post('/api/v1/optimize/batch', runPipeline, { task: true }),
  get('/api/v1/optimize/batch/{task_id}', getTask, { params: { task_id: 'taskId' } }),
  // Static segments before the `{id}` they would otherwise match.
  get('/api/v1/measurements/summary', measurementSummary),
  get('/api/v1/measurements', listMeasurements),
  get('/api/v1/measurements/{id}', getMeasurement),
  get('/api/v1/alerts', listAlerts),
  get('/api/v1/metrics/summary', metricsSummary),
  get('/api/v1/metrics/by-issue-type', metricsByIssueType),
  get('/api/v1/metrics/adoption', adoption),
  get('/api/v1/metrics/trends', trends),
  get('/api/v1/metrics/time-at-stake', timeAtStake),
  get('/api/v1/detectors', listDetectors),
  get('/api/v1/waivers', listWaivers),
  get('/api/v1/reflections/ledger', reflectionLedger),
  get('/api/v1/reflections', listReflections),
  get('/api/v1/datasets', listDatasets),
  get('/api/v1/datasets/{path}', getDataset),
  {
    kind: 'upload',
    method: 'POST',
    path: '/api/v1/profiles/analyze',
    scope: 'read',
    operation: profileUpload,
  },
];
