import type { DremioDeployment } from '../domain/dremio-deployment.js';
import { deploymentFromFacts } from './deployment-facts.js';
import type { DremioConnection } from './dremio-connection.js';
import { getServerInfo } from './server-info.js';

/**
 * Detects kind, version and edition from what the cluster says, never from the user's guess:
 * Cloud from the project id or host; the version from the login answer or `/info`; Enterprise when
 * a PAT was accepted (OSS has no PATs) or `GET /reflection` exists (OSS lacks "list all").
 */
export async function detectDeployment(
  connection: DremioConnection,
  options: { signal?: AbortSignal } = {},
): Promise<DremioDeployment> {
  const kind = connection.cloud ? 'cloud' : 'software';
  const version = await detectVersion(connection, options.signal);
  const enterprise = kind === 'cloud' || (await detectEnterprise(connection, options.signal));
  return deploymentFromFacts({ kind, version, enterprise, projectId: connection.projectId });
}

async function detectVersion(connection: DremioConnection, signal: AbortSignal | undefined): Promise<string> {
  await connection.session.header();
  const fromLogin = connection.session.loginInfo?.version;
  if (fromLogin) return fromLogin;
  const info = await getServerInfo(connection, signal ? { signal } : {});
  return info?.version ?? 'unknown';
}

async function detectEnterprise(
  connection: DremioConnection,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (connection.session.method === 'pat') return true;
  const response = await connection.request({
    method: 'GET',
    path: connection.restPath('/reflection'),
    safety: 'read',
    allowStatuses: [400, 403, 404, 405, 501],
    ...(signal ? { signal } : {}),
  });
  // 403 still proves the endpoint exists, which only Enterprise builds have.
  return response.status === 200 || response.status === 403;
}
