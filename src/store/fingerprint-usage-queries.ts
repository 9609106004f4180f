import { sql } from 'kysely';
import { subjectKey } from '../domain/finding.js';
import type { Db } from './db-handle.js';

/** What one query shape cost in a window: the row of a "top queries" list. */
export interface FingerprintUsage {
  readonly fingerprint: string;
  readonly normalizedSql: string | null;
  readonly runs: number;
  readonly failed: number;
  readonly totalDurationMs: number;
  /** Of every job of the cluster in the window, shapes left out by the text filter included. */
  readonly windowDurationMs: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly lastRunAt: Date;
}

interface UsageRow {
  fingerprint: string;
  normalized_sql: string | null;
  runs: bigint | number | string;
  failed: bigint | number | string;
  total_ms: number | string;
  window_ms: number | string | null;
  p50: number | string | null;
  p95: number | string | null;
  last_run_at: Date | string;
}

const nullable = (v: number | string | null): number | null => (v === null ? null : Number(v));

/**
 * The query shapes run in [from, to), the most total run time first (then fingerprint), after a keyset
 * position, at most `limit`. One grouped pass over the window's jobs (the `jobs_by_time` index), so a
 * million jobs never cross into the process; the window total comes from the same pass, including jobs
 * without a fingerprint. `text` is a case-insensitive part of the stored normalised SQL or of the SQL
 * text of any of its runs in the window (the normalised form is not stored by collection).
 */
