import { z } from 'zod';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse } from './parse-response.js';

/** One job of the internal `/apiv2/jobs-listing/v1.0` list, the history source before 24.3. */
export interface JobsListingEntry {
  readonly jobId: string;
  readonly state: string;
  readonly queryType: string;
  readonly userName: string;
  readonly sql: string;
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  readonly durationMs: number;
  readonly rowsScanned: number;
  readonly rowsReturned: number;
  readonly accelerated: boolean;
  readonly attemptCount: number;
  readonly queueName: string;
  readonly engine: string;
  readonly plannerEstimatedCost: number;
  readonly queriedDatasets: readonly string[];
  /** Start (epoch ms) of each phase Dremio lists in `durationDetails`, by phase name (`PLANNING`, `QUEUED`…). */
  readonly phaseStartsMs: Readonly<Record<string, number>>;
  /** The item as Dremio sent it. */
  readonly raw: Readonly<Record<string, unknown>>;
}

const integer = z.union([z.number(), z.bigint(), z.string().regex(/^-?\d+$/)]);

const itemSchema = z.looseObject({
  id: z.string(),
  state: z.string().optional(),
  queryType: z.string().optional(),
  queryUser: z.string().optional(),
  queryText: z.string().optional(),
  startTime: integer.optional(),
  endTime: integer.optional(),
  duration: integer.optional(),
  rowsScanned: integer.optional(),
  rowsReturned: integer.optional(),
  isAccelerated: z.boolean().optional(),
  totalAttempts: integer.optional(),
  wlmQueue: z.string().optional(),
  engine: z.string().optional(),
  plannerEstimatedCost: z.number().optional(),
  queriedDatasets: z.array(z.looseObject({ datasetPath: z.string().optional() })).optional(),
  durationDetails: z
    .array(z.looseObject({ phaseName: z.string().optional(), phaseStartTime: integer.optional() }))
    .optional(),
});

const LISTING_PATH = '/apiv2/jobs-listing/v1.0';

const pageSchema = z.looseObject({ jobs: z.array(itemSchema).optional(), next: z.string().nullish() });

export interface JobsListingRequest {
  readonly offset: number;
  /** At most 500 per page. */
  readonly limit: number;
  /** Dremio's filter syntax, e.g. `(st=gt=1700000000000)`; see dremio-api.md §3.2. */
  readonly filter?: string;
  readonly order?: 'ASCENDING' | 'DESCENDING';
  readonly signal?: AbortSignal;
}

/** One page of `/apiv2/jobs-listing/v1.0`, sorted by start time; `hasMore` follows Dremio's `next` link. */
export async function listJobsPage(
  connection: DremioConnection,
  request: JobsListingRequest,
): Promise<{ jobs: readonly JobsListingEntry[]; hasMore: boolean }> {
  const body = await connection.getJson(LISTING_PATH, {
    query: {
      offset: request.offset,
      limit: Math.min(500, Math.max(1, Math.floor(request.limit))),
      sort: 'st',
      order: request.order ?? 'ASCENDING',
      filter: request.filter,
    },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return parseJobsListingPage(body);
}

/**
 * A jobs-listing response body → its entries, exactly as `listJobsPage` reads one; exported so a
 * listing body obtained another way (the simulator's items in tests) is read by the same code.
 */
export function parseJobsListingPage(body: unknown): { jobs: readonly JobsListingEntry[]; hasMore: boolean } {
  const page = parseResponse(pageSchema, { body, endpoint: `GET ${LISTING_PATH}` });
  return { jobs: (page.jobs ?? []).map(toEntry), hasMore: Boolean(page.next) };
}

function toEntry(item: z.output<typeof itemSchema>): JobsListingEntry {
  return {
    jobId: item.id,
    state: item.state ?? 'UNKNOWN',
    queryType: item.queryType ?? 'UNKNOWN',
    userName: item.queryUser ?? '',
    sql: item.queryText ?? '',
    startTimeMs: Number(item.startTime ?? 0),
    endTimeMs: Number(item.endTime ?? 0),
    durationMs: Number(item.duration ?? 0),
    rowsScanned: Number(item.rowsScanned ?? 0),
    rowsReturned: Number(item.rowsReturned ?? 0),
    accelerated: item.isAccelerated ?? false,
    attemptCount: Number(item.totalAttempts ?? 1),
    queueName: item.wlmQueue ?? '',
    engine: item.engine ?? '',
    plannerEstimatedCost: item.plannerEstimatedCost ?? 0,
    queriedDatasets: (item.queriedDatasets ?? []).flatMap((d) => (d.datasetPath ? [d.datasetPath] : [])),
    phaseStartsMs: Object.fromEntries(
      (item.durationDetails ?? []).flatMap((d) =>
        d.phaseName !== undefined && d.phaseStartTime !== undefined
          ? [[d.phaseName, Number(d.phaseStartTime)]]
          : [],
      ),
    ),
    raw: item,
  };
}
