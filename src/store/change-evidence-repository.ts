import { sql } from 'kysely';
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
 * Completed jobs whose statement starts with `ALTER` or `OPTIMIZE` (after blanks and comments are
 * trimmed by the reader, a leading comment is rare in DDL and such a job is missed, not misread).
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
