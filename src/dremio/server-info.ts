import { z } from 'zod';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse } from './parse-response.js';

export interface ServerInfo {
  readonly version: string;
  readonly buildTime: string | undefined;
  readonly commitHash: string | undefined;
  readonly clusterType: string | undefined;
}

const infoSchema = z.looseObject({
  version: z.string(),
  buildTime: z.string().optional(),
  commit: z.looseObject({ hash: z.string().optional() }).optional(),
  clusterType: z.string().optional(),
});

/** `GET /info` (authenticated); undefined when this deployment does not serve it (404/405). */
export async function getServerInfo(
  connection: DremioConnection,
  options: { signal?: AbortSignal } = {},
): Promise<ServerInfo | undefined> {
  const path = connection.restPath('/info');
  const response = await connection.request({
    method: 'GET',
    path,
    safety: 'read',
    allowStatuses: [404, 405],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status !== 200 || response.json === undefined) return undefined;
  const data = parseResponse(infoSchema, { body: response.json, endpoint: `GET ${path}` });
  return {
    version: data.version,
    buildTime: data.buildTime,
    commitHash: data.commit?.hash,
    clusterType: data.clusterType,
  };
}

/**
 * `GET /apiv2/server_status`: needs no credentials, so it tells "wrong URL" from "wrong password".
 * Returns the HTTP status and Dremio's text (`"OK"`, `"MASTER_DOWN"`, …).
 */
export async function getServerStatus(
  connection: DremioConnection,
  options: { signal?: AbortSignal } = {},
): Promise<{ status: number; text: string }> {
  const response = await connection.request({
    method: 'GET',
    path: '/apiv2/server_status',
    safety: 'read',
    authenticate: false,
    allowStatuses: [401, 403, 404, 503],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text =
    typeof response.json === 'string' ? response.json : response.body.toString('utf8').slice(0, 100);
  return { status: response.status, text };
}
