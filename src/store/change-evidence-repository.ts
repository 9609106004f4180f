import { sql } from 'kysely';
import type { PartitionField } from '../domain/dataset.js';
import type { Db } from './db-handle.js';

/** A completed job whose statement may have changed what the workload runs on. */
export interface DdlJob {
  readonly jobId: string;
  readonly sqlText: string;
  readonly userName: string | null;
  /** When Dremio says the job ended (its final state), else when it was submitted. */
  readonly endedAt: Date;
}

/**
 * Completed jobs whose statement starts with `ALTER` or `OPTIMIZE` after blanks. DDL that starts with
 * a comment is missed, not misread; the product's own statements (marked by a leading comment) are
 * not stored at all.
 */
export async function listDdlJobs(db: Db, clusterId: bigint): Promise<DdlJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['job_id', 'sql_text', 'user_name', 'final_state_at', 'submitted_at'])
    .where('cluster_id', '=', clusterId)
    .where('state', '=', 'COMPLETED')
    .where(sql<boolean>`sql_text ~* '^\\s*(alter|optimize)\\s'`)
    .orderBy('submitted_at')
    .orderBy('job_id')
    .execute();
  return rows.map((r) => ({
    jobId: r.job_id,
    sqlText: r.sql_text ?? '',
    userName: r.user_name,
    endedAt: new Date(r.final_state_at ?? r.submitted_at),
  }));
}

/** When the oldest stored job of the cluster was submitted: the start of observed history. */
export async function earliestJobAt(db: Db, clusterId: bigint): Promise<Date | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('submitted_at').as('first'))
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? undefined : new Date(row.first);
}

/** What the store knew of a reflection before this collection listed reflections again. */
export interface KnownReflection {
  readonly reflectionId: string;
  readonly name: string | null;
  readonly datasetPath: string | null;
  readonly enabled: boolean | null;
  /** When a collection last saw it. */
  readonly lastSeenAt: Date;
  readonly droppedAt: Date | null;
}

export async function loadKnownReflections(db: Db, clusterId: bigint): Promise<KnownReflection[]> {
  const rows = await db
    .selectFrom('reflections')
    .select(['reflection_id', 'name', 'dataset_path', 'enabled', 'collected_at', 'dropped_at'])
    .where('cluster_id', '=', clusterId)
    .orderBy('reflection_id')
    .execute();
  return rows.map((r) => ({
    reflectionId: r.reflection_id,
    name: r.name,
    datasetPath: r.dataset_path,
    enabled: r.enabled,
    lastSeenAt: new Date(r.collected_at),
    droppedAt: r.dropped_at === null ? null : new Date(r.dropped_at),
  }));
}

/** Marks reflections a complete listing no longer shows as dropped; their rows and refreshes stay. */
export async function markReflectionsDropped(
  db: Db,
  options: { readonly clusterId: bigint; readonly reflectionIds: readonly string[]; readonly at: Date },
): Promise<void> {
  if (options.reflectionIds.length === 0) return;
  await db
    .updateTable('reflections')
    .set({ dropped_at: options.at })
    .where('cluster_id', '=', options.clusterId)
    .where('reflection_id', 'in', [...options.reflectionIds])
    .where('dropped_at', 'is', null)
    .execute();
}

/** How one query shape ran over the stored history. */
export interface FingerprintRuns {
  readonly fingerprint: string;
  /** The one user who ran it, or null when several did. */
  readonly userName: string | null;
  readonly datasets: readonly string[];
  readonly runs: number;
  readonly firstAt: Date;
  readonly lastAt: Date;
  /** Median time between two consecutive runs; null with fewer than two runs. */
  readonly medianGapMs: number | null;
}

/** Per fingerprint: who ran it, on what, how often and when, computed in the database. */
export async function listFingerprintRuns(db: Db, clusterId: bigint): Promise<FingerprintRuns[]> {
  const stats = await sql<{
    fingerprint: string;
    user_min: string | null;
    user_max: string | null;
    runs: string | number | bigint;
    first_at: Date | string;
    last_at: Date | string;
    median_gap_ms: number | string | null;
  }>`
    WITH runs AS (
      SELECT fingerprint, user_name, submitted_at,
             extract(epoch FROM submitted_at - lag(submitted_at) OVER (
               PARTITION BY fingerprint ORDER BY submitted_at)) * 1000 AS gap_ms
      FROM jobs WHERE cluster_id = ${clusterId} AND fingerprint IS NOT NULL
    )
    SELECT fingerprint, min(user_name) AS user_min, max(user_name) AS user_max, count(*) AS runs,
           min(submitted_at) AS first_at, max(submitted_at) AS last_at,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY gap_ms) AS median_gap_ms
    FROM runs GROUP BY fingerprint ORDER BY fingerprint`.execute(db);
  const datasets = await sql<{ fingerprint: string; queried_datasets: string[] | null }>`
    SELECT DISTINCT ON (fingerprint) fingerprint, queried_datasets
    FROM jobs WHERE cluster_id = ${clusterId} AND fingerprint IS NOT NULL
    ORDER BY fingerprint, submitted_at DESC`.execute(db);
  const datasetsOf = new Map(datasets.rows.map((r) => [r.fingerprint, r.queried_datasets ?? []]));
  return stats.rows.map((r) => ({
    fingerprint: r.fingerprint,
    userName: r.user_min !== null && r.user_min === r.user_max ? r.user_min : null,
    datasets: datasetsOf.get(r.fingerprint) ?? [],
    runs: Number(r.runs),
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
    medianGapMs: r.median_gap_ms === null ? null : Number(r.median_gap_ms),
  }));
}

/** What the previous collection stored of a dataset: its partition spec and when it read it. */
export interface DatasetObservation {
  readonly partitionFields: readonly PartitionField[];
  readonly observedAt: Date;
}

/** Keyed by the dataset's path as stored. */
export async function loadDatasetObservations(
  db: Db,
  clusterId: bigint,
): Promise<Map<string, DatasetObservation>> {
  const rows = await db
    .selectFrom('datasets')
    .select(['path', 'partition_spec', 'collected_at'])
    .where('cluster_id', '=', clusterId)
    .execute();
  return new Map(
    rows.map((r) => {
      const spec = typeof r.partition_spec === 'string' ? JSON.parse(r.partition_spec) : r.partition_spec;
      return [
        r.path,
        {
          partitionFields: (Array.isArray(spec) ? spec : []) as PartitionField[],
          observedAt: new Date(r.collected_at),
        },
      ];
    }),
  );
}
