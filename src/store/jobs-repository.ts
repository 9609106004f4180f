import { type Selectable, sql } from 'kysely';
import type { JobRecord } from '../domain/job.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import { copyFromText } from './copy-payload.js';
import type { Db } from './db-handle.js';
import { JOB_COLUMNS } from './job-columns.js';
import { COPY_ROW_COLUMNS, jobCopyLine } from './job-copy-row.js';
import type { JobsTable } from './schema.js';
import { textSafeJson } from './text-safe-json.js';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

// One statement per batch, its rows as one JSON parameter: binding 52 parameters a row was the client's
// largest cost (dropping it made ingest 12–15 % faster), and PostgreSQL allows only 65,535 per statement.
const BATCH_ROWS = 1000;
// Below this many rows a call takes the statement path: creating the temporary table for COPY costs
// more than it saves on a handful of rows (an import stores a profile's job one at a time).
const COPY_MIN_ROWS = 50;
const INCOMING = 'jobs_incoming';

/** Array and JSON columns whose "no information" value is empty rather than NULL. */
const EMPTY_AS_MISSING = {
  reflection_relationships: "'[]'::jsonb",
  queried_datasets: "'{}'::text[]",
  scanned_datasets: "'{}'::text[]",
} as const;

// Live history is the most authoritative, then the coordinator's log, then files such as profiles.
const SOURCE_RANK = "CASE $S WHEN 'live' THEN 3 WHEN 'queries-json' THEN 2 ELSE 1 END";
const RANK_OF = (table: string) => `(${SOURCE_RANK.replace('$S', `${table}.source`)})`;
// A job stored before it ended is replaced by a newer reading from an equal source (fidelity-gaps #3).
const STORED_UNFINISHED = `(jobs.state IS NOT NULL AND jobs.state NOT IN ('COMPLETED', 'FAILED', 'CANCELED'))`;
const EXCLUDED_WINS = `(${RANK_OF('excluded')} > ${RANK_OF('jobs')} OR (${RANK_OF('excluded')} = ${RANK_OF('jobs')} AND ${STORED_UNFINISHED}))`;

function mergedColumn(column: string): string {
  const empty = (EMPTY_AS_MISSING as Record<string, string>)[column];
  const value = (table: string) =>
    empty === undefined ? `${table}.${column}` : `NULLIF(${table}.${column}, ${empty})`;
  const fallback = empty === undefined ? '' : `, ${empty}`;
  return `CASE WHEN ${EXCLUDED_WINS} THEN COALESCE(${value('excluded')}, ${value('jobs')}${fallback}) ELSE COALESCE(${value('jobs')}, ${value('excluded')}${fallback}) END`;
}

/**
 * Columns a later source may fill in but must never blank out (e.g. a profile import after live
 * history): every column but the key, the submitted time every source agrees on, and `source`, which
 * the update sets itself.
 */
const MERGE_COLUMNS: readonly string[] = [
  ...JOB_COLUMNS.filter((c) => c !== 'job_id' && c !== 'submitted_at' && c !== 'source'),
  'raw',
];
const MERGED_SET = MERGE_COLUMNS.map((c) => [c, sql.raw(mergedColumn(c))] as const);
const CHANGED = sql<boolean>`${sql.raw(
  `(${MERGE_COLUMNS.map((c) => `jobs.${c}`).join(', ')}) IS DISTINCT FROM (${MERGE_COLUMNS.map(mergedColumn).join(', ')})`,
)}`;

/**
 * Inserts or merges jobs in batches. Each column keeps the value of the most authoritative source that
 * knows it (ties keep the first), so one job seen in several files or sources settles on one row, and
 * re-running an import or a collection changes nothing.
 */
export async function upsertJobs(
  db: Db,
  clusterId: bigint,
  jobs: readonly JobRecord[],
): Promise<UpsertCounts> {
  return jobs.length < COPY_MIN_ROWS
    ? upsertJobsByStatement(db, clusterId, jobs)
    : upsertJobsByCopy(db, clusterId, jobs);
}

