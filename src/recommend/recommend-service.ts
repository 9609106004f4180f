import type { WorkloadSnapshot } from '../analysis/detector.js';
import type { StoredChange } from '../domain/change.js';
import type { Finding } from '../domain/finding.js';
import { canTransition, type Recommendation, type RecommendationStatus } from '../domain/recommendation.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { withSpan } from '../observe/span.js';
import { changeOfRecommendation } from '../sources/recommendation-change.js';
import {
  type Db,
  findCluster,
  getRecommendation,
  listChanges,
  listClusters,
  listMeasurements,
  listRecommendations,
  loadClosableRecommendations,
  loadDatasets,
  loadRecommendationStatuses,
  recommendationHistory,
  recordChange,
  type StatusChange,
  type Store,
  type StoredRecommendation,
  saveRecommendations,
  setRecommendationStatus,
} from '../store/index.js';
import { measuredHistoryOf } from './measured-history.js';
import { type RecommendOptions, recommendWithReflectionSet } from './recommend.js';
import type { LeftOutReflection } from './reflection-set/plan.js';
import { type Closing, staleRecommendations } from './stale-recommendations.js';
import { checkCatalogPath, checkStatementTarget } from './statement-target.js';
import { validateRecommendationSql } from './validate-sql.js';
import { workloadManagementOf } from './workload-management-edition.js';

export interface RecommendAndSaveOptions extends Omit<RecommendOptions, 'statuses'> {
  readonly clusterId: bigint;
  readonly findings: readonly Finding[];
  readonly snapshot: WorkloadSnapshot;
  readonly at: Date;
  /** Compute with the stored statuses but write nothing. */
  readonly dryRun?: boolean;
  /** Told which reflections the workload's set left out (budget, not worth it, already served). */
  readonly onReflectionsLeftOut?: (leftOut: readonly LeftOutReflection[]) => void;
  /** Told which changes were left out because they cost more than they save, with their numbers. */
  readonly onNotWorthIt?: (recs: readonly Recommendation[]) => void;
}

/**
 * Recommends from an analysis' findings and records the result: new recommendations start `pending`,
 * known ones keep the status the user gave them (the id is a hash of kind and target).
 */
export function recommendAndSave(store: Store, options: RecommendAndSaveOptions): Promise<Recommendation[]> {
  return withSpan('recommendation.generate', { findings: options.findings.length }, async (span) => {
    const recs = await generateAndSave(store, options);
    span.setAttribute('recommendations', recs.length);
    return recs;
  });
}

async function generateAndSave(store: Store, options: RecommendAndSaveOptions): Promise<Recommendation[]> {
  const statuses = reopened(await loadRecommendationStatuses(store.db, options.clusterId));
  const cluster = (await listClusters(store.db)).find((c) => c.id === options.clusterId);
  const workloadManagement = cluster === undefined ? undefined : workloadManagementOf(cluster);
  const snapshot = await withStoredChanges(store.db, options);
  const measuredHistory = measuredHistoryOf(
    await listMeasurements(store.db, { clusterId: options.clusterId }),
  );
  const {
    recommendations: recs,
    reflectionsLeftOut,
    notWorthIt,
  } = recommendWithReflectionSet(options.findings, snapshot, {
    ...options,
    statuses,
    measuredHistory,
    ...(workloadManagement === undefined ? {} : { workloadManagement }),
    ...(cluster === undefined
      ? {}
      : { cluster: { kind: cluster.kind, version: cluster.version, edition: cluster.edition } }),
  });
  options.onReflectionsLeftOut?.(reflectionsLeftOut);
  options.onNotWorthIt?.(notWorthIt);
  if (options.dryRun !== true) {
    await store.db.transaction().execute((trx) => saveAndClose(trx, { ...options, recommendations: recs }));
  }
  return recs;
}

/** The snapshot with the changes the store recorded, so advice on a regression can name them. */
async function withStoredChanges(db: Db, options: RecommendAndSaveOptions): Promise<WorkloadSnapshot> {
  if (options.snapshot.changes !== undefined) return options.snapshot;
  return { ...options.snapshot, changes: await listChanges(db, { clusterId: options.clusterId }) };
}

