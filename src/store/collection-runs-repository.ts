import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface CollectionErrorInput {
  /** Which stage failed: history, profiles, reflections, import, … */
  readonly stage: string;
  /** The item that failed: a job id, a file and line, a dataset path. */
  readonly item: string;
  readonly message: string;
  /** What the user can do about it. */
  readonly hint?: string | undefined;
}

export async function startRun(
  db: Db,
  input: { readonly clusterId: bigint; readonly kind: string; readonly options: unknown },
): Promise<bigint> {
  const row = await db
    .insertInto('collection_runs')
    .values({
      cluster_id: input.clusterId,
      kind: input.kind,
      options: stringifyLosslessJson(input.options ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(
  db: Db,
  input: {
    readonly runId: bigint;
    readonly status: RunStatus;
    readonly counts: unknown;
    readonly watermark?: unknown;
    readonly error?: string;
  },
): Promise<void> {
  await db
    .updateTable('collection_runs')
    .set({
      status: input.status,
      ended_at: new Date(),
      counts: stringifyLosslessJson(input.counts),
      watermark: input.watermark === undefined ? null : stringifyLosslessJson(input.watermark),
      error: input.error ?? null,
    })
    .where('id', '=', input.runId)
    .execute();
}

export async function recordCollectionError(
  db: Db,
  input: { readonly runId: bigint; readonly clusterId: bigint; readonly error: CollectionErrorInput },
): Promise<void> {
  await db
    .insertInto('collection_errors')
    .values({
      run_id: input.runId,
      cluster_id: input.clusterId,
      stage: input.error.stage,
      item: input.error.item,
      message: input.error.message,
      hint: input.error.hint ?? null,
    })
    .execute();
}

export async function listRunErrors(db: Db, runId: bigint): Promise<readonly CollectionErrorInput[]> {
  const rows = await db
    .selectFrom('collection_errors')
    .select(['stage', 'item', 'message', 'hint'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ stage: r.stage, item: r.item, message: r.message, hint: r.hint ?? undefined }));
}

export async function readWatermark(db: Db, clusterId: bigint, stream: string): Promise<unknown> {
  const row = await db
    .selectFrom('watermarks')
    .select('value')
    .where('cluster_id', '=', clusterId)
    .where('stream', '=', stream)
    .executeTakeFirst();
  return row?.value;
}

/** Call inside the transaction that stores the rows the watermark covers. */
export async function writeWatermark(
  db: Db,
  input: {
    readonly clusterId: bigint;
    readonly stream: string;
    readonly value: unknown;
    readonly runId?: bigint;
  },
): Promise<void> {
  const value = stringifyLosslessJson(input.value);
  await db
    .insertInto('watermarks')
    .values({ cluster_id: input.clusterId, stream: input.stream, value, run_id: input.runId ?? null })
    .onConflict((oc) =>
      oc
        .columns(['cluster_id', 'stream'])
        .doUpdateSet({ value, run_id: input.runId ?? null, updated_at: new Date() }),
    )
    .execute();
}

/** When the cluster's last collection that stored something (succeeded or partial) ended, if any did. */
export async function lastSuccessfulCollectionEnd(db: Db, clusterId: bigint): Promise<Date | undefined> {
  const row = await db
    .selectFrom('collection_runs')
    .select((eb) => eb.fn.max('ended_at').as('ended'))
    .where('cluster_id', '=', clusterId)
    .where('kind', '=', 'collect')
    .where('status', 'in', ['succeeded', 'partial'])
    .executeTakeFirst();
  // Both backends parse timestamptz to a Date (open-store's type parsers), aggregates included.
  const ended: unknown = row?.ended;
  return ended instanceof Date ? ended : undefined;
}
