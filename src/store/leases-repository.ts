import { sql } from 'kysely';
import type { Db } from './db-handle.js';

export interface LeaseRequest {
  /** What the lease guards, e.g. `pipeline:<cluster>`. */
  readonly name: string;
  /** Who asks: unique per process and run, so a restarted process is a new holder. */
  readonly holder: string;
  /** How long the lease lasts unless renewed. */
  readonly ttlMs: number;
}

export interface LeaseState {
  readonly holder: string;
  readonly acquiredAt: Date;
  readonly expiresAt: Date;
}

// Every time is the database's: holders on several machines compare against one clock.
const expiry = (ttlMs: number) => sql<Date>`now() + ${ttlMs}::double precision * interval '1 millisecond'`;

/**
 * Takes the lease when nobody holds it, its holder let it expire, or the asker already holds it (then
 * it is extended). One statement, so two askers at once cannot both win. True when the asker holds it.
 */
export async function acquireLease(db: Db, request: LeaseRequest): Promise<boolean> {
  const row = await db
    .insertInto('leases')
    .values({ name: request.name, holder: request.holder, expires_at: expiry(request.ttlMs) })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({
          holder: (eb) => eb.ref('excluded.holder'),
          expires_at: (eb) => eb.ref('excluded.expires_at'),
          acquired_at: sql<Date>`CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE now() END`,
        })
        .where((eb) =>
          eb.or([eb('leases.expires_at', '<', sql<Date>`now()`), eb('leases.holder', '=', request.holder)]),
        ),
    )
    .returning('holder')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Extends a lease its holder still has. False when another holder took it meanwhile (this one let it
 * expire, e.g. a process paused longer than the lease); the caller no longer holds it.
 */
export async function renewLease(db: Db, request: LeaseRequest): Promise<boolean> {
  const row = await db
    .updateTable('leases')
    .set({ expires_at: expiry(request.ttlMs) })
    .where('name', '=', request.name)
    .where('holder', '=', request.holder)
    .returning('holder')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives the lease back so the next asker need not wait for it to expire; a no-op when not held. */
export async function releaseLease(
  db: Db,
  lease: { readonly name: string; readonly holder: string },
): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', lease.name).where('holder', '=', lease.holder).execute();
}

/** Who holds a lease now; undefined when nobody does (never taken, released, or expired). */
export async function readLease(db: Db, name: string): Promise<LeaseState | undefined> {
  const row = await db
    .selectFrom('leases')
    .select(['holder', 'acquired_at', 'expires_at'])
    .where('name', '=', name)
    .where('expires_at', '>=', sql<Date>`now()`)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}
