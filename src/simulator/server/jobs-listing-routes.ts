import type { SimWorld } from '../world.js';
import { parseJobsListingFilter } from './jobs-listing-filter.js';
import { jobListingItem } from './jobs-listing-item.js';
import { intParam } from './query-params.js';
import type { Route, RouteContext } from './route.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

const MAX_LIMIT = 500;

/** First history index whose submitted time is ≥ `ms` (history is ascending by submitted time). */
function lowerBound(world: SimWorld, ms: number): number {
  let lo = 0;
  let hi = world.jobCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (world.job(mid).submittedEpochMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function listing(context: RouteContext): SimResponse {
  const offset = intParam(context.query, { name: 'offset', fallback: 0 });
  const limit = intParam(context.query, { name: 'limit', fallback: 100 });
  if (!offset.ok) return errorResponse(400, offset.message);
  if (!limit.ok) return errorResponse(400, limit.message);
  if (limit.value > MAX_LIMIT) return errorResponse(400, `limit can not exceed ${MAX_LIMIT}`);
  const sort = context.query.get('sort') ?? 'st';
  if (sort !== 'st') return errorResponse(400, `the simulator sorts jobs-listing by st only, not '${sort}'`);
  const order = context.query.get('order') ?? 'DESCENDING';
  if (order !== 'ASCENDING' && order !== 'DESCENDING') {
    return errorResponse(400, `order must be ASCENDING or DESCENDING, got '${order}'`);
  }
  const filter = parseJobsListingFilter(context.query.get('filter') ?? '');
  if (typeof filter === 'string') return errorResponse(400, filter);
  const { world } = context.state;
  const first = lowerBound(world, filter.startMinMs);
  const end =
    filter.startMaxMs === Number.POSITIVE_INFINITY
      ? world.jobCount
      : lowerBound(world, filter.startMaxMs + 1);
  const jobs: Record<string, unknown>[] = [];
  let skipped = 0;
  let more = false;
  for (let i = 0; i < end - first; i++) {
    const job = world.job(order === 'ASCENDING' ? first + i : end - 1 - i);
    if (!filter.test(job)) continue;
    if (skipped < offset.value) skipped += 1;
    else if (jobs.length < limit.value) jobs.push(jobListingItem(job));
    else {
      more = true;
      break;
    }
  }
  const body: Record<string, unknown> = { jobs };
  if (more) {
    const next = new URLSearchParams(context.query);
    next.set('offset', String(offset.value + limit.value));
    next.set('limit', String(limit.value));
    body.next = `/apiv2/jobs-listing/v1.0/?${next.toString()}`;
  }
  return jsonResponse(200, body);
}

/** `GET /apiv2/jobs-listing/v1.0`: the pre-24.3 fallback for job history (§3.2). */
export function jobsListingRoutes(): Route[] {
  return [{ method: 'GET', pattern: '/apiv2/jobs-listing/v1.0', auth: true, handler: listing }];
}
