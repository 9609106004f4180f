import type { IncomingHttpHeaders } from 'node:http';
import type { ServerState } from '../server/route.js';
import { jsonResponse, type SimResponse } from '../server/sim-response.js';

/** The error text of a job an overloaded Software cluster turned away. */
export const QUERY_REJECTED_MESSAGE =
  'RESOURCE ERROR: Query was rejected (QUERY_REJECTED): the queue is full, no slot is free to run it.';

/**
 * An overloaded Software cluster accepts `POST /sql` and then fails the job: the job exists, appears in
 * history as FAILED and carries the rejection as its error message. Any other request, or one that
 * would not be accepted anyway, is left to the normal routes (`undefined`).
 */
export function rejectSubmittedQuery(
  state: ServerState,
  call: { method: string; path: string; headers: IncomingHttpHeaders; bodyText: string },
): SimResponse | undefined {
  if (call.method !== 'POST' || call.path !== `${state.spec.restPrefix(state.projectId)}/sql`)
    return undefined;
  const auth = state.sessions.authenticate(call.headers.authorization);
  const sql = sqlOf(call.bodyText);
  if (!auth.ok || sql === undefined) return undefined;
  const job = state.world.recordQueryJob({
    sql,
    user: auth.user,
    at: state.nowMs(),
    finalState: 'FAILED',
    errorMessage: QUERY_REJECTED_MESSAGE,
    rowsReturned: 0,
  });
  state.jobs.add(job);
  return jsonResponse(200, { id: job.jobId });
}

function sqlOf(bodyText: string): string | undefined {
  try {
    const sql = (JSON.parse(bodyText) as { sql?: unknown }).sql;
    return typeof sql === 'string' && sql.trim() !== '' ? sql : undefined;
  } catch {
    return undefined;
  }
}
