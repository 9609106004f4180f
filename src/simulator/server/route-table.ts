import type { FlavorSpec } from '../flavor.js';
import { catalogRoutes } from './catalog-routes.js';
import { infoRoutes } from './info-routes.js';
import { jobRoutes } from './job-routes.js';
import { jobsListingRoutes } from './jobs-listing-routes.js';
import { loginRoutes } from './login-routes.js';
import { profileRoutes } from './profile-routes.js';
import { reflectionRoutes } from './reflection-routes.js';
import type { Route } from './route.js';

/** Cloud scopes v3-style resources to a project; the server checks `:projectId` before any handler. */
const CLOUD_PREFIX = '/v0/projects/:projectId';

function restRoutes(prefix: string, spec: FlavorSpec): Route[] {
  return [...jobRoutes(prefix), ...catalogRoutes(prefix), ...reflectionRoutes(prefix, spec.enterprise)];
}

/** Every route a flavor serves: Software has `/apiv2` and `/api/v3`; Cloud has `/v0/projects/{pid}` and `/ui`. */
export function routesFor(spec: FlavorSpec): readonly Route[] {
  if (spec.kind === 'cloud') return [...restRoutes(CLOUD_PREFIX, spec), ...profileRoutes('cloud')];
  return [
    ...loginRoutes(),
    ...infoRoutes(),
    ...restRoutes('/api/v3', spec),
    ...profileRoutes('software'),
    ...jobsListingRoutes(),
  ];
}
