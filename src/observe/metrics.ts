import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The operations whose duration `optimizer_duration_seconds` records. */
export const OPERATIONS = ['collect', 'analyze', 'recommend', 'measure', 'full_optimization'] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * The product's Prometheus metrics on a registry of their own (never prom-client's global one), so
 * tests and several servers in one process do not collide. Callers hold one per process and pass it
 * through the service dependencies; every label value is bounded (routes as templates, detector ids,
 * severities, cluster names from the config; never a job id or SQL).
 */
export interface OptimizerMetrics {
  readonly registry: Registry;
  /** One answered API request: the route template (`/api/v1/findings/{id}`) and the HTTP status. */
  apiRequest(route: string, status: number): void;
  /** One finished or failed operation; failures also count in `optimizer_errors_total`. */
  operation(operation: Operation, seconds: number, failed: boolean): void;
  /** An operation that returned but failed (a collection run whose every stage failed). */
  operationFailed(operation: Operation): void;
  issueDetected(issueType: string, severity: string): void;
  recommendationGenerated(issueType: string): void;
  measurementRecorded(meetsExpectation: boolean | null): void;
  averageImprovement(cluster: string, pct: number | null): void;
  activeOptimizations(cluster: string, count: number): void;
  recommendationStatus(cluster: string, status: string, count: number): void;
  /** One attempt of a Dremio request: `GET /api/v3/job/:id`, and the status or the transport failure. */
  dremioAttempt(endpoint: string, status: string): void;
  dbError(): void;
  collection(cluster: string, newJobs: number, lagSeconds: number | undefined): void;
  llmCall(outcome: 'ok' | 'error', tokens?: { readonly prompt: number; readonly completion: number }): void;
  /** The text of a scrape, in the Prometheus exposition format. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface MetricsOptions {
  /** Node process metrics (`process_*`, `nodejs_*`); default on. */
  readonly defaultMetrics?: boolean;
}

