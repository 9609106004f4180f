import { parseLosslessJson } from '../../../src/json/lossless-json.js';
import type { RunningSimulator } from '../../../src/simulator/server/simulator-options.js';

/** A thin fetch client for tests: real HTTP on loopback, bodies parsed losslessly. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

export async function call(
  sim: Pick<RunningSimulator, 'url'>,
  path: string,
  init: { method?: string; auth?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth !== undefined) headers.authorization = init.auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : parseLosslessJson(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function login(sim: RunningSimulator): Promise<string> {
  const answer = await call(sim, '/apiv2/login', {
    method: 'POST',
    body: { userName: sim.credentials.userName, password: sim.credentials.password },
  });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  return `_dremio${(answer.json as { token: string }).token}`;
}

export interface JobOutcome {
  readonly id: string;
  readonly states: string[];
  readonly status: Record<string, unknown>;
}

/** Submits SQL and polls `GET …/job/{id}` until a final state, recording every state seen. */
export async function runJob(
  sim: RunningSimulator,
  options: { auth: string; sql: string; prefix?: string },
): Promise<JobOutcome> {
  const prefix = options.prefix ?? '/api/v3';
  const submitted = await call(sim, `${prefix}/sql`, {
    method: 'POST',
    auth: options.auth,
    body: { sql: options.sql },
  });
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${submitted.text}`);
  const id = (submitted.json as { id: string }).id;
  const states: string[] = [];
  for (let poll = 0; poll < 20; poll++) {
    const answer = await call(sim, `${prefix}/job/${id}`, { auth: options.auth });
    const status = answer.json as Record<string, unknown>;
    states.push(String(status.jobState));
    if (['COMPLETED', 'FAILED', 'CANCELED'].includes(String(status.jobState))) return { id, states, status };
  }
  throw new Error(`job ${id} did not finish: ${states.join(' → ')}`);
}

export async function resultsPage(
  sim: RunningSimulator,
  options: { auth: string; id: string; offset?: number; limit?: number; prefix?: string },
): Promise<HttpAnswer> {
  const params = new URLSearchParams();
  if (options.offset !== undefined) params.set('offset', String(options.offset));
  if (options.limit !== undefined) params.set('limit', String(options.limit));
  return call(sim, `${options.prefix ?? '/api/v3'}/job/${options.id}/results?${params}`, {
    auth: options.auth,
  });
}