/** A closed recommendation that the analysis makes again comes back as pending (saveRecommendations records it). */
function reopened(statuses: Map<string, RecommendationStatus>): Map<string, RecommendationStatus> {
  return new Map([...statuses].map(([id, s]) => [id, s === 'closed' ? 'pending' : s]));
}

/**
 * Stores what the analysis made, then closes, with the reason, the stored recommendations it no longer
 * makes although it covered what they rest on (see staleRecommendations). The findings of this analysis
 * are already stored and resolved by then, so their status is this run's verdict.
 */
async function saveAndClose(
  db: Db,
  options: RecommendAndSaveOptions & { readonly recommendations: readonly Recommendation[] },
): Promise<readonly Closing[]> {
  const { clusterId, at } = options;
  await saveRecommendations(db, {
    clusterId,
    recommendations: options.recommendations,
    at,
    actor: 'analyze',
  });
  const closings = staleRecommendations({
    candidates: await loadClosableRecommendations(db, clusterId),
    madeIds: new Set(options.recommendations.map((r) => r.id)),
    reportedFindingIds: new Set(options.findings.map((f) => f.id)),
  });
  for (const c of closings)
    await setRecommendationStatus(db, {
      clusterId,
      id: c.id,
      from: c.from,
      to: 'closed',
      actor: 'analyze',
      reason: c.reason,
      at,
    });
  return closings;
}

/**
 * The id of the named cluster, or of the only one when no name is given. Unknown name → NotFoundError
 * on field `cluster`; several clusters and no name → InvalidInputError on `cluster` listing them.
 */
export async function clusterIdOf(db: Db, name: string | undefined): Promise<bigint> {
  if (name !== undefined) {
    const cluster = await findCluster(db, name);
    if (cluster !== undefined) return cluster.id;
    throw new NotFoundError(`no cluster named "${name}" in the store`, {
      code: 'CLUSTER_UNKNOWN',
      entity: 'cluster',
      id: name,
      field: 'cluster',
    });
  }
  const clusters = await listClusters(db);
  if (clusters.length === 1) return clusters[0]!.id;
  if (clusters.length === 0)
    throw new NotFoundError('the store holds no cluster yet', {
      code: 'CLUSTER_UNKNOWN',
      entity: 'cluster',
      id: '',
      field: 'cluster',
      hint: 'collect or import, then analyze first',
    });
  const names = clusters.map((c) => c.name).join(', ');
  throw new InvalidInputError(`the store holds several clusters (${names}); say which`, {
    code: 'CLUSTER_UNKNOWN',
    problems: [{ field: 'cluster', expected: `one of: ${names}` }],
    hint: `set cluster to one of: ${names}`,
  });
}

export interface ListOptions {
  readonly clusterName?: string;
  readonly statuses?: readonly RecommendationStatus[];
}

/** Stored recommendations, largest net benefit first. */
export async function listStoredRecommendations(
  store: Store,
  options: ListOptions = {},
): Promise<StoredRecommendation[]> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  return listRecommendations(store.db, {
    clusterId,
    ...(options.statuses ? { statuses: options.statuses } : {}),
  });
}

export interface RecommendationDetail {
  readonly recommendation: StoredRecommendation;
  readonly history: readonly StatusChange[];
}

export async function showRecommendation(
  store: Store,
  options: { readonly clusterName?: string; readonly id: string },
): Promise<RecommendationDetail> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const recommendation = await mustGet(store.db, clusterId, options.id);
  return { recommendation, history: await recommendationHistory(store.db, { clusterId, id: options.id }) };
}

async function mustGet(db: Db, clusterId: bigint, id: string): Promise<StoredRecommendation> {
  const rec = await getRecommendation(db, { clusterId, id });
  if (rec !== undefined) return rec;
  throw new NotFoundError(`no recommendation ${id}`, {
    code: 'RECOMMENDATION_UNKNOWN',
    entity: 'recommendation',
    id,
    field: 'id',
  });
}

