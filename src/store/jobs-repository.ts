import { createHash } from 'node:crypto';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { JobRecord } from '../domain/job.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';
import type { JobsTable } from './schema.js';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

// 52 parameters a row; PostgreSQL allows 65,535 per statement.
const BATCH_ROWS = 500;

/** Columns a later source may fill in but must never blank out (e.g. a profile import after live history). */
const MERGED_COLUMNS = [
  'fingerprint',
  'sql_text',
  'user_name',
  'query_type',
  'state',
  'attempt_started_at',
  'metadata_retrieval_at',
  'planning_start_at',
  'query_enqueued_at',
  'engine_start_at',
  'execution_planning_at',
  'starting_at',
  'execution_start_at',
  'final_state_at',
  'duration_ms',
  'pending_ms',
  'metadata_retrieval_ms',
  'planning_ms',
  'queued_ms',
  'engine_start_ms',
  'execution_planning_ms',
  'starting_ms',
  'running_ms',
  'rows_scanned',
  'bytes_scanned',
  'rows_returned',
  'bytes_returned',
  'planner_estimated_cost',
  'cpu_time_ms',
  'memory_allocated_bytes',
  'accelerated',
  'queue_name',
  'engine',
  'client',
  'error_message',
  'attempt_count',
  'is_profile_incomplete',
  'source_ref',
  'raw',
] as const satisfies readonly (keyof JobsTable)[];

/**
 * Inserts or merges jobs in batches. A job already stored with identical content is left untouched, so
 * re-running an import or a collection changes nothing; new facts are merged without losing old ones.
 */
export async function upsertJobs(
  db: Db,
  clusterId: bigint,
  jobs: readonly JobRecord[],
): Promise<UpsertCounts> {
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  for (let i = 0; i < jobs.length; i += BATCH_ROWS) {
    const batch = dedupeById(jobs.slice(i, i + BATCH_ROWS));
    const rows = await db
      .insertInto('jobs')
      .values(batch.map((job) => toRow(clusterId, job)))
      .onConflict((oc) =>
        oc
          .columns(['cluster_id', 'job_id'])
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(
              MERGED_COLUMNS.map((c) => [c, eb.fn.coalesce(eb.ref(`excluded.${c}`), eb.ref(`jobs.${c}`))]),
            ),
            sql_redacted: eb.ref('excluded.sql_redacted'),
            sql_truncated: eb.ref('excluded.sql_truncated'),
            reflection_relationships: sql`CASE WHEN excluded.reflection_relationships = '[]'::jsonb THEN jobs.reflection_relationships ELSE excluded.reflection_relationships END`,
            queried_datasets: sql`CASE WHEN cardinality(excluded.queried_datasets) = 0 THEN jobs.queried_datasets ELSE excluded.queried_datasets END`,
            scanned_datasets: sql`CASE WHEN cardinality(excluded.scanned_datasets) = 0 THEN jobs.scanned_datasets ELSE excluded.scanned_datasets END`,
            source: eb.ref('excluded.source'),
            content_hash: eb.ref('excluded.content_hash'),
            collected_at: eb.ref('excluded.collected_at'),
          }))
          .where('jobs.content_hash', 'is distinct from', (eb) => eb.ref('excluded.content_hash')),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    const fresh = rows.filter((r) => r.inserted).length;
    inserted += fresh;
    updated += rows.length - fresh;
    unchanged += batch.length - rows.length;
  }
  return { inserted, updated, unchanged };
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
  // One statement cannot upsert the same key twice; the last record of a job wins.
  const byId = new Map<string, JobRecord>();
  for (const job of jobs) byId.set(job.jobId, job);
  return [...byId.values()];
}

export function jobContentHash(job: JobRecord): string {
  return createHash('sha256').update(stringifyLosslessJson(job)).digest('hex').slice(0, 32);
}

function toRow(clusterId: bigint, job: JobRecord): Insertable<JobsTable> {
  const t = job.timestamps;
  const p = job.phases;
  return {
    cluster_id: clusterId,
    job_id: job.jobId,
    fingerprint: job.fingerprint,
    sql_text: job.sqlText,
    sql_redacted: job.sqlRedacted,
    sql_truncated: job.sqlTruncated,
    user_name: job.userName,
    query_type: job.queryType,
    state: job.state,
    submitted_at: t.submittedAt,
    attempt_started_at: t.attemptStartedAt,
    metadata_retrieval_at: t.metadataRetrievalAt,
    planning_start_at: t.planningStartAt,
    query_enqueued_at: t.queryEnqueuedAt,
    engine_start_at: t.engineStartAt,
    execution_planning_at: t.executionPlanningAt,
    starting_at: t.startingAt,
    execution_start_at: t.executionStartAt,
    final_state_at: t.finalStateAt,
    duration_ms: job.durationMs,
    pending_ms: p.pendingMs,
    metadata_retrieval_ms: p.metadataRetrievalMs,
    planning_ms: p.planningMs,
    queued_ms: p.queuedMs,
    engine_start_ms: p.engineStartMs,
    execution_planning_ms: p.executionPlanningMs,
    starting_ms: p.startingMs,
    running_ms: p.runningMs,
    rows_scanned: job.rowsScanned,
    bytes_scanned: job.bytesScanned,
    rows_returned: job.rowsReturned,
    bytes_returned: job.bytesReturned,
    planner_estimated_cost: job.plannerEstimatedCost,
    cpu_time_ms: job.cpuTimeMs,
    memory_allocated_bytes: job.memoryAllocatedBytes,
    accelerated: job.accelerated,
    reflection_relationships: stringifyLosslessJson(job.reflectionRelationships),
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
    raw: job.raw === undefined ? null : stringifyLosslessJson(job.raw),
    content_hash: jobContentHash(job),
    collected_at: new Date(),
  };
}
