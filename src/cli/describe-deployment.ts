import type { CLOUD_API_HOSTS } from '../dremio/base-url.js';

/** The control-plane host of each Dremio Cloud region, as the Cloud console names the region. */
const CLOUD_REGIONS: Record<(typeof CLOUD_API_HOSTS)[number], string> = {
  'api.dremio.cloud': 'US',
  'api.eu.dremio.cloud': 'EU',
};

/** Where the CLI was pointed: the configured URL and, on Cloud, the project id. */
export interface DeploymentSource {
  readonly url: string;
  readonly projectId?: string | undefined;
}

/**
 * The Cloud region an API URL belongs to (`US`, `EU`), undefined for any other host: a simulator, a
 * private gateway, or not a URL at all.
 */
export function cloudRegionOf(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return Object.hasOwn(CLOUD_REGIONS, host) ? CLOUD_REGIONS[host as keyof typeof CLOUD_REGIONS] : undefined;
}

function cloudProject(source: DeploymentSource | undefined): string {
  if (source?.projectId === undefined || source.projectId === '') return '';
  const region = cloudRegionOf(source.url);
  if (region !== undefined) return ` project ${source.projectId} in the ${region} region`;
  let host = source.url;
  try {
    host = new URL(source.url).host;
  } catch {
    // an unreadable URL is shown as configured
  }
  // Cloud served from another host (the simulator, a gateway): the region is not in its name.
  return ` project ${source.projectId} (region unknown: API at ${host})`;
}

/**
 * Where the data came from, as an administrator names it: `Dremio Cloud project ID in the EU region`
 * (Cloud reports no version; the project and region come from the configured URL and project id) or
 * `Dremio Software 25.1.0`, never `cloud unknown`.
 */
export function describeDeployment(
  d: { readonly kind: string; readonly version: string },
  source?: DeploymentSource,
): string {
  const known = d.version !== 'unknown' && d.version !== '';
  if (d.kind === 'cloud')
    return `Dremio Cloud${cloudProject(source)}${known ? ` (version ${d.version})` : ''}`;
  return known ? `Dremio Software ${d.version}` : 'Dremio Software (version not reported)';
}
