import type { FlavorSpec } from '../flavor.js';
import type { Route } from './route.js';
import { jsonResponse } from './sim-response.js';

/** `25.1.1-202409260159070462-a4ee8e43` → build time `2024-09-26T01:59:07.046Z`, commit `a4ee8e43`. */
function versionInfo(spec: FlavorSpec): Record<string, unknown> {
  const [, stamp = '', hash = ''] = spec.dremioVersion.split('-');
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})/.exec(stamp);
  const buildTime = m
    ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`
    : '1970-01-01T00:00:00.000Z';
  return {
    version: spec.dremioVersion,
    buildTime,
    commit: { hash, builder: 'Dremio Build <build@dremio.com>', time: buildTime },
    // How the cluster is provisioned, not its edition (fidelity-gaps): a client must not read one as the other.
    clusterType: spec.enterprise ? 'KUBERNETES' : 'YARN',
  };
}

/** `GET /api/v3/info` (authenticated) and `GET /apiv2/server_status` (no auth, `"OK"`), §2.6. */
export function infoRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v3/info',
      auth: true,
      handler: (context) => jsonResponse(200, versionInfo(context.state.spec)),
    },
    { method: 'GET', pattern: '/apiv2/server_status', auth: false, handler: () => jsonResponse(200, 'OK') },
  ];
}