export interface ChangeStatusOptions {
  readonly clusterName?: string;
  readonly id: string;
  readonly to: RecommendationStatus;
  readonly actor: string | null;
  readonly reason: string | null;
  readonly at: Date;
  /** Check that the step is allowed and return the recommendation as it is, writing nothing. */
  readonly dryRun?: boolean;
}

/** One lifecycle step (accept, reject, dismiss, verify), recorded with who, when and why. */
export async function changeRecommendationStatus(
  store: Store,
  options: ChangeStatusOptions,
): Promise<RecommendationDetail> {
  if (options.to === 'verified')
    throw new InvalidInputError('verified is set by a measurement, not by hand', {
      code: 'RECOMMENDATION_STATUS',
      problems: [{ field: 'to', value: options.to, expected: 'accepted, rejected, dismissed or pending' }],
      hint: 'verify the recommendation: a measurement that shows the gain marks it verified',
    });
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  await store.db.transaction().execute(async (trx) => {
    const rec = await mustGet(trx, clusterId, options.id);
    if (options.dryRun === true) allowed(rec, options.to);
    else await step(trx, { clusterId, rec, ...options });
  });
  return showRecommendation(store, options);
}

function allowed(rec: StoredRecommendation, to: RecommendationStatus): void {
  if (canTransition(rec.status, to)) return;
  throw new ConflictError(`recommendation ${rec.id} is ${rec.status}; it cannot become ${to}`, {
    code: 'RECOMMENDATION_STATUS',
    field: 'to',
    hint: 'the lifecycle is pending → accepted → applied → verified, or rejected / dismissed',
  });
}

async function step(
  db: Db,
  options: { clusterId: bigint; rec: StoredRecommendation } & Omit<ChangeStatusOptions, 'clusterName' | 'id'>,
): Promise<void> {
  const { rec } = options;
  allowed(rec, options.to);
  const moved = await setRecommendationStatus(db, {
    clusterId: options.clusterId,
    id: rec.id,
    from: rec.status,
    to: options.to,
    actor: options.actor,
    reason: options.reason,
    at: options.at,
  });
  if (!moved)
    throw new ConflictError(`recommendation ${rec.id} changed meanwhile; try again`, {
      code: 'RECOMMENDATION_STATUS',
    });
}

export interface ApplyOptions {
  readonly clusterName?: string;
  readonly id: string;
  /** Nothing runs without it: recommendations are never applied behind the user's back. */
  readonly confirm: boolean;
  readonly actor: string | null;
  readonly at: () => Date;
  /**
   * Runs one statement on Dremio (the SQL API); resolves once the job completed, with the end time
   * Dremio reports for it (its clock, which dates the change; ours may differ).
   */
  readonly execute: (
    sql: string,
  ) => Promise<{ readonly jobId: string; readonly endedAt: string | undefined }>;
}

export interface ApplyResult extends RecommendationDetail {
  readonly jobId: string;
  /** The change recorded; undefined when Dremio reported no end time (the next collection dates it). */
  readonly change: StoredChange | undefined;
}

/**
 * Runs a recommendation's statement on Dremio and records it as applied (accepting it first when it
 * was pending). Refuses without `confirm`, for kinds without SQL, for SQL our validator rejects, and for
 * a statement that does not act on the recommendation's own target (an edited row).
 */