/** The small-batch path: each batch of rows is one JSON parameter of one statement. */
export async function upsertJobsByStatement(
  db: Db,
  clusterId: bigint,
  jobs: readonly JobRecord[],
): Promise<UpsertCounts> {
  const counts = new Counts();
  for (let i = 0; i < jobs.length; i += BATCH_ROWS) {
    const batch = dedupeById(jobs.slice(i, i + BATCH_ROWS));
    const rows = await mergeInto(
      db,
      sql`SELECT ${sql.raw(ROW_COLUMNS.map((c) => `r.${c}`).join(', '))} FROM json_populate_recordset(NULL::jobs, ${batchJson(clusterId, batch)}::json) AS r`,
    );
    counts.add(batch.length, rows);
  }
  return counts.result();
}

/**
 * The bulk path: each batch is streamed with `COPY … FROM STDIN` into a temporary table, then merged
 * by the same statement, so batches, their order and the merge are those of `upsertJobsByStatement`.
 * Outside a transaction each batch gets its own, as each statement commits on its own there.
 */
export async function upsertJobsByCopy(
  db: Db,
  clusterId: bigint,
  jobs: readonly JobRecord[],
): Promise<UpsertCounts> {
  const counts = new Counts();
  for (let i = 0; i < jobs.length; i += BATCH_ROWS) {
    const batch = dedupeById(jobs.slice(i, i + BATCH_ROWS));
    const text = batchCopyText(clusterId, batch);
    const rows = db.isTransaction
      ? await copyAndMerge(db, text)
      : await db.transaction().execute((trx) => copyAndMerge(trx, text));
    counts.add(batch.length, rows);
  }
  return counts.result();
}

async function copyAndMerge(trx: Db, text: string): Promise<readonly { inserted: boolean }[]> {
  // Dropped at commit; within one transaction later calls reuse it, emptied after each merge.
  await sql`CREATE TEMP TABLE IF NOT EXISTS ${sql.raw(INCOMING)} (LIKE jobs INCLUDING DEFAULTS) ON COMMIT DROP`.execute(
    trx,
  );
  await copyFromText(trx, INCOMING, COPY_ROW_COLUMNS, text);
  const rows = await mergeInto(trx, sql`SELECT ${sql.raw(ROW_COLUMNS.join(', '))} FROM ${sql.raw(INCOMING)}`);
  await sql`TRUNCATE ${sql.raw(INCOMING)}`.execute(trx);
  return rows;
}

