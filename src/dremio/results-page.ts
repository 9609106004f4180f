import { z } from 'zod';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse, toNumber } from './parse-response.js';

/** Dremio refuses larger pages (`JobResource.getQueryResults`: limit ≤ 500). */
export const MAX_PAGE_SIZE = 500;

export interface ResultColumn {
  readonly name: string;
  /** Dremio's type name: VARCHAR, BIGINT, TIMESTAMP, LIST, … */
  readonly type: string;
}

/** One result row as Dremio sent it; BIGINT values past 2^53 are bigint. */
export type ResultRow = Readonly<Record<string, unknown>>;

export interface ResultsPage {
  readonly rowCount: number;
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly ResultRow[];
}

const pageSchema = z.looseObject({
  rowCount: z.union([z.number(), z.bigint()]).optional(),
  schema: z
    .array(
      z.looseObject({ name: z.string(), type: z.looseObject({ name: z.string().optional() }).optional() }),
    )
    .optional(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
});

export function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

/** `GET /job/{id}/results?offset=&limit=` for a COMPLETED job. */
export async function fetchResultsPage(
  connection: DremioConnection,
  request: { jobId: string; offset: number; limit: number; signal?: AbortSignal },
): Promise<ResultsPage> {
  const path = connection.restPath(`/job/${encodeURIComponent(request.jobId)}/results`);
  const body = await connection.getJson(path, {
    query: { offset: request.offset, limit: clampPageSize(request.limit) },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const data = parseResponse(pageSchema, { body, endpoint: `GET ${path}` });
  return {
    rowCount: toNumber(data.rowCount),
    columns: (data.schema ?? []).map((c) => ({ name: c.name, type: c.type?.name ?? 'UNKNOWN' })),
    rows: data.rows ?? [],
  };
}