export async function fingerprintUsage(
  db: Db,
  options: {
    readonly clusterId: bigint;
    readonly from: Date;
    readonly to: Date;
    readonly text?: string;
    readonly after?: { readonly totalDurationMs: number; readonly fingerprint: string };
    readonly limit: number;
  },
): Promise<FingerprintUsage[]> {
  const c = options.clusterId;
  const pattern =
    options.text === undefined ? undefined : `%${options.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  // The text is read only when searched: sql_text can be long, and the list must not detoast every run.
  const textMatch = pattern === undefined ? sql`true` : sql`bool_or(j.sql_text ILIKE ${pattern})`;
  const text = pattern === undefined ? sql`true` : sql`(a.text_match OR f.normalized_sql ILIKE ${pattern})`;
  const after =
    options.after === undefined
      ? sql`true`
      : sql`(a.total_ms < ${options.after.totalDurationMs}::float8
          OR (a.total_ms = ${options.after.totalDurationMs}::float8 AND a.fingerprint > ${options.after.fingerprint}))`;
  const result = await sql<UsageRow>`
    WITH a AS (
      SELECT j.fingerprint, count(*) AS runs, count(*) FILTER (WHERE j.state = 'FAILED') AS failed,
        coalesce(sum(j.duration_ms), 0)::float8 AS total_ms,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY j.duration_ms::float8)
          FILTER (WHERE j.state = 'COMPLETED') AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY j.duration_ms::float8)
          FILTER (WHERE j.state = 'COMPLETED') AS p95,
        max(j.submitted_at) AS last_run_at, ${textMatch} AS text_match
      FROM jobs j
      WHERE j.cluster_id = ${c} AND j.submitted_at >= ${options.from} AND j.submitted_at < ${options.to}
      GROUP BY j.fingerprint
    ),
    t AS (SELECT sum(total_ms)::float8 AS window_ms FROM a)
    SELECT a.fingerprint, f.normalized_sql, a.runs, a.failed, a.total_ms, t.window_ms, a.p50, a.p95,
      a.last_run_at
    FROM a CROSS JOIN t
    LEFT JOIN fingerprints f ON f.cluster_id = ${c} AND f.fingerprint = a.fingerprint
    WHERE a.fingerprint IS NOT NULL AND ${text} AND ${after}
    ORDER BY a.total_ms DESC, a.fingerprint
    LIMIT ${options.limit}`.execute(db);
  return result.rows.map((r) => ({
    fingerprint: r.fingerprint,
    normalizedSql: r.normalized_sql,
    runs: Number(r.runs),
    failed: Number(r.failed),
    totalDurationMs: Number(r.total_ms),
    windowDurationMs: Number(r.window_ms ?? 0),
    p50Ms: nullable(r.p50),
    p95Ms: nullable(r.p95),
    lastRunAt: new Date(r.last_run_at),
  }));
}

/** Findings of one detector about one query shape, open or resolved, the first seen first. */
export async function findingsOfFingerprint(
  db: Db,
  options: { readonly clusterId: bigint; readonly detector: string; readonly fingerprint: string },
) {
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'status', 'evidence', 'first_seen_at'])
    .where('cluster_id', '=', options.clusterId)
    .where('detector', '=', options.detector)
    .where('subject_kind', '=', 'fingerprint')
    .where(
      'subject_key',
      '=',
      subjectKey({ kind: 'fingerprint', fingerprint: options.fingerprint, sampleSql: null }),
    )
    .orderBy('first_seen_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    evidence: r.evidence as Readonly<Record<string, unknown>>,
    firstSeenAt: r.first_seen_at,
  }));
}

/** The SQL text of the newest run of each query shape that has one: one indexed lookup per shape. */
export async function newestSqlOfFingerprints(
  db: Db,
  clusterId: bigint,
  fingerprints: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  if (fingerprints.length === 0) return new Map();
  const result = await sql<{ fingerprint: string; sql_text: string }>`
    SELECT p.fingerprint, s.sql_text
    FROM unnest(${sql.val([...fingerprints])}::text[]) AS p(fingerprint)
    JOIN LATERAL (
      SELECT j.sql_text FROM jobs j
      WHERE j.cluster_id = ${clusterId} AND j.fingerprint = p.fingerprint AND j.sql_text IS NOT NULL
      ORDER BY j.submitted_at DESC LIMIT 1
    ) AS s ON true`.execute(db);
  return new Map(result.rows.map((r) => [r.fingerprint, r.sql_text]));
}

/** Open findings about each of these query shapes (subject kind `fingerprint`), by fingerprint. */
export async function openFindingsOfFingerprints(
  db: Db,
  clusterId: bigint,
  fingerprints: readonly string[],
): Promise<ReadonlyMap<string, number>> {
  if (fingerprints.length === 0) return new Map();
  const keys = new Map(
    fingerprints.map((fp) => [subjectKey({ kind: 'fingerprint', fingerprint: fp, sampleSql: null }), fp]),
  );
  const rows = await db
    .selectFrom('findings')
    .select(['subject_key', (eb) => eb.fn.countAll<bigint>().as('n')])
    .where('cluster_id', '=', clusterId)
    .where('status', '=', 'open')
    .where('subject_kind', '=', 'fingerprint')
    .where('subject_key', 'in', [...keys.keys()])
    .groupBy('subject_key')
    .execute();
  return new Map(rows.map((r) => [keys.get(r.subject_key) ?? r.subject_key, Number(r.n)]));
}

/**
 * Runs of one query shape in the `days` before (and including) its newest run, and the median duration
 * of the completed ones; anchored on the data, not the clock. Null when the shape never ran.
 */
export async function recentFingerprintRuns(
  db: Db,
  options: { readonly clusterId: bigint; readonly fingerprint: string; readonly days: number },
): Promise<{ readonly runs: number; readonly p50Ms: number | null; readonly lastRunAt: Date } | null> {
  const last = await sql<{ last: Date | string | null }>`
    SELECT max(submitted_at) AS last FROM jobs
    WHERE cluster_id = ${options.clusterId} AND fingerprint = ${options.fingerprint}`.execute(db);
  const lastValue = last.rows[0]?.last ?? null;
  if (lastValue === null) return null;
  const lastRunAt = new Date(lastValue);
  const from = new Date(lastRunAt.getTime() - options.days * 86_400_000);
  const result = await sql<{ runs: bigint | number | string; p50: number | string | null }>`
    SELECT count(*) AS runs,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY j.duration_ms::float8)
        FILTER (WHERE j.state = 'COMPLETED') AS p50
    FROM jobs j
    WHERE j.cluster_id = ${options.clusterId} AND j.fingerprint = ${options.fingerprint}
      AND j.submitted_at > ${from} AND j.submitted_at <= ${lastRunAt}`.execute(db);
  const row = result.rows[0];
  return { runs: Number(row?.runs ?? 0), p50Ms: nullable(row?.p50 ?? null), lastRunAt };
}
