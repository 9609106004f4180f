import { type Selectable, sql } from 'kysely';
import type { Db } from './db-handle.js';
import { JOB_COLUMNS } from './job-columns.js';
import type { CollectionRunsTable, JobsTable, WaiversTable } from './schema.js';

/**
 * Queries of the read services (`src/app/`): searches and per-day aggregates over stored data. Every
 * time range here is given by the caller, anchored on the data; nothing reads the clock.
 */

export interface ClusterJobStats {
  readonly jobs: number;
  readonly oldest: Date | null;
  readonly newest: Date | null;
}

/**
 * Per cluster: its jobs and their time span. The count sums the per-day counts the store keeps
 * (`job_days`, migration 0007); min/max are the first and last entries of the `(cluster_id,
 * submitted_at)` index.
 */
export async function clusterJobStats(db: Db): Promise<ReadonlyMap<bigint, ClusterJobStats>> {
  const rows = await sql<{ id: bigint; n: bigint; oldest: Date | null; newest: Date | null }>`
    SELECT c.id,
           (SELECT coalesce(sum(d.jobs), 0) FROM job_days d WHERE d.cluster_id = c.id) AS n,
           (SELECT min(submitted_at) FROM jobs j WHERE j.cluster_id = c.id) AS oldest,
           (SELECT max(submitted_at) FROM jobs j WHERE j.cluster_id = c.id) AS newest
    FROM clusters c`.execute(db);
  return new Map(
    rows.rows
      .filter((r) => Number(r.n) > 0)
      .map((r) => [
        BigInt(r.id),
        {
          jobs: Number(r.n),
          oldest: r.oldest === null ? null : new Date(r.oldest),
          newest: r.newest === null ? null : new Date(r.newest),
        },
      ]),
  );
}

export type CollectionRunRow = Selectable<CollectionRunsTable> & { readonly error_count: bigint };

