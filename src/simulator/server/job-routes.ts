import { planSystemQuery } from '../sql/plan-system-query.js';
import { explainResult, splitExplain } from '../world/explain-plan.js';
import type { SimJob } from '../world.js';
import type { ResultSource } from './job-registry.js';
import { renderJobStatus } from './job-status.js';
import { intParam } from './query-params.js';
import { renderResultsPage } from './results-page.js';
import type { Route, RouteContext } from './route.js';
import { emptyResponse, errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

/** Dremio's precondition in `JobResource.getQueryResults`. */
export const MAX_RESULTS_LIMIT = 500;
const DEFAULT_RESULTS_LIMIT = 100;

/** The `context` of a `POST /sql` body: the default schema path, e.g. `["sys"]`. */
function contextOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const context = (body as Record<string, unknown>).context;
  return Array.isArray(context) ? context.filter((part): part is string => typeof part === 'string') : [];
}

function sqlOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const sql = (body as Record<string, unknown>).sql;
  return typeof sql === 'string' && sql.trim() !== '' ? sql : undefined;
}

/** The plan Dremio prints for a system-table scan, named as the query names the table. */
function systemPlanText(query: string): string {
  const from = /\bFROM\s+([^\s,()]+(?:\s*\.\s*[^\s,()]+)*)/i.exec(query)?.[1] ?? 'sys';
  return ['00-00    Screen', '00-01      Project', `00-02        SystemScan(table=[${from}])`].join('\n');
}

/** System-table queries run here; everything else (workload SQL, DDL) goes to the world. */
function runSql(context: RouteContext, sql: string): { job: SimJob; result?: ResultSource } {
  const { world, nowMs, firstPages } = context.state;
  const at = nowMs();
  const explain = splitExplain(sql);
  if (explain.kind === 'explain') {
    // EXPLAIN of a system-table query validates it here, as running it would, and never runs it.
    const inner = planSystemQuery(world, explain.query, { context: contextOf(context.body) });
    if (inner.kind === 'not-system') return world.submitSql(sql, { user: context.user, at });
    const ok = inner.kind === 'ok';
    const job = world.recordQueryJob({
      sql,
      user: context.user,
      at,
      finalState: ok ? 'COMPLETED' : 'FAILED',
      errorMessage: ok ? '' : inner.message,
      rowsReturned: ok ? 1 : 0,
    });
    return ok ? { job, result: explainResult(systemPlanText(explain.query)) } : { job };
  }
  const plan = planSystemQuery(world, sql, { cache: firstPages, context: contextOf(context.body) });
  if (plan.kind === 'not-system') return world.submitSql(sql, { user: context.user, at });
  const job = world.recordQueryJob({
    sql,
    user: context.user,
    at,
    finalState: plan.kind === 'ok' ? 'COMPLETED' : 'FAILED',
    errorMessage: plan.kind === 'failed' ? plan.message : '',
    rowsReturned: plan.kind === 'ok' ? plan.result.rowCount : 0,
  });
  return plan.kind === 'ok' ? { job, result: plan.result } : { job };
}

function submit(context: RouteContext): SimResponse {
  const sql = sqlOf(context.body);
  if (sql === undefined)
    return errorResponse(400, 'Request body must be JSON with a non-empty "sql" string.');
  const { job, result } = runSql(context, sql);
  context.state.jobs.add(job, result);
  return jsonResponse(200, { id: job.jobId });
}

function notFound(id: string): SimResponse {
  return errorResponse(404, `Could not find a job with id [${id}]`);
}

function status(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const { jobs, world } = context.state;
  const entry = jobs.get(id);
  if (entry !== undefined)
    return jsonResponse(200, renderJobStatus(entry.job, jobs.poll(entry), entry.cancellation));
  const job = world.jobById(id);
  return job === undefined ? notFound(id) : jsonResponse(200, renderJobStatus(job, job.finalState));
}

function results(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const offset = intParam(context.query, { name: 'offset', fallback: 0 });
  const limit = intParam(context.query, { name: 'limit', fallback: DEFAULT_RESULTS_LIMIT });
  if (!offset.ok) return errorResponse(400, offset.message);
  if (!limit.ok) return errorResponse(400, limit.message);
  if (limit.value > MAX_RESULTS_LIMIT)
    return errorResponse(400, `limit can not exceed ${MAX_RESULTS_LIMIT} rows`);
  const { jobs, world } = context.state;
  const entry = jobs.get(id);
  if (entry === undefined) {
    const job = world.jobById(id);
    if (job === undefined) return notFound(id);
    return errorResponse(
      400,
      `Results of job [${id}] are no longer available; they expired (results.max.age_in_days).`,
    );
  }
  const state = jobs.stateOf(entry);
  if (state !== 'COMPLETED')
    return errorResponse(400, `Can not fetch details for a job that is in [${state}] state.`);
  return jsonResponse(200, renderResultsPage(entry.result, { offset: offset.value, limit: limit.value }));
}

/** Dremio answers 404 for a job that can no longer be cancelled, not 400. */
function alreadyFinished(id: string): SimResponse {
  return errorResponse(404, `Job ${id} may have completed and cannot be canceled.`);
}

function cancel(context: RouteContext): SimResponse {
  const id = context.params.id!;
  const { jobs, world, nowMs } = context.state;
  const entry = jobs.get(id);
  if (entry === undefined) {
    const job = world.jobById(id);
    if (job === undefined) return notFound(id);
    return alreadyFinished(id);
  }
  if (!jobs.cancel(entry, { user: context.user, atMs: nowMs() })) return alreadyFinished(id);
  return emptyResponse(204);
}

/** `POST …/sql`, `GET …/job/{id}`, `GET …/job/{id}/results`, `POST …/job/{id}/cancel`. */
export function jobRoutes(prefix: string): Route[] {
  return [
    { method: 'POST', pattern: `${prefix}/sql`, auth: true, handler: submit },
    { method: 'GET', pattern: `${prefix}/job/:id`, auth: true, handler: status },
    { method: 'GET', pattern: `${prefix}/job/:id/results`, auth: true, handler: results },
    { method: 'POST', pattern: `${prefix}/job/:id/cancel`, auth: true, handler: cancel },
  ];
}
