import { pathParts } from '../world/dataset-path.js';
import { jobAsOf, type ObservedJob } from '../world/job-as-of.js';
import type { SimJob, SimWorld } from '../world.js';
import { type JobsListingFilter, parseJobsListingFilter } from './jobs-listing-filter.js';
import { jobListingItem } from './jobs-listing-item.js';
import { isListingSortKey, sortListing } from './jobs-listing-sort.js';
import { intParam } from './query-params.js';
import type { Route, RouteContext } from './route.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

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

/** The jobs a filter keeps as of now, in the asked order; start time is the history's own order. */
function matchingJobs(
  world: SimWorld,
  query: { filter: JobsListingFilter; sort: string; order: 'ASCENDING' | 'DESCENDING'; nowMs: number },
): ObservedJob[] {
  const { filter, sort, order, nowMs } = query;
  const first = lowerBound(world, filter.startMinMs);
  const lastMs = Math.min(filter.startMaxMs, nowMs);
  const end = lastMs === Number.POSITIVE_INFINITY ? world.jobCount : lowerBound(world, lastMs + 1);
  const jobs: SimJob[] = [];
  for (let i = first; i < end; i++) {
    const job = world.job(i);
    if (filter.test(job)) jobs.push(job);
  }
  return sortListing(jobs, sort, order).map((job) => jobAsOf(job, nowMs));
}

/** How a listing item types each queried dataset: a view is VIRTUAL_DATASET, anything else physical. */
export function datasetTypeIn(world: SimWorld): (path: string) => 'PHYSICAL_DATASET' | 'VIRTUAL_DATASET' {
  return (path) =>
    world.catalogByPath(pathParts(path))?.type === 'VIRTUAL_DATASET' ? 'VIRTUAL_DATASET' : 'PHYSICAL_DATASET';
}

/**
 * As the real API answers: no cap on `limit`, any indexed sort key, and a `next` link whenever the page
 * is full, even when nothing follows (fidelity-gaps, smaller differences).
 */
function listing(context: RouteContext): SimResponse {
  const offset = intParam(context.query, { name: 'offset', fallback: 0 });
  const limit = intParam(context.query, { name: 'limit', fallback: 100 });
  if (!offset.ok) return errorResponse(400, offset.message);
  if (!limit.ok) return errorResponse(400, limit.message);
  const sort = context.query.get('sort') ?? 'st';
  if (!isListingSortKey(sort)) return errorResponse(400, `'${sort}' is not an indexed key to sort jobs by`);
  const order = context.query.get('order') ?? 'DESCENDING';
  if (order !== 'ASCENDING' && order !== 'DESCENDING') {
    return errorResponse(400, `order must be ASCENDING or DESCENDING, got '${order}'`);
  }
  const filter = parseJobsListingFilter(context.query.get('filter') ?? '');
  if (typeof filter === 'string') return errorResponse(400, filter);
  const { world } = context.state;
  const nowMs = context.state.nowMs();
  const page = matchingJobs(world, { filter, sort, order, nowMs }).slice(
    offset.value,
    offset.value + limit.value,
  );
  const item = (seen: ObservedJob) => {
    const listed = jobListingItem(seen.job, datasetTypeIn(world));
    return seen.running ? { ...listed, state: seen.state, isComplete: false } : listed;
  };
  const body: Record<string, unknown> = { jobs: page.map(item) };
  if (page.length === limit.value && limit.value > 0) {
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
