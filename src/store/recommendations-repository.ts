import { type Selectable, sql } from 'kysely';
import type {
  EstimatedCost,
  PayoffMethod,
  Recommendation,
  RecommendationEvidence,
  RecommendationKind,
  RecommendationRisk,
  RecommendationStatus,
  RecommendationStatusChange,
  RecommendationTarget,
} from '../domain/recommendation.js';
import type { Db } from './db-handle.js';
import type { RecommendationsTable } from './schema.js';

/** A recommendation as stored: the latest estimate, its lifecycle status and when it was applied. */
export interface StoredRecommendation extends Recommendation {
  readonly appliedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type StatusChange = RecommendationStatusChange;

export interface SaveRecommendationsOptions {
  readonly clusterId: bigint;
  readonly recommendations: readonly Recommendation[];
  readonly at: Date;
  /** Recorded as the actor of the `pending` history row of new recommendations. */
  readonly actor: string;
}

/** Statuses recorded for this cluster, by id, so a new analysis keeps what the user decided. */
export async function loadRecommendationStatuses(
  db: Db,
  clusterId: bigint,
): Promise<Map<string, RecommendationStatus>> {
  const rows = await db
    .selectFrom('recommendations')
    .select(['id', 'status'])
    .where('cluster_id', '=', clusterId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.status as RecommendationStatus]));
}

/**
 * Inserts new recommendations (with a `pending` history row) and refreshes the estimates of known ones.
 * A known recommendation keeps the status the user gave it, except a `closed` one: the analysis makes it
 * again, so it reopens as `pending` (with a history row). Returns how many were new.
 */
export async function saveRecommendations(db: Db, options: SaveRecommendationsOptions): Promise<number> {
  if (options.recommendations.length === 0) return 0;
  const known = await loadRecommendationStatuses(db, options.clusterId);
  let inserted = 0;
  for (const rec of options.recommendations) {
    const row = toRow(rec);
    if (known.has(rec.id)) {
      await db
        .updateTable('recommendations')
        .set({ ...row, updated_at: options.at })
        .where('cluster_id', '=', options.clusterId)
        .where('id', '=', rec.id)
        .execute();
      if (known.get(rec.id) === 'closed')
        await setRecommendationStatus(db, {
          clusterId: options.clusterId,
          id: rec.id,
          from: 'closed',
          to: 'pending',
          actor: options.actor,
          reason: 'recommended again by analysis',
          at: options.at,
        });
      continue;
    }
    await db
      .insertInto('recommendations')
      .values({
        ...row,
        cluster_id: options.clusterId,
        id: rec.id,
        status: 'pending',
        created_at: options.at,
        updated_at: options.at,
      })
      .execute();
    await db
      .insertInto('recommendation_status_history')
      .values({
        cluster_id: options.clusterId,
        recommendation_id: rec.id,
        from_status: null,
        to_status: 'pending',
        actor: options.actor,
        reason: 'recommended by analysis',
        at: options.at,
      })
      .execute();
    inserted++;
  }
  return inserted;
}

function toRow(rec: Recommendation) {
  return {
    kind: rec.kind,
    title: rec.title,
    sql: rec.sql,
    target: JSON.stringify(rec.target),
    finding_ids: rec.findingIds,
    job_ids: rec.jobIds,
    estimated_savings_ms_per_day: rec.estimatedSavingsMsPerDay,
    estimated_cost: JSON.stringify(rec.estimatedCost),
    net_benefit_ms_per_day: rec.netBenefitMsPerDay,
    confidence: rec.confidence,
    method: rec.method,
    details: JSON.stringify({
      action: rec.action,
      rationale: rec.rationale,
      risk: rec.risk,
      evidence: rec.evidence,
    }),
  };
}

export interface ListRecommendationsOptions {
  readonly clusterId: bigint;
  readonly statuses?: readonly RecommendationStatus[];
}

/** Largest net benefit first. */
export async function listRecommendations(
  db: Db,
  options: ListRecommendationsOptions,
): Promise<StoredRecommendation[]> {
  let query = db.selectFrom('recommendations').selectAll().where('cluster_id', '=', options.clusterId);
  if (options.statuses !== undefined && options.statuses.length > 0)
    query = query.where('status', 'in', [...options.statuses]);
  const rows = await query.orderBy('net_benefit_ms_per_day', 'desc').orderBy('id').execute();
  return rows.map(fromRow);
}

/** Per status: how many recommendations of the cluster have it and the sum of their net saving. */
export async function recommendationStatusTotals(
  db: Db,
  clusterId: bigint,
): Promise<
  readonly {
    readonly status: RecommendationStatus;
    readonly count: number;
    readonly netBenefitMsPerDay: number;
  }[]
> {
  const rows = await db
    .selectFrom('recommendations')
    .select([
      'status',
      (eb) => eb.fn.countAll<bigint>().as('n'),
      sql<number>`coalesce(sum(net_benefit_ms_per_day), 0)::float8`.as('net'),
    ])
    .where('cluster_id', '=', clusterId)
    .groupBy('status')
    .execute();
  return rows.map((r) => ({
    status: r.status as RecommendationStatus,
    count: Number(r.n),
    netBenefitMsPerDay: Number(r.net),
  }));
}