/** Collection runs of the clusters, newest first (ids are taken at start), after a keyset position. */
export async function pageCollectionRuns(
  db: Db,
  options: {
    readonly clusterIds: readonly bigint[];
    readonly afterId?: bigint;
    readonly limit: number;
  },
): Promise<CollectionRunRow[]> {
  if (options.clusterIds.length === 0) return [];
  let query = db
    .selectFrom('collection_runs as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('collection_errors as e')
        .select(eb.fn.countAll<bigint>().as('n'))
        .whereRef('e.run_id', '=', 'r.id')
        .as('error_count'),
    )
    .where('r.cluster_id', 'in', [...options.clusterIds]);
  if (options.afterId !== undefined) query = query.where('r.id', '<', options.afterId);
  const rows = await query.orderBy('r.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ ...r, error_count: BigInt(r.error_count ?? 0) }));
}

export async function getCollectionRunRow(
  db: Db,
  id: bigint,
): Promise<Selectable<CollectionRunsTable> | undefined> {
  return db.selectFrom('collection_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function collectionRunErrors(db: Db, runId: bigint) {
  return db
    .selectFrom('collection_errors')
    .select(['stage', 'item', 'message', 'hint', 'at'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
}

export interface JobSearch {
  readonly clusterIds: readonly bigint[];
  /** Submitted in [from, to). */
  readonly from?: Date;
  readonly to?: Date;
  readonly user?: string;
  readonly queue?: string;
  readonly state?: string;
  readonly fingerprint?: string;
  /** A case-insensitive substring of the SQL text. */
  readonly text?: string;
  /** Keyset position: the last row of the previous page. */
  readonly after?: { readonly submittedAt: Date; readonly clusterId: bigint; readonly jobId: string };
  readonly limit: number;
}

export type JobRow = Pick<Selectable<JobsTable>, (typeof JOB_COLUMNS)[number] | 'cluster_id'>;

/** Jobs matching every given filter, newest submitted first (then cluster, job id, both descending). */
export async function searchJobRows(db: Db, search: JobSearch): Promise<JobRow[]> {
  if (search.clusterIds.length === 0) return [];
  let query = db
    .selectFrom('jobs')
    .select(['cluster_id', ...JOB_COLUMNS])
    .where('cluster_id', 'in', [...search.clusterIds]);
  if (search.from !== undefined) query = query.where('submitted_at', '>=', search.from);
  if (search.to !== undefined) query = query.where('submitted_at', '<', search.to);
  if (search.user !== undefined) query = query.where('user_name', '=', search.user);
  if (search.queue !== undefined) query = query.where('queue_name', '=', search.queue);
  if (search.state !== undefined) query = query.where('state', '=', search.state);
  if (search.fingerprint !== undefined) query = query.where('fingerprint', '=', search.fingerprint);
  if (search.text !== undefined) {
    const pattern = `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`sql_text ILIKE ${pattern}`);
  }
  const after = search.after;
  if (after !== undefined)
    query = query.where(
      sql<boolean>`(submitted_at, cluster_id, job_id) < (${after.submittedAt}::timestamptz, ${after.clusterId}::int8, ${after.jobId}::text)`,
    );
  return query
    .orderBy('submitted_at', 'desc')
    .orderBy('cluster_id', 'desc')
    .orderBy('job_id', 'desc')
    .limit(search.limit)
    .execute();
}

/** The newest attempt's stored profile summary of a job, when one was fetched. */
export async function newestProfileOf(db: Db, clusterId: bigint, jobId: string) {
  return db
    .selectFrom('profiles')
    .select(['attempt', 'dremio_version', 'fetched_at', 'size_bytes', 'summary', 'source'])
    .where('cluster_id', '=', clusterId)
    .where('job_id', '=', jobId)
    .orderBy('attempt', 'desc')
    .executeTakeFirst();
}

export async function fingerprintRow(db: Db, clusterId: bigint, fingerprint: string) {
  return db
    .selectFrom('fingerprints')
    .select(['fingerprint', 'normalized_sql', 'sample_sql', 'first_seen_at', 'last_seen_at'])
    .where('cluster_id', '=', clusterId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
}

export interface DailyRuns {
  /** The UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly runs: number;
  readonly failed: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
}

/**
 * Per UTC day: runs, failed runs and p50/p95 duration of the completed ones; of one fingerprint or of
 * every job of the cluster, submitted in [from, to).
 */
export async function dailyRuns(
  db: Db,
  options: {
    readonly clusterId: bigint;
    readonly fingerprint?: string;
    readonly from: Date;
    readonly to: Date;
  },
): Promise<DailyRuns[]> {
  let query = db
    .selectFrom('jobs')
    .select([
      sql<string>`to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
      sql<bigint>`count(*)`.as('runs'),
      sql<bigint>`count(*) FILTER (WHERE state = 'FAILED')`.as('failed'),
      sql<
        number | null
      >`percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE state = 'COMPLETED')`.as(
        'p50',
      ),
      sql<
        number | null
      >`percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE state = 'COMPLETED')`.as(
        'p95',
      ),
    ])
    .where('cluster_id', '=', options.clusterId)
    .where('submitted_at', '>=', options.from)
    .where('submitted_at', '<', options.to);
  if (options.fingerprint !== undefined) query = query.where('fingerprint', '=', options.fingerprint);
  const rows = await query.groupBy(sql`1`).orderBy(sql`1`).execute();
  return rows.map((r) => ({
    day: r.day,
    runs: Number(r.runs),
    failed: Number(r.failed),
    p50Ms: r.p50 === null ? null : Number(r.p50),
    p95Ms: r.p95 === null ? null : Number(r.p95),
  }));
}

/** Every stored baseline of one fingerprint (each window length and metric). */
export async function baselinesOfFingerprint(db: Db, clusterId: bigint, fingerprint: string) {
  return db
    .selectFrom('baselines')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('fingerprint', '=', fingerprint)
    .orderBy('window_days')
    .orderBy('metric')
    .execute();
}

/** Waivers of these clusters and the global ones (null cluster), oldest first. */
export async function listWaiverRows(
  db: Db,
  options: { readonly clusterIds?: readonly bigint[] },
): Promise<Selectable<WaiversTable>[]> {
  let query = db.selectFrom('waivers').selectAll();
  const ids = options.clusterIds;
  if (ids !== undefined)
    query = query.where((eb) =>
      ids.length === 0
        ? eb('cluster_id', 'is', null)
        : eb.or([eb('cluster_id', 'is', null), eb('cluster_id', 'in', [...ids])]),
    );
  return query.orderBy('id').execute();
}

/** Lifecycle steps of a cluster's recommendations: per UTC day and status reached, how many. */
export async function statusStepsPerDay(
  db: Db,
  options: { readonly clusterId: bigint; readonly from?: Date; readonly to?: Date },
) {
  let query = db
    .selectFrom('recommendation_status_history')
    .select([
      sql<string>`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
      'to_status',
      sql<bigint>`count(*)`.as('n'),
    ])
    .where('cluster_id', '=', options.clusterId);
  if (options.from !== undefined) query = query.where('at', '>=', options.from);
  if (options.to !== undefined) query = query.where('at', '<', options.to);
  const rows = await query.groupBy([sql`1`, 'to_status']).orderBy(sql`1`).orderBy('to_status').execute();
  return rows.map((r) => ({ day: r.day, status: r.to_status, count: Number(r.n) }));
}

/** How many jobs of the cluster were submitted in [from, to). */
const DAY_MS = 86_400_000;

/**
 * Jobs submitted in [from, to): the whole UTC days inside from the per-day counts the store keeps
 * (`job_days`, migration 0007), the partial days at either end from the (cluster_id, submitted_at)
 * index; a 30-day window at a million jobs reads about 60 thousand index entries instead of all of them.
 */
export async function countJobsBetween(db: Db, clusterId: bigint, from: Date, to: Date): Promise<number> {
  const firstWholeDay = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const endOfWholeDays = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (firstWholeDay >= endOfWholeDays) return countIndexed(db, clusterId, from, to);
  const row = await db
    .selectFrom('job_days')
    .select(sql<string | null>`sum(jobs)`.as('n'))
    .where('cluster_id', '=', clusterId)
    .where(sql<boolean>`day >= ${dayOf(firstWholeDay)}::date AND day < ${dayOf(endOfWholeDays)}::date`)
    .executeTakeFirst();
  const head = await countIndexed(db, clusterId, from, new Date(firstWholeDay));
  const tail = await countIndexed(db, clusterId, new Date(endOfWholeDays), to);
  return Number(row?.n ?? 0) + head + tail;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

async function countIndexed(db: Db, clusterId: bigint, from: Date, to: Date): Promise<number> {
  if (from.getTime() >= to.getTime()) return 0;
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('cluster_id', '=', clusterId)
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many distinct recommendations of the cluster ever reached each status. */
export async function reachedStatusCounts(db: Db, clusterId: bigint): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('recommendation_status_history')
    .select(['to_status', sql<bigint>`count(DISTINCT recommendation_id)`.as('n')])
    .where('cluster_id', '=', clusterId)
    .groupBy('to_status')
    .execute();
  return new Map(rows.map((r) => [r.to_status, Number(r.n)]));
}

/** The time of the newest lifecycle step of the cluster's recommendations. */
export async function newestStatusStepAt(db: Db, clusterId: bigint): Promise<Date | undefined> {
  const row = await db
    .selectFrom('recommendation_status_history')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : new Date(row.at);
}

/**
 * Per UTC day and detector: the jobs submitted that day that an open finding of the detector names,
 * and their total duration (each job once per detector).
 */
export async function affectedJobTimePerDay(
  db: Db,
  options: { readonly clusterId: bigint; readonly from: Date; readonly to: Date },
) {
  // The links carry their job's submit time and duration (migration 0007): no join with jobs.
  const rows = await sql<{ day: string; detector: string; jobs: bigint; ms: number | null }>`
    SELECT to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, a.detector,
           count(*) AS jobs, sum(a.duration_ms)::float8 AS ms
    FROM (SELECT DISTINCT f.detector, fj.job_id, fj.submitted_at, fj.duration_ms
          FROM findings f JOIN finding_jobs fj ON fj.cluster_id = f.cluster_id AND fj.finding_id = f.id
          WHERE f.cluster_id = ${options.clusterId} AND f.status = 'open'
            AND fj.submitted_at >= ${options.from} AND fj.submitted_at < ${options.to}) a
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return rows.rows.map((r) => ({
    day: r.day,
    detector: r.detector,
    jobs: Number(r.jobs),
    ms: Number(r.ms ?? 0),
  }));
}
