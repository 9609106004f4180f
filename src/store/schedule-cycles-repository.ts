import { sql } from 'kysely';
import type { Db } from './db-handle.js';
import type { CycleOutcome } from './schema.js';

export type { CycleOutcome } from './schema.js';

export interface ScheduleCycleState {
  readonly clusterName: string;
  readonly holder: string;
  readonly lastStartedAt: Date;
  /** Null while the newest cycle runs (or when its process died mid-cycle). */
  readonly lastFinishedAt: Date | null;
  readonly lastOutcome: CycleOutcome | null;
  readonly lastSucceededAt: Date | null;
  readonly lastFailedAt: Date | null;
  readonly lastError: string | null;
}

/**
 * A scheduled cycle of the cluster started (its lease taken): the previous outcome is kept until it
 * ends. Its times are the database's, like the lease's, so every process's cycles compare on one clock.
 */
export async function recordCycleStart(
  db: Db,
  input: { readonly clusterName: string; readonly holder: string },
): Promise<void> {
  await db
    .insertInto('schedule_cycles')
    .values({ cluster_name: input.clusterName, holder: input.holder, last_started_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.column('cluster_name').doUpdateSet({
        holder: input.holder,
        last_started_at: sql<Date>`now()`,
        last_finished_at: null,
      }),
    )
    .execute();
}

/** The cycle ended. */
export async function recordCycleEnd(
  db: Db,
  input: {
    readonly clusterName: string;
    readonly outcome: CycleOutcome;
    /** What failed, for `failed`; the message only, never a stack or a credential. */
    readonly error?: string | undefined;
  },
): Promise<void> {
  const failed = input.outcome === 'failed';
  await db
    .updateTable('schedule_cycles')
    .set({
      last_finished_at: sql<Date>`now()`,
      last_outcome: input.outcome,
      ...(input.outcome === 'succeeded' ? { last_succeeded_at: sql<Date>`now()` } : {}),
      ...(failed ? { last_failed_at: sql<Date>`now()`, last_error: input.error ?? null } : {}),
    })
    .where('cluster_name', '=', input.clusterName)
    .execute();
}

/** Every cluster a schedule has run on this store, by name. */
export async function listCycleStates(db: Db): Promise<readonly ScheduleCycleState[]> {
  const rows = await db.selectFrom('schedule_cycles').selectAll().orderBy('cluster_name').execute();
  return rows.map((r) => ({
    clusterName: r.cluster_name,
    holder: r.holder,
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastOutcome: r.last_outcome,
    lastSucceededAt: r.last_succeeded_at,
    lastFailedAt: r.last_failed_at,
    lastError: r.last_error,
  }));
}