export async function getRecommendation(
  db: Db,
  options: { readonly clusterId: bigint; readonly id: string },
): Promise<StoredRecommendation | undefined> {
  const row = await db
    .selectFrom('recommendations')
    .selectAll()
    .where('cluster_id', '=', options.clusterId)
    .where('id', '=', options.id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export interface SetStatusOptions {
  readonly clusterId: bigint;
  readonly id: string;
  readonly from: RecommendationStatus;
  readonly to: RecommendationStatus;
  readonly actor: string | null;
  readonly reason: string | null;
  readonly at: Date;
}

/**
 * Moves one recommendation from `from` to `to` and records who, when and why. Returns false (and
 * changes nothing) when its status is no longer `from`, so two concurrent changes cannot both win.
 */
export async function setRecommendationStatus(db: Db, options: SetStatusOptions): Promise<boolean> {
  const updated = await db
    .updateTable('recommendations')
    .set({
      status: options.to,
      updated_at: options.at,
      ...(options.to === 'applied' ? { applied_at: options.at } : {}),
    })
    .where('cluster_id', '=', options.clusterId)
    .where('id', '=', options.id)
    .where('status', '=', options.from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await db
    .insertInto('recommendation_status_history')
    .values({
      cluster_id: options.clusterId,
      recommendation_id: options.id,
      from_status: options.from,
      to_status: options.to,
      actor: options.actor,
      reason: options.reason,
      at: options.at,
    })
    .execute();
  return true;
}

export async function recommendationHistory(
  db: Db,
  options: { readonly clusterId: bigint; readonly id: string },
): Promise<StatusChange[]> {
  const rows = await db
    .selectFrom('recommendation_status_history')
    .select(['from_status', 'to_status', 'actor', 'reason', 'at'])
    .where('cluster_id', '=', options.clusterId)
    .where('recommendation_id', '=', options.id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    fromStatus: r.from_status as RecommendationStatus | null,
    toStatus: r.to_status as RecommendationStatus,
    actor: r.actor,
    reason: r.reason,
    at: new Date(r.at),
  }));
}

function jsonOf<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function fromRow(row: Selectable<RecommendationsTable>): StoredRecommendation {
  const details = jsonOf<{
    action?: string;
    rationale?: string;
    risk?: RecommendationRisk;
    evidence?: RecommendationEvidence;
  }>(row.details);
  return {
    id: row.id,
    kind: row.kind as RecommendationKind,
    title: row.title,
    sql: row.sql,
    action: details.action ?? '',
    target: jsonOf<RecommendationTarget>(row.target),
    findingIds: row.finding_ids,
    jobIds: row.job_ids,
    estimatedSavingsMsPerDay: row.estimated_savings_ms_per_day,
    estimatedCost: jsonOf<EstimatedCost>(row.estimated_cost),
    netBenefitMsPerDay: row.net_benefit_ms_per_day,
    confidence: row.confidence,
    method: (row.method ?? 'operator-time-share') as PayoffMethod,
    rationale: details.rationale ?? '',
    // Rows written before risk and evidence were recorded carry neither.
    risk: details.risk ?? { level: 'low', note: 'not recorded when this recommendation was made' },
    evidence: details.evidence ?? {},
    status: row.status,
    appliedAt: row.applied_at === null ? null : new Date(row.applied_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Statuses an analysis may close; applied and verified ones are judged by their measurement instead. */
export const CLOSABLE_STATUSES = [
  'pending',
  'accepted',
  'rejected',
  'dismissed',
] as const satisfies readonly RecommendationStatus[];

/** A closable recommendation with the store's status of each finding it rests on (null: not stored). */
export interface ClosableRecommendation {
  readonly id: string;
  readonly status: (typeof CLOSABLE_STATUSES)[number];
  readonly findings: readonly { readonly id: string; readonly status: 'open' | 'resolved' | null }[];
}

export async function loadClosableRecommendations(
  db: Db,
  clusterId: bigint,
): Promise<ClosableRecommendation[]> {
  const recs = await db
    .selectFrom('recommendations')
    .select(['id', 'status', 'finding_ids'])
    .where('cluster_id', '=', clusterId)
    .where('status', 'in', [...CLOSABLE_STATUSES])
    .orderBy('id')
    .execute();
  const ids = [...new Set(recs.flatMap((r) => r.finding_ids))];
  const findings =
    ids.length === 0
      ? []
      : await db
          .selectFrom('findings')
          .select(['id', 'status'])
          .where('cluster_id', '=', clusterId)
          .where(sql<boolean>`id = ANY(${sql.val(ids)}::text[])`)
          .execute();
  const statusOf = new Map(findings.map((f) => [f.id, f.status as 'open' | 'resolved']));
  return recs.map((r) => ({
    id: r.id,
    status: r.status as ClosableRecommendation['status'],
    findings: r.finding_ids.map((id) => ({ id, status: statusOf.get(id) ?? null })),
  }));
}
