import type { ReflectionEntity, SimWorld } from '../world.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { intParam } from './query-params.js';
import type { RouteContext } from './route.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

const MAX_RESULTS = 100;
const DEFAULT_RESULTS = 50;

type Summary = Record<string, unknown>;

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A `/reflection-summary` entry built from the reflection and its dataset (DOCS26 key set). */
function toSummary(reflection: ReflectionEntity, world: SimWorld, cloud: boolean): Summary {
  const status = record(reflection.status);
  const dataset = world.catalogById(reflection.datasetId);
  const summary: Summary = {
    id: reflection.id,
    reflectionType: reflection.type,
    name: reflection.name,
    createdAt: reflection.createdAt,
    updatedAt: reflection.updatedAt,
    currentSizeBytes: reflection.currentSizeBytes ?? 0,
    outputRecords: reflection.recordCount ?? 0,
    totalSizeBytes: reflection.totalSizeBytes ?? 0,
    datasetId: reflection.datasetId,
    datasetType: reflection.datasetType ?? dataset?.type ?? 'PHYSICAL_DATASET',
    datasetPath: dataset?.path ?? [],
    status: {
      configStatus: status.config ?? 'OK',
      refreshStatus: status.refresh ?? 'SCHEDULED',
      availabilityStatus: status.availability ?? 'NONE',
      combinedStatus: status.combinedStatus ?? 'NONE',
      refreshMethod: status.refreshMethod ?? 'FULL',
      failureCount: status.failureCount ?? 0,
      lastDataFetchAt: status.lastDataFetch ?? null,
      expiresAt: status.expiresAt ?? null,
      lastRefreshDurationMillis: status.lastRefreshDurationMillis ?? 0,
    },
    consideredCount: reflection.consideredCount ?? 0,
    matchedCount: reflection.matchedCount ?? 0,
    chosenCount: reflection.acceleratedCount ?? 0,
    consideredJobsLink: `/jobs?filters=${encodeURIComponent(JSON.stringify({ cor: [reflection.id] }))}`,
    matchedJobsLink: `/jobs?filters=${encodeURIComponent(JSON.stringify({ mar: [reflection.id] }))}`,
    chosenJobsLink: `/jobs?filters=${encodeURIComponent(JSON.stringify({ chr: [reflection.id] }))}`,
    isArrowCachingEnabled: reflection.arrowCachingEnabled ?? false,
    isCanView: true,
    isCanAlter: true,
    isEnabled: reflection.enabled ?? true,
  };
  if (cloud) summary.reflectionMode = reflection.reflectionMode ?? 'MANUAL';
  return summary;
}

function matchesFilter(summary: Summary, filter: Readonly<Record<string, unknown>>): boolean {
  const status = record(summary.status);
  const inList = (key: string, value: unknown) => {
    const wanted = filter[key];
    return !Array.isArray(wanted) || wanted.length === 0 || wanted.includes(value);
  };
  const text = filter.reflectionNameOrDatasetPath;
  const haystack = `${String(summary.name)} ${(summary.datasetPath as string[]).join('.')}`.toLowerCase();
  return (
    inList('reflectionType', summary.reflectionType) &&
    inList('refreshStatus', status.refreshStatus) &&
    inList('availabilityStatus', status.availabilityStatus) &&
    inList('configStatus', status.configStatus) &&
    inList('reflectionIds', summary.id) &&
    (typeof filter.enabledFlag !== 'boolean' || filter.enabledFlag === summary.isEnabled) &&
    (typeof text !== 'string' || haystack.includes(text.toLowerCase()))
  );
}

function parseFilter(raw: string | null): Readonly<Record<string, unknown>> | string {
  if (raw === null || raw === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Reported below with the same message as a non-object.
  }
  return `filter must be a URL-encoded JSON object, got '${raw}'`;
}

/** `GET …/reflection-summary?pageToken&maxResults&filter` (Enterprise/Cloud, maxResults ≤ 100). */
export function reflectionSummaryPage(context: RouteContext): SimResponse {
  const max = intParam(context.query, { name: 'maxResults', fallback: DEFAULT_RESULTS });
  if (!max.ok) return errorResponse(400, max.message);
  if (max.value < 1 || max.value > MAX_RESULTS) {
    return errorResponse(400, `maxResults must be between 1 and ${MAX_RESULTS}, got ${max.value}`);
  }
  const filter = parseFilter(context.query.get('filter'));
  if (typeof filter === 'string') return errorResponse(400, filter);
  const offset = decodePageToken(context.query.get('pageToken'));
  if (offset === undefined)
    return errorResponse(400, `Invalid pageToken '${context.query.get('pageToken')}'`);
  const { world, spec } = context.state;
  const all = world
    .reflections()
    .map((r) => toSummary(r, world, spec.kind === 'cloud'))
    .filter((s) => matchesFilter(s, filter));
  const page = all.slice(offset, offset + max.value);
  const next = offset + max.value;
  const body: Record<string, unknown> = { data: page, canAlterReflections: true };
  if (next < all.length) body.nextPageToken = encodePageToken(next);
  return jsonResponse(200, body);
}
