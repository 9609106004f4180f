import { type Selectable, sql } from 'kysely';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';
import type { LockHolder } from './lock-holder.js';
import type { TaskStatus, TasksTable } from './schema.js';

export type { TaskStatus } from './schema.js';

/** What a failed or cancelled task reports: the error's class and message, never a stack. */
export interface TaskError {
  readonly code: string;
  readonly kind: string;
  readonly message: string;
  readonly hint?: string;
}

/** One background service call, as stored (see migration 0004). */
export interface StoredTask {
  readonly id: string;
  readonly kind: string;
  readonly input: unknown;
  readonly status: TaskStatus;
  readonly result: unknown;
  readonly error: TaskError | null;
  readonly owner: LockHolder;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

export async function insertTask(
  db: Db,
  task: { readonly id: string; readonly kind: string; readonly input: unknown; readonly owner: LockHolder },
): Promise<StoredTask> {
  const row = await db
    .insertInto('tasks')
    .values({
      id: task.id,
      kind: task.kind,
      input: stringifyLosslessJson(task.input ?? {}),
      status: 'queued',
      owner: JSON.stringify(task.owner),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

export async function findTask(db: Db, id: string): Promise<StoredTask | undefined> {
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** queued → running; false when the task is no longer queued (cancelled meanwhile). */
export async function markTaskRunning(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ status: 'running', started_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records how an unfinished task ended; a task already finished keeps its first ending. */
export async function finishTask(
  db: Db,
  id: string,
  outcome:
    | { readonly status: 'succeeded'; readonly result: unknown }
    | { readonly status: 'failed' | 'cancelled'; readonly error: TaskError },
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({
      status: outcome.status,
      finished_at: sql<Date>`now()`,
      result: outcome.status === 'succeeded' ? stringifyLosslessJson(outcome.result ?? null) : null,
      error: outcome.status === 'succeeded' ? null : JSON.stringify(outcome.error),
    })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Tasks not finished yet, of every owner: the recovery on server start decides which owners are gone. */
export async function listUnfinishedTasks(db: Db): Promise<readonly StoredTask[]> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

function fromRow(r: Selectable<TasksTable>): StoredTask {
  return {
    id: r.id,
    kind: r.kind,
    input: r.input,
    status: r.status,
    result: r.result,
    error: (r.error as TaskError | null) ?? null,
    owner: r.owner as LockHolder,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
