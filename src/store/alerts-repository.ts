import { type Selectable, sql } from 'kysely';
import type { Db } from './db-handle.js';
import type { AlertOutboxTable, AlertStatus } from './schema.js';

export type { AlertStatus } from './schema.js';

/** An alert to enqueue: what `src/alerts` rules make of an event, one per matching channel. */
export interface AlertInput {
  readonly clusterId: bigint | null;
  readonly rule: string;
  readonly channel: string;
  readonly dedupKey: string;
  readonly payload: unknown;
}

/** One outbox row (see migration 0008). */
export interface StoredAlert {
  readonly id: bigint;
  readonly clusterId: bigint | null;
  readonly rule: string;
  readonly channel: string;
  readonly dedupKey: string;
  readonly payload: unknown;
  readonly status: AlertStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly lastError: string | null;
}

/**
 * Writes alerts to the outbox; one already there for the same channel and dedup key is left alone, so
 * enqueueing the same event twice (a second analysis of the same data) sends nothing new. Call it with
 * the transaction that records the event. Returns how many rows were new.
 */
export async function enqueueAlerts(db: Db, alerts: readonly AlertInput[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const rows = await db
    .insertInto('alert_outbox')
    .values(
      alerts.map((a) => ({
        cluster_id: a.clusterId,
        rule: a.rule,
        channel: a.channel,
        dedup_key: a.dedupKey,
        payload: JSON.stringify(a.payload),
      })),
    )
    .onConflict((oc) => oc.columns(['channel', 'dedup_key']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

export interface ClaimOptions {
  /** How long a claimed row is hidden from other deliverers: longer than one send may take. */
  readonly leaseMs: number;
  /** Most rows to look at per claim. */
  readonly limit: number;
  /** Sends each channel may still make now (its rate limit minus its recent attempts); absent: no limit. */
  readonly budget?: (channel: string) => number;
}

/**
 * Takes due pending alerts for sending: counts the attempt and moves `next_attempt_at` forward by the
 * lease, in one transaction with `FOR UPDATE SKIP LOCKED`, so two deliverers never take the same row
 * and a deliverer that dies mid-send leaves it to be retried when the lease runs out. Rows over a
 * channel's budget are left as they are (still pending, still due).
 */
export async function claimDueAlerts(db: Db, options: ClaimOptions): Promise<readonly StoredAlert[]> {
  const claim = async (trx: Db): Promise<readonly StoredAlert[]> => {
    const due = await trx
      .selectFrom('alert_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    const left = new Map<string, number>();
    const chosen = due.filter((row) => {
      if (options.budget === undefined) return true;
      const remaining = left.get(row.channel) ?? options.budget(row.channel);
      left.set(row.channel, remaining - 1);
      return remaining > 0;
    });
    if (chosen.length === 0) return [];
    const claimed = await trx
      .updateTable('alert_outbox')
      .set({
        attempts: sql<number>`attempts + 1`,
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${options.leaseMs / 1000})`,
      })
      .where(
        'id',
        'in',
        chosen.map((r) => r.id),
      )
      .returningAll()
      .execute();
    return claimed.map(fromRow).sort((a, b) => Number(a.id - b.id));
  };
  return db.isTransaction ? claim(db) : db.transaction().execute(claim);
}

export interface AttemptOutcome {
  readonly id: bigint;
  readonly channel: string;
  readonly ok: boolean;
  readonly httpStatus?: number | undefined;
  readonly error?: string | undefined;
  /** On failure: the row fails for good when its attempts reached this many. */
  readonly maxAttempts: number;
  /** On failure: wait this long before the next attempt. */
  readonly retryInMs: number;
}

/**
 * Records one attempt and moves its row on: sent on success; on failure pending again after the delay,
 * or failed once it used its attempts. A row no longer pending (a test send) only gets the attempt.
 */
export async function recordAlertAttempt(db: Db, outcome: AttemptOutcome): Promise<AlertStatus | undefined> {
  await db
    .insertInto('alert_attempts')
    .values({
      outbox_id: outcome.id,
      channel: outcome.channel,
      ok: outcome.ok,
      http_status: outcome.httpStatus ?? null,
      error: outcome.error ?? null,
    })
    .execute();
  const row = outcome.ok
    ? await db
        .updateTable('alert_outbox')
        .set({ status: 'sent', sent_at: sql<Date>`now()`, last_error: null })
        .where('id', '=', outcome.id)
        .where('status', '=', 'pending')
        .returning('status')
        .executeTakeFirst()
    : await db
        .updateTable('alert_outbox')
        .set({
          status: sql<AlertStatus>`CASE WHEN attempts >= ${outcome.maxAttempts} THEN 'failed' ELSE 'pending' END`,
          next_attempt_at: sql<Date>`now() + make_interval(secs => ${outcome.retryInMs / 1000})`,
          last_error: outcome.error ?? `HTTP ${outcome.httpStatus ?? '?'}`,
        })
        .where('id', '=', outcome.id)
        .where('status', '=', 'pending')
        .returning('status')
        .executeTakeFirst();
  return row?.status;
}

/** Attempts per channel since `windowMs` ago (database clock): what a rate limit counts. */
export async function recentAttemptCounts(db: Db, windowMs: number): Promise<ReadonlyMap<string, number>> {
  const rows = await db
    .selectFrom('alert_attempts')
    .select(['channel', sql<string>`count(*)`.as('n')])
    .where('attempted_at', '>', sql<Date>`now() - make_interval(secs => ${windowMs / 1000})`)
    .groupBy('channel')
    .execute();
  return new Map(rows.map((r) => [r.channel, Number(r.n)]));
}

/** Ms until the next pending alert is due (0 when one is due now); undefined when none is pending. */
export async function msUntilNextDue(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('alert_outbox')
    .select(
      // greatest() ignores a NULL: with no pending row min() is NULL and so must the answer be.
      sql<
        string | null
      >`(CASE WHEN count(*) = 0 THEN NULL ELSE greatest(0, extract(epoch FROM min(next_attempt_at) - now()) * 1000) END)::text`.as(
        'ms',
      ),
    )
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.ms === null || row?.ms === undefined ? undefined : Number(row.ms);
}

export interface ListAlertsOptions {
  readonly status?: AlertStatus;
  readonly limit?: number;
}

/** Outbox rows, the newest first. */
export async function listAlerts(db: Db, options: ListAlertsOptions = {}): Promise<readonly StoredAlert[]> {
  const rows = await db
    .selectFrom('alert_outbox')
    .selectAll()
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(fromRow);
}

function fromRow(r: Selectable<AlertOutboxTable>): StoredAlert {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    rule: r.rule,
    channel: r.channel,
    dedupKey: r.dedup_key,
    payload: r.payload,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
  };
}

/** Gives claimed rows back unsent (a deliverer out of time): due again now, the attempt uncounted. */
export async function releaseAlerts(db: Db, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_outbox')
    .set({ next_attempt_at: sql<Date>`now()`, attempts: sql<number>`greatest(attempts - 1, 0)` })
    .where('id', 'in', [...ids])
    .where('status', '=', 'pending')
    .execute();
}