export async function applyRecommendation(store: Store, options: ApplyOptions): Promise<ApplyResult> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const rec = await mustGet(store.db, clusterId, options.id);
  if (rec.sql === null)
    throw new ConflictError(`recommendation ${rec.id} (${rec.kind}) has no statement to run`, {
      code: 'RECOMMENDATION_NO_SQL',
      hint: rec.action,
    });
  const valid = validateRecommendationSql(rec.kind, rec.sql);
  if (!valid.ok)
    throw new ConflictError(`recommendation ${rec.id} carries SQL our validator rejects: ${valid.message}`, {
      code: 'RECOMMENDATION_INVALID_SQL',
    });
  const onTarget = checkStatementTarget(rec);
  if (!onTarget.ok)
    throw new ConflictError(`recommendation ${rec.id} was not applied: ${onTarget.message}`, {
      code: 'RECOMMENDATION_TARGET_MISMATCH',
      hint: 'its stored statement or target was changed after analysis; analyze again to rebuild it from the target',
    });
  const inCatalog = checkCatalogPath(rec.sql, await loadDatasets(store.db, clusterId));
  if (!inCatalog.ok)
    throw new ConflictError(`recommendation ${rec.id} was not applied: ${inCatalog.message}`, {
      code: 'RECOMMENDATION_TARGET_MISMATCH',
      hint: 'analyze again to rebuild it from the catalog parts',
    });
  if (!options.confirm)
    throw new ConflictError(`refusing to run without confirm:\n${rec.sql}`, {
      code: 'CONFIRM_REQUIRED',
      field: 'confirm',
      hint: `read the statement, then apply ${rec.id} again with confirm set`,
    });
  if (rec.status !== 'pending' && rec.status !== 'accepted')
    throw new ConflictError(
      `recommendation ${rec.id} is ${rec.status}; only pending or accepted ones are applied`,
      { code: 'RECOMMENDATION_STATUS' },
    );
  if (rec.status === 'pending')
    await step(store.db, {
      clusterId,
      rec,
      to: 'accepted',
      actor: options.actor,
      reason: 'accepted by a confirmed apply',
      at: options.at(),
    });
  const { jobId, endedAt } = await options.execute(rec.sql);
  const accepted = await mustGet(store.db, clusterId, rec.id);
  const effectiveAt = dremioTime(endedAt);
  const change = await store.db.transaction().execute(async (trx) => {
    await step(trx, {
      clusterId,
      rec: accepted,
      to: 'applied',
      actor: options.actor,
      reason: `Dremio job ${jobId}`,
      at: options.at(),
    });
    if (effectiveAt === undefined) return undefined;
    return recordChange(trx, {
      clusterId,
      change: changeOfRecommendation(rec, { origin: 'product', effectiveAt, jobId }),
      detectedAt: options.at(),
    });
  });
  return { ...(await showRecommendation(store, options)), jobId, change };
}

export interface MarkAppliedOptions {
  readonly clusterName?: string;
  readonly id: string;
  /** When the change took effect, as the user states it; measurements split the workload there. */
  readonly effectiveAt: Date;
  readonly actor: string | null;
  readonly reason: string | null;
  /** When the user said so (the status history's time). */
  readonly at: Date;
}

export interface MarkAppliedResult extends RecommendationDetail {
  readonly change: StoredChange;
}

/**
 * Records that the user applied a recommendation themselves (any kind, including workload-management
 * changes made in Dremio's UI): pending steps through accepted, as with apply, and the change is
 * recorded with origin `user`, effective at the time the user gives.
 */
export async function markRecommendationApplied(
  store: Store,
  options: MarkAppliedOptions,
): Promise<MarkAppliedResult> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const change = await store.db.transaction().execute(async (trx) => {
    const rec = await mustGet(trx, clusterId, options.id);
    if (rec.status !== 'pending' && rec.status !== 'accepted')
      throw new ConflictError(
        `recommendation ${rec.id} is ${rec.status}; only pending or accepted ones are marked applied`,
        { code: 'RECOMMENDATION_STATUS' },
      );
    const common = { clusterId, actor: options.actor, at: options.at };
    if (rec.status === 'pending')
      await step(trx, { ...common, rec, to: 'accepted', reason: 'accepted when marked applied' });
    const accepted = await mustGet(trx, clusterId, rec.id);
    await step(trx, {
      ...common,
      rec: accepted,
      to: 'applied',
      reason: options.reason ?? `applied by hand, effective ${options.effectiveAt.toISOString()}`,
    });
    return recordChange(trx, {
      clusterId,
      change: changeOfRecommendation(rec, {
        origin: 'user',
        effectiveAt: options.effectiveAt,
        jobId: null,
        ...(options.reason === null ? {} : { details: { reason: options.reason } }),
      }),
      detectedAt: options.at,
    });
  });
  return { ...(await showRecommendation(store, options)), change };
}

/** A time as Dremio's job status prints it: ISO text, or epoch milliseconds on some versions. */
function dremioTime(text: string | undefined): Date | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const at = /^\d+$/.test(text.trim()) ? new Date(Number(text)) : new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