/** Seconds, from a 50 ms request to a several-hour first collection. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

export function createMetrics(options: MetricsOptions = {}): OptimizerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: 'optimizer_requests_total',
    help: 'API requests answered, by route template and HTTP status',
    labelNames: ['route', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'optimizer_duration_seconds',
    help: 'Duration of collect, analyze, recommend, measure and whole pipeline cycles (full_optimization), failed ones included',
    labelNames: ['operation'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'optimizer_errors_total',
    help: 'Operations that ended in an error, by operation',
    labelNames: ['operation'],
    registers,
  });
  const issues = new Counter({
    name: 'issues_detected_total',
    help: 'Findings reported by analyses, by detector (issue_type) and severity; an open finding counts at each analysis',
    labelNames: ['issue_type', 'severity'],
    registers,
  });
  const recommendations = new Counter({
    name: 'recommendations_generated_total',
    help: 'Recommendations produced by analyses, by the detector of their first finding',
    labelNames: ['issue_type'],
    registers,
  });
  const byStatus = new Gauge({
    name: 'recommendations_by_status',
    help: 'Recommendations stored for a cluster, by status (read from the store after each analysis and measurement)',
    labelNames: ['cluster', 'status'],
    registers,
  });
  const measurements = new Counter({
    name: 'measurements_recorded_total',
    help: 'Measurements recorded, by whether they met the recommendation’s estimate (unknown: no estimate)',
    labelNames: ['meets_expectation'],
    registers,
  });
  const improvement = new Gauge({
    name: 'average_improvement_pct',
    help: 'Mean execution-time improvement of the completed measurements of the last 30 days of measured data, %',
    labelNames: ['cluster'],
    registers,
  });
  const active = new Gauge({
    name: 'active_optimizations',
    help: 'Recommendations applied and awaiting a verdict (status applied), per cluster',
    labelNames: ['cluster'],
    registers,
  });
  const dremioRequests = new Counter({
    name: 'dremio_api_requests_total',
    help: 'Attempts of Dremio REST requests, by endpoint template and status (or transport failure)',
    labelNames: ['endpoint', 'status'],
    registers,
  });
  const dremioErrors = new Counter({
    name: 'dremio_api_errors_total',
    help: 'Attempts of Dremio REST requests that failed: HTTP 4xx/5xx or no answer',
    labelNames: ['endpoint', 'status'],
    registers,
  });
  const dbErrors = new Counter({
    name: 'db_errors_total',
    help: 'Store queries that failed and failed connections to the store',
    registers,
  });
  const lag = new Gauge({
    name: 'collection_lag_seconds',
    help: 'Start of the newest collection run minus the submission time of the newest stored job, per cluster',
    labelNames: ['cluster'],
    registers,
  });
  const jobs = new Counter({
    name: 'collection_jobs_total',
    help: 'New jobs stored by collection runs, per cluster',
    labelNames: ['cluster'],
    registers,
  });
  const llmRequests = new Counter({
    name: 'llm_requests_total',
    help: 'Calls to the language model, by outcome',
    labelNames: ['outcome'],
    registers,
  });
  const llmTokens = new Counter({
    name: 'llm_tokens_total',
    help: 'Language-model tokens used, by kind (prompt, completion); estimated when the server reports none',
    labelNames: ['kind'],
    registers,
  });
  // A counter with no labels exists from the start; a labelled one only once a value is seen. The
  // error counters start at 0 for the labels an alert divides by, so a rate is 0 rather than absent.
  for (const operation of OPERATIONS) errors.labels({ operation }).inc(0);
  for (const outcome of ['ok', 'error']) llmRequests.labels({ outcome }).inc(0);
  for (const meets of ['true', 'false', 'unknown']) measurements.labels({ meets_expectation: meets }).inc(0);
  for (const kind of ['prompt', 'completion']) llmTokens.labels({ kind }).inc(0);

  return {
    registry,
    apiRequest: (route, status) => requests.inc({ route, status: String(status) }),
    operation: (operation, seconds, failed) => {
      duration.observe({ operation }, seconds);
      if (failed) errors.inc({ operation });
    },
    operationFailed: (operation) => errors.inc({ operation }),
    issueDetected: (issue_type, severity) => issues.inc({ issue_type, severity }),
    recommendationGenerated: (issue_type) => recommendations.inc({ issue_type }),
    measurementRecorded: (meets) =>
      measurements.inc({ meets_expectation: meets === null ? 'unknown' : String(meets) }),
    averageImprovement: (cluster, pct) => {
      if (pct === null) improvement.remove({ cluster });
      else improvement.set({ cluster }, pct);
    },
    activeOptimizations: (cluster, count) => active.set({ cluster }, count),
    recommendationStatus: (cluster, status, count) => byStatus.set({ cluster, status }, count),
    dremioAttempt: (endpoint, status) => {
      dremioRequests.inc({ endpoint, status });
      if (!/^[123]\d\d$/.test(status)) dremioErrors.inc({ endpoint, status });
    },
    dbError: () => dbErrors.inc(),
    collection: (cluster, newJobs, lagSeconds) => {
      jobs.inc({ cluster }, newJobs);
      if (lagSeconds !== undefined) lag.set({ cluster }, lagSeconds);
    },
    llmCall: (outcome, tokens) => {
      llmRequests.inc({ outcome });
      if (tokens === undefined) return;
      llmTokens.inc({ kind: 'prompt' }, tokens.prompt);
      llmTokens.inc({ kind: 'completion' }, tokens.completion);
    },
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}

/** Runs `fn` as one `operation`, recording its duration however it ends; a no-op without metrics. */
export async function timed<T>(
  metrics: OptimizerMetrics | undefined,
  operation: Operation,
  fn: () => Promise<T>,
): Promise<T> {
  if (metrics === undefined) return fn();
  const started = performance.now();
  let failed = true;
  try {
    const result = await fn();
    failed = false;
    return result;
  } finally {
    metrics.operation(operation, (performance.now() - started) / 1000, failed);
  }
}