/** Inserts the rows `source` selects, merging each that exists; one result row per row written. */
function mergeInto(db: Db, source: ReturnType<typeof sql>) {
  return db
    .insertInto('jobs')
    .columns(ROW_COLUMNS)
    .expression(source)
    .onConflict((oc) =>
      oc
        .columns(['cluster_id', 'job_id'])
        .doUpdateSet({
          ...Object.fromEntries(MERGED_SET),
          source: sql`CASE WHEN ${sql.raw(EXCLUDED_WINS)} THEN excluded.source ELSE jobs.source END`,
          collected_at: sql`excluded.collected_at`,
        })
        .where(CHANGED),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
}

/** Inserted rows say so (`xmax = 0`), other written rows were updated, the rest were unchanged. */
class Counts {
  private inserted = 0;
  private updated = 0;
  private unchanged = 0;

  add(batchRows: number, written: readonly { inserted: boolean }[]): void {
    const fresh = written.filter((r) => r.inserted).length;
    this.inserted += fresh;
    this.updated += written.length - fresh;
    this.unchanged += batchRows - written.length;
  }

  result(): UpsertCounts {
    return { inserted: this.inserted, updated: this.updated, unchanged: this.unchanged };
  }
}

export async function countJobs(db: Db, clusterId: bigint): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('cluster_id', '=', clusterId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listJobIds(db: Db, clusterId: bigint): Promise<readonly string[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('job_id')
    .where('cluster_id', '=', clusterId)
    .orderBy('job_id')
    .execute();
  return rows.map((r) => r.job_id);
}

export async function getJob(
  db: Db,
  clusterId: bigint,
  jobId: string,
): Promise<Selectable<JobsTable> | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('job_id', '=', jobId)
    .executeTakeFirst();
}

function dedupeById(jobs: readonly JobRecord[]): readonly JobRecord[] {
  // One statement cannot upsert the same key twice; the first record of a job wins, as across statements.
  const byId = new Map<string, JobRecord>();
  for (const job of jobs) if (!byId.has(job.jobId)) byId.set(job.jobId, job);
  return [...byId.values()];
}

/** The columns a batch row carries; `toRowJson` writes each by name, `jobCopyLine` in this order. */
const ROW_COLUMNS = COPY_ROW_COLUMNS;

function batchCopyText(clusterId: bigint, jobs: readonly JobRecord[]): string {
  const collectedAt = new Date().toISOString();
  return jobs.map((job) => jobCopyLine(clusterId, job, collectedAt)).join('');
}

function batchJson(clusterId: bigint, jobs: readonly JobRecord[]): string {
  const collectedAt = new Date().toISOString();
  return textSafeJson(`[${jobs.map((job) => toRowJson(clusterId, job, collectedAt)).join(',')}]`);
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
// 64-bit counters travel as strings: JSON numbers lose precision past 2^53 in JavaScript.
const int8 = (n: bigint | null) => (n === null ? null : n.toString());

function toRowJson(clusterId: bigint, job: JobRecord, collectedAt: string): string {
  const t = job.timestamps;
  const p = job.phases;
  const plain = JSON.stringify({
    cluster_id: clusterId.toString(),
    job_id: job.jobId,
    fingerprint: job.fingerprint,
    sql_text: job.sqlText,
    sql_redacted: job.sqlRedacted,
    sql_truncated: job.sqlTruncated,
    user_name: job.userName,
    query_type: job.queryType,
    state: job.state,
    submitted_at: t.submittedAt.toISOString(),
    attempt_started_at: iso(t.attemptStartedAt),
    metadata_retrieval_at: iso(t.metadataRetrievalAt),
    planning_start_at: iso(t.planningStartAt),
    query_enqueued_at: iso(t.queryEnqueuedAt),
    engine_start_at: iso(t.engineStartAt),
    execution_planning_at: iso(t.executionPlanningAt),
    starting_at: iso(t.startingAt),
    execution_start_at: iso(t.executionStartAt),
    final_state_at: iso(t.finalStateAt),
    duration_ms: job.durationMs,
    pending_ms: p.pendingMs,
    metadata_retrieval_ms: p.metadataRetrievalMs,
    planning_ms: p.planningMs,
    queued_ms: p.queuedMs,
    engine_start_ms: p.engineStartMs,
    execution_planning_ms: p.executionPlanningMs,
    starting_ms: p.startingMs,
    running_ms: p.runningMs,
    rows_scanned: int8(job.rowsScanned),
    bytes_scanned: int8(job.bytesScanned),
    rows_returned: int8(job.rowsReturned),
    bytes_returned: int8(job.bytesReturned),
    planner_estimated_cost: job.plannerEstimatedCost,
    cpu_time_ms: int8(job.cpuTimeMs),
    memory_allocated_bytes: int8(job.memoryAllocatedBytes),
    accelerated: job.accelerated,
    queue_name: job.queueName,
    engine: job.engine,
    client: job.client,
    error_message: job.errorMessage,
    queried_datasets: job.queriedDatasets,
    scanned_datasets: job.scannedDatasets,
    attempt_count: job.attemptCount,
    is_profile_incomplete: job.isProfileIncomplete,
    source: job.source,
    source_ref: job.sourceRef,
    collected_at: collectedAt,
  });
  // The JSON documents are spliced in as text so their 64-bit integers stay exact.
  const relationships = stringifyLosslessJson(job.reflectionRelationships);
  const raw = job.raw === undefined ? 'null' : stringifyLosslessJson(job.raw);
  return `${plain.slice(0, -1)},"reflection_relationships":${relationships},"raw":${raw}}`;
}
