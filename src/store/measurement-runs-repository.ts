import { sql } from 'kysely';
import { SQL_MARKER } from '../domain/sql-marker.js';
import type { Db } from './db-handle.js';

/** One run of a query shape as a measurement compares it. */
export interface MeasuredRun {
  readonly fingerprint: string;
  readonly submittedAt: Date;
  readonly state: string | null;
  /** Duration less queue wait and engine start: the part a change to data or reflections can move. */
  readonly execMs: number | null;
  readonly cpuMs: number | null;
  readonly bytesScanned: number | null;
  readonly rowsScanned: number | null;
  readonly memoryBytes: number | null;
  readonly accelerated: boolean | null;
  /** The product's own query (it carries our SQL marker). */
  readonly ownQuery: boolean;
}

/** Runs of one shape per side at most: enough for the tests, bounded for a shape run a million times. */
export const MAX_RUNS_PER_SIDE = 2000;

interface RunRow {
  fingerprint: string;
  submitted_at: Date | string;
  state: string | null;
  exec_ms: number | string | null;
  cpu_ms: number | string | null;
  bytes_scanned: number | string | null;
  rows_scanned: number | string | null;
  memory_bytes: number | string | null;
  accelerated: boolean | null;
  own_query: boolean;
}

function num(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * The runs of the given fingerprints submitted in [from, to), oldest first; with `newest`, the last
 * {@link MAX_RUNS_PER_SIDE} of each fingerprint, else the first.
 */
export async function loadMeasuredRuns(
  db: Db,
  options: {
    readonly clusterId: bigint;
    readonly fingerprints: readonly string[];
    readonly from: Date;
    readonly to: Date;
    readonly newest?: boolean;
  },
): Promise<MeasuredRun[]> {
  if (options.fingerprints.length === 0 || options.from >= options.to) return [];
  const order = options.newest === true ? sql`DESC` : sql`ASC`;
  const marker = `%${SQL_MARKER}%`;
  const result = await sql<RunRow>`
    SELECT fingerprint, submitted_at, state, exec_ms, cpu_ms, bytes_scanned, rows_scanned, memory_bytes,
      accelerated, own_query
    FROM (
      SELECT j.fingerprint, j.submitted_at, j.state,
        (j.duration_ms - coalesce(j.queued_ms, 0) - coalesce(j.engine_start_ms, 0))::float8 AS exec_ms,
        j.cpu_time_ms::float8 AS cpu_ms, j.bytes_scanned::float8 AS bytes_scanned,
        j.rows_scanned::float8 AS rows_scanned, j.memory_allocated_bytes::float8 AS memory_bytes,
        j.accelerated, coalesce(j.sql_text LIKE ${marker}, false) AS own_query,
        row_number() OVER (PARTITION BY j.fingerprint ORDER BY j.submitted_at ${order}, j.job_id ${order}) AS nth
      FROM jobs j
      WHERE j.cluster_id = ${options.clusterId}
        AND j.fingerprint IN (${sql.join([...options.fingerprints])})
        AND j.submitted_at >= ${options.from} AND j.submitted_at < ${options.to}
    ) AS r
    WHERE nth <= ${MAX_RUNS_PER_SIDE}
    ORDER BY submitted_at, fingerprint`.execute(db);
  return result.rows.map((r) => ({
    fingerprint: r.fingerprint,
    submittedAt: new Date(r.submitted_at),
    state: r.state,
    execMs: num(r.exec_ms),
    cpuMs: num(r.cpu_ms),
    bytesScanned: num(r.bytes_scanned),
    rowsScanned: num(r.rows_scanned),
    memoryBytes: num(r.memory_bytes),
    accelerated: r.accelerated,
    ownQuery: r.own_query,
  }));
}

export interface ShapeActivity {
  readonly fingerprint: string;
  readonly runs: number;
  /** Every dataset its runs named, queried or scanned, as history printed them. */
  readonly datasets: readonly string[];
}

/** The shapes that ran in [from, to) with the datasets they read: who a change can affect, who it cannot. */
export async function loadShapeActivity(
  db: Db,
  options: { readonly clusterId: bigint; readonly from: Date; readonly to: Date },
): Promise<ShapeActivity[]> {
  const result = await sql<{ fingerprint: string; runs: number | string; datasets: string[] | null }>`
    SELECT j.fingerprint, count(DISTINCT j.job_id) AS runs,
      array_agg(DISTINCT d.path) FILTER (WHERE d.path IS NOT NULL) AS datasets
    FROM jobs j
    LEFT JOIN LATERAL unnest(j.queried_datasets || j.scanned_datasets) AS d(path) ON true
    WHERE j.cluster_id = ${options.clusterId} AND j.fingerprint IS NOT NULL
      AND j.submitted_at >= ${options.from} AND j.submitted_at < ${options.to}
    GROUP BY j.fingerprint`.execute(db);
  return result.rows.map((r) => ({
    fingerprint: r.fingerprint,
    runs: Number(r.runs),
    datasets: r.datasets ?? [],
  }));
}

/** The fingerprints of the given jobs (a recommendation's evidence). */
export async function fingerprintsOfJobs(
  db: Db,
  options: { readonly clusterId: bigint; readonly jobIds: readonly string[] },
): Promise<string[]> {
  if (options.jobIds.length === 0) return [];
  const rows = await db
    .selectFrom('jobs')
    .select('fingerprint')
    .distinct()
    .where('cluster_id', '=', options.clusterId)
    .where('job_id', 'in', [...options.jobIds])
    .where('fingerprint', 'is not', null)
    .execute();
  return rows.map((r) => r.fingerprint as string).sort();
}
