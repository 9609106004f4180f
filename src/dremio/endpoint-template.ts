/**
 * Path segments of Dremio's REST API that name a resource kind, not one resource. Every other segment
 * (job, catalog and reflection ids, profile files, project ids) becomes `:id`, so the templates form a
 * small fixed set whatever the ids are: fit for a metric label or a span name.
 */
const FIXED_SEGMENTS = new Set([
  'api',
  'apiv2',
  'v0',
  'v3',
  'v1.0',
  'projects',
  'job',
  'jobs',
  'jobs-listing',
  'catalog',
  'reflection',
  'reflections',
  'info',
  'sql',
  'login',
  'server_status',
  'cancel',
  'results',
  'profiles',
  'support',
  'download',
  'user',
  'source',
  'by-path',
]);

/** `GET` and `/api/v3/job/1f2e…/results?offset=0` → `GET /api/v3/job/:id/results`. */
export function endpointTemplate(method: string, path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  const segments = bare
    .split('/')
    .map((segment) => (segment === '' || FIXED_SEGMENTS.has(segment) ? segment : ':id'));
  return `${method} ${segments.join('/')}`;
}
