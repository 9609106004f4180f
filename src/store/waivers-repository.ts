import type { Selectable } from 'kysely';
import type { Db } from './db-handle.js';
import type { WaiversTable } from './schema.js';

/**
 * A decision to stop reporting a finding: by its id, or by a detector (or `*`) and a glob on the subject
 * key. A waiver without a cluster applies to every cluster; one without `until` never expires.
 */
export interface Waiver {
  readonly id: bigint;
  readonly clusterId: bigint | null;
  readonly findingId: string | null;
  readonly detector: string | null;
  readonly pattern: string | null;
  readonly reason: string;
  readonly until: Date | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

export type WaiverInput = Omit<Waiver, 'id' | 'createdAt'>;

export async function addWaiver(db: Db, input: WaiverInput): Promise<Waiver> {
  const row = await db
    .insertInto('waivers')
    .values({
      cluster_id: input.clusterId,
      finding_id: input.findingId,
      detector: input.detector,
      pattern: input.pattern,
      reason: input.reason,
      until: input.until,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

/** Waivers that apply to the cluster at `at`: its own and the global ones, not yet expired nor revoked. */
export async function listActiveWaivers(
  db: Db,
  options: { readonly clusterId: bigint; readonly at: Date },
): Promise<readonly Waiver[]> {
  const rows = await db
    .selectFrom('waivers')
    .selectAll()
    .where((eb) => eb.or([eb('cluster_id', 'is', null), eb('cluster_id', '=', options.clusterId)]))
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', options.at)]))
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

function fromRow(r: Selectable<WaiversTable>): Waiver {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    findingId: r.finding_id,
    detector: r.detector,
    pattern: r.pattern,
    reason: r.reason,
    until: r.until,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/**
 * Revokes a waiver: from now on it hides nothing. Returns false when there is no such waiver or it was
 * already revoked (the first revocation, its author and reason, are kept).
 */
export async function revokeWaiver(
  db: Db,
  input: { readonly id: bigint; readonly by: string | null; readonly reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('waivers')
    .set({ revoked_at: new Date(), revoked_by: input.by, revoke_reason: input.reason })
    .where('id', '=', input.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One stored waiver as its row, revoked or not. */
export async function getWaiverRow(db: Db, id: bigint): Promise<Selectable<WaiversTable> | undefined> {
  return db.selectFrom('waivers').selectAll().where('id', '=', id).executeTakeFirst();
}
