import type { Selectable } from 'kysely';
import type { Change, ChangeKind, ChangeOrigin, StoredChange } from '../domain/change.js';
import type { Db } from './db-handle.js';
import type { ChangesTable } from './schema.js';

/** Two records of one change (say, the product's apply and the collection that later saw it) lie this close. */
export const SAME_CHANGE_WITHIN_MS = 24 * 3_600_000;

const ORIGIN_RANK: Readonly<Record<ChangeOrigin, number>> = { product: 3, user: 2, detected: 1 };

export interface RecordChangeOptions {
  readonly clusterId: bigint;
  readonly change: Change;
  /** When the product learned of it (the collection's or the command's time). */
  readonly detectedAt: Date;
}

/**
 * Records a change once: a change of the same kind and subject already recorded within
 * {@link SAME_CHANGE_WITHIN_MS} is the same change, refined rather than duplicated — the narrower
 * effective span wins (a refresh dates a reflection better than its DDL job), the stronger origin
 * and any known statement, job, recommendation and details are kept. Re-running detection is safe.
 */
export async function recordChange(db: Db, options: RecordChangeOptions): Promise<StoredChange> {
  const { clusterId, change } = options;
  const near = await db
    .selectFrom('changes')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('kind', '=', change.kind)
    .where('subject', '=', change.subject)
    .where('effective_to', '>=', new Date(change.effectiveFrom.getTime() - SAME_CHANGE_WITHIN_MS))
    .where('effective_from', '<=', new Date(change.effectiveTo.getTime() + SAME_CHANGE_WITHIN_MS))
    .orderBy('id')
    .executeTakeFirst();
  if (near === undefined) {
    const inserted = await db
      .insertInto('changes')
      .values({ cluster_id: clusterId, ...toRow(change), detected_at: options.detectedAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(inserted);
  }
  const known = fromRow(near);
  const merged = mergeChanges(known, change);
  const updated = await db
    .updateTable('changes')
    .set(toRow(merged))
    .where('id', '=', known.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(updated);
}

/** What two records of one change say together. */
export function mergeChanges(known: Change, seen: Change): Change {
  const knownSpan = known.effectiveTo.getTime() - known.effectiveFrom.getTime();
  const seenSpan = seen.effectiveTo.getTime() - seen.effectiveFrom.getTime();
  // A refresh that finished dates a new reflection better than the DDL job that asked for it.
  const timed =
    seenSpan < knownSpan ||
    (seenSpan === knownSpan && seen.origin === 'detected' && seen.kind === 'reflection-created')
      ? seen
      : known;
  return {
    kind: known.kind,
    subject: known.subject,
    datasetPath: known.datasetPath ?? seen.datasetPath,
    effectiveFrom: timed.effectiveFrom,
    effectiveTo: timed.effectiveTo,
    origin: ORIGIN_RANK[seen.origin] > ORIGIN_RANK[known.origin] ? seen.origin : known.origin,
    statement: known.statement ?? seen.statement,
    jobId: known.jobId ?? seen.jobId,
    recommendationId: known.recommendationId ?? seen.recommendationId,
    details: { ...seen.details, ...known.details },
  };
}

export interface ListChangesOptions {
  readonly clusterId: bigint;
  readonly kinds?: readonly ChangeKind[];
  readonly recommendationId?: string;
}

/** Oldest first. */
export async function listChanges(db: Db, options: ListChangesOptions): Promise<StoredChange[]> {
  let query = db.selectFrom('changes').selectAll().where('cluster_id', '=', options.clusterId);
  if (options.kinds !== undefined && options.kinds.length > 0)
    query = query.where('kind', 'in', [...options.kinds]);
  if (options.recommendationId !== undefined)
    query = query.where('recommendation_id', '=', options.recommendationId);
  const rows = await query.orderBy('effective_from').orderBy('id').execute();
  return rows.map(fromRow);
}

export async function getChange(
  db: Db,
  options: { readonly clusterId: bigint; readonly id: bigint },
): Promise<StoredChange | undefined> {
  const row = await db
    .selectFrom('changes')
    .selectAll()
    .where('cluster_id', '=', options.clusterId)
    .where('id', '=', options.id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** Links a change to the recommendation it carries out (a detected change matching a recommendation). */
export async function linkChange(
  db: Db,
  options: { readonly clusterId: bigint; readonly id: bigint; readonly recommendationId: string },
): Promise<void> {
  await db
    .updateTable('changes')
    .set({ recommendation_id: options.recommendationId })
    .where('cluster_id', '=', options.clusterId)
    .where('id', '=', options.id)
    .where('recommendation_id', 'is', null)
    .execute();
}

function toRow(change: Change) {
  return {
    kind: change.kind,
    subject: change.subject,
    dataset_path: change.datasetPath,
    effective_from: change.effectiveFrom,
    effective_to: change.effectiveTo,
    origin: change.origin,
    statement: change.statement,
    job_id: change.jobId,
    recommendation_id: change.recommendationId,
    details: JSON.stringify(change.details),
  };
}

function fromRow(row: Selectable<ChangesTable>): StoredChange {
  return {
    id: BigInt(row.id),
    kind: row.kind as ChangeKind,
    subject: row.subject,
    datasetPath: row.dataset_path,
    effectiveFrom: new Date(row.effective_from),
    effectiveTo: new Date(row.effective_to),
    origin: row.origin as ChangeOrigin,
    statement: row.statement,
    jobId: row.job_id,
    recommendationId: row.recommendation_id,
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<
      string,
      unknown
    >,
    detectedAt: new Date(row.detected_at),
  };
}
