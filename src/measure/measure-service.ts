import type { StoredChange } from '../domain/change.js';
import type { Dataset } from '../domain/dataset.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import { InputError } from '../errors.js';
import { clusterIdOf } from '../recommend/recommend-service.js';
import { jobTimeRange } from '../store/analysis-snapshot-repository.js';
import {
  type Db,
  fingerprintsOfJobs,
  getRecommendation,
  listChanges,
  listMeasurements,
  loadDatasets,
  loadMeasuredRuns,
  loadShapeActivity,
  type MeasuredRun,
  type Store,
  type StoredRecommendation,
  saveMeasurement,
  setRecommendationStatus,
} from '../store/index.js';
import { readersOf, splitShapes } from './affected-shapes.js';
import { measureChange } from './measure-change.js';
import { type MeasurementSummary, summarizeMeasurements } from './measure-summary.js';
import {
  BEFORE_DAYS,
  MAX_AFTER_DAYS,
  MAX_BEFORE_DAYS,
  MAX_CONTROL_SHAPES,
  MIN_RUNS_BEFORE,
} from './thresholds.js';

const DAY_MS = 86_400_000;

export interface MeasureOptions {
  readonly clusterName?: string;
  /** Only the changes that carry out this recommendation. */
  readonly recommendationId?: string;
  /** Only this change. */
  readonly changeId?: bigint;
  /** Recorded as the measurement's time; the data decide everything else. */
  readonly measuredAt: Date;
  readonly signal?: AbortSignal;
}

/**
 * Measures every recorded change (or those of one recommendation) on the runs collected so far and
 * stores the result, replacing the previous measurement of each change: run it after every collection.
 */
export async function measureChanges(store: Store, options: MeasureOptions): Promise<StoredMeasurement[]> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const allChanges = await listChanges(store.db, { clusterId });
  const changes = allChanges.filter(
    (c) =>
      (options.changeId === undefined || c.id === options.changeId) &&
      (options.recommendationId === undefined || c.recommendationId === options.recommendationId),
  );
  const range = await jobTimeRange(store.db, clusterId);
  if (range === undefined) return [];
  const out: StoredMeasurement[] = [];
  for (const change of changes) {
    options.signal?.throwIfAborted();
    const others = allChanges.filter((c) => c.id !== change.id);
    const measurement = await measureOne(store.db, { clusterId, change, others, dataEnd: range.newest });
    const saved = await saveMeasurement(store.db, { clusterId, measurement, measuredAt: options.measuredAt });
    await markVerified(store.db, clusterId, saved, options.measuredAt);
    out.push(saved);
  }
  return out;
}

/** A verified measurement moves its applied recommendation to `verified`: the only way there. */
async function markVerified(db: Db, clusterId: bigint, m: StoredMeasurement, at: Date): Promise<boolean> {
  if (m.verdict !== 'verified' || m.recommendationId === null) return false;
  return setRecommendationStatus(db, {
    clusterId,
    id: m.recommendationId,
    from: 'applied',
    to: 'verified',
    actor: 'measurement',
    reason: `measurement ${m.id}: ${m.reason}`,
    at,
  });
}

async function affectedShapes(
  db: Db,
  options: {
    clusterId: bigint;
    change: StoredChange;
    others: readonly StoredChange[];
    recommendation: StoredRecommendation | null;
    from: Date;
    to: Date;
  },
): Promise<{ affected: string[]; unaffected: { fingerprint: string; runs: number }[] }> {
  const { clusterId, change } = options;
  const activity = await loadShapeActivity(db, { clusterId, from: options.from, to: options.to });
  const datasets = await loadDatasets(db, clusterId);
  const keys = change.datasetPath === null ? new Set<string>() : readersOf(change.datasetPath, datasets);
  const split = splitShapes(activity, keys);
  // A shape another change in the same windows touched is no control: it moved for its own reason.
  const touchedElsewhere = new Set<string>();
  for (const other of options.others) {
    if (other.effectiveTo < options.from || other.effectiveFrom > options.to) continue;
    if (other.kind === 'query-rewritten') touchedElsewhere.add(other.subject);
    if (other.datasetPath === null) continue;
    for (const s of splitShapes(split.unaffected, readersOf(other.datasetPath, datasets)).affected)
      touchedElsewhere.add(s.fingerprint);
  }
  const fromRecommendation =
    options.recommendation === null
      ? []
      : await fingerprintsOfJobs(db, { clusterId, jobIds: options.recommendation.jobIds });
  const affected =
    change.kind === 'query-rewritten'
      ? [change.subject, String(change.details.fingerprintAfter ?? '')].filter((f) => f !== '')
      : fromRecommendation.length > 0
        ? fromRecommendation
        : split.affected.map((s) => s.fingerprint);
  const excluded = new Set([...affected, ...split.affected.map((s) => s.fingerprint), ...touchedElsewhere]);
  const unaffected = split.unaffected.filter((s) => !excluded.has(s.fingerprint));
  return { affected, unaffected };
}

/** The nearest other change to the same data (or the same query shape) before and after this one. */
function neighbourBounds(
  change: StoredChange,
  others: readonly StoredChange[],
  datasets: ReadonlyMap<string, Dataset>,
): { readonly previous?: Date; readonly next?: Date } {
  const keys = change.datasetPath === null ? new Set<string>() : readersOf(change.datasetPath, datasets);
  let previous: Date | undefined;
  let next: Date | undefined;
  for (const other of others) {
    const related =
      (other.datasetPath !== null && [...readersOf(other.datasetPath, datasets)].some((k) => keys.has(k))) ||
      (other.kind === 'query-rewritten' &&
        change.kind === 'query-rewritten' &&
        other.subject === change.subject);
    // A second record of this very change (say, detected long after the apply) bounds nothing.
    if (!related || (other.kind === change.kind && other.subject === change.subject)) continue;
    if (other.effectiveTo <= change.effectiveFrom && (previous === undefined || other.effectiveTo > previous))
      previous = other.effectiveTo;
    if (other.effectiveFrom >= change.effectiveTo && (next === undefined || other.effectiveFrom < next))
      next = other.effectiveFrom;
  }
  return { ...(previous === undefined ? {} : { previous }), ...(next === undefined ? {} : { next }) };
}

async function measureOne(
  db: Db,
  options: { clusterId: bigint; change: StoredChange; others: readonly StoredChange[]; dataEnd: Date },
) {
  const { clusterId, change, dataEnd } = options;
  const recommendation =
    change.recommendationId === null
      ? null
      : ((await getRecommendation(db, { clusterId, id: change.recommendationId })) ?? null);
  // Another change to the same data bounds the windows: runs across it would measure both.
  const bounds = neighbourBounds(change, options.others, await loadDatasets(db, clusterId));
  const afterEnd = new Date(
    Math.min(
      dataEnd.getTime() + 1,
      change.effectiveTo.getTime() + MAX_AFTER_DAYS * DAY_MS,
      bounds.next?.getTime() ?? Number.POSITIVE_INFINITY,
    ),
  );
  const floor = bounds.previous?.getTime() ?? Number.NEGATIVE_INFINITY;
  const widest = new Date(Math.max(change.effectiveFrom.getTime() - MAX_BEFORE_DAYS * DAY_MS, floor));
  const { affected, unaffected } = await affectedShapes(db, {
    clusterId,
    change,
    others: options.others,
    recommendation,
    from: widest,
    to: afterEnd,
  });
  const runs = (from: Date, to: Date, fingerprints: readonly string[], newest: boolean) =>
    loadMeasuredRuns(db, { clusterId, fingerprints, from, to, newest });
  const beforeShapes = change.kind === 'query-rewritten' ? [change.subject] : affected;
  const afterShapes =
    change.kind === 'query-rewritten' ? affected.filter((f) => f !== change.subject) : affected;
  let beforeStart = new Date(Math.max(change.effectiveFrom.getTime() - BEFORE_DAYS * DAY_MS, floor));
  let before = await runs(beforeStart, change.effectiveFrom, beforeShapes, true);
  if (before.filter((r) => r.state === 'COMPLETED').length < MIN_RUNS_BEFORE * 3) {
    beforeStart = widest;
    before = await runs(beforeStart, change.effectiveFrom, beforeShapes, true);
  }
  const after = await runs(change.effectiveTo, afterEnd, afterShapes, false);
  const during =
    change.effectiveTo > change.effectiveFrom
      ? (await runs(change.effectiveFrom, change.effectiveTo, affected, false)).length
      : 0;
  const control = unaffected
    .sort((a, b) => b.runs - a.runs || a.fingerprint.localeCompare(b.fingerprint))
    .slice(0, MAX_CONTROL_SHAPES)
    .map((s) => s.fingerprint);
  const controlBefore = await runs(beforeStart, change.effectiveFrom, control, true);
  const controlAfter = await runs(change.effectiveTo, afterEnd, control, false);
  const rewrittenTo = change.kind === 'query-rewritten' ? new Set(afterShapes) : undefined;
  return measureChange({
    change,
    recommendation:
      recommendation === null
        ? null
        : {
            id: recommendation.id,
            kind: recommendation.kind,
            estimatedSavingsMsPerDay: recommendation.estimatedSavingsMsPerDay,
          },
    before,
    after,
    duringChange: during,
    controlBefore,
    controlAfter,
    beforeWindow: { start: beforeStart, end: change.effectiveFrom },
    afterWindow: { start: change.effectiveTo, end: afterEnd },
    dataEnd,
    ...(rewrittenTo === undefined
      ? {}
      : {
          comparedWith: (r: MeasuredRun) => (rewrittenTo.has(r.fingerprint) ? change.subject : r.fingerprint),
        }),
  });
}

export interface ListOptions {
  readonly clusterName?: string;
}

export async function listStoredMeasurements(
  store: Store,
  options: ListOptions = {},
): Promise<StoredMeasurement[]> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  return listMeasurements(store.db, { clusterId });
}

/** A measurement by its id, or the latest one of the recommendation with that id. */
export async function showMeasurement(
  store: Store,
  options: { readonly clusterName?: string; readonly id: string },
): Promise<StoredMeasurement> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const byId = /^\d+$/.test(options.id)
    ? await listMeasurements(store.db, { clusterId, id: BigInt(options.id) })
    : [];
  const found = byId[0] ?? (await listMeasurements(store.db, { clusterId, recommendationId: options.id }))[0];
  if (found !== undefined) return found;
  throw new InputError(`no measurement ${options.id}`, {
    code: 'MEASUREMENT_UNKNOWN',
    hint: 'list them with `dremio-optimizer measure list`; a recommendation is measured once it is applied',
  });
}

export async function measurementSummary(
  store: Store,
  options: { readonly clusterName?: string; readonly days: number },
): Promise<MeasurementSummary> {
  return summarizeMeasurements(await listStoredMeasurements(store, options), options.days);
}

export interface VerifyResult {
  readonly measurement: StoredMeasurement;
  readonly recommendation: StoredRecommendation;
  /** The recommendation moved from applied to verified by this measurement. */
  readonly verifiedNow: boolean;
}

/**
 * Measures an applied recommendation's change and, when the measurement verifies it, marks it
 * `verified` — the only way a recommendation becomes verified. A recommendation applied outside the
 * product must first be marked applied with the time it took effect.
 */
export async function verifyRecommendation(
  store: Store,
  options: { readonly clusterName?: string; readonly id: string; readonly measuredAt: Date },
): Promise<VerifyResult> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const rec = await getRecommendation(store.db, { clusterId, id: options.id });
  if (rec === undefined)
    throw new InputError(`no recommendation ${options.id}`, {
      code: 'RECOMMENDATION_UNKNOWN',
      hint: 'list them with `dremio-optimizer recommendations list`',
    });
  if (rec.status !== 'applied' && rec.status !== 'verified')
    throw new InputError(
      `recommendation ${rec.id} is ${rec.status}; only an applied change can be measured`,
      {
        code: 'RECOMMENDATION_STATUS',
        hint: 'apply it with `recommendations apply ID --confirm`, or, if it was done by hand, mark it with `recommendations applied ID --at TIME`',
      },
    );
  const measured = await measureChanges(store, {
    ...(options.clusterName === undefined ? {} : { clusterName: options.clusterName }),
    recommendationId: rec.id,
    measuredAt: options.measuredAt,
  });
  const measurement = measured.sort(
    (a, b) => b.change.effectiveTo.getTime() - a.change.effectiveTo.getTime(),
  )[0];
  if (measurement === undefined)
    throw new InputError(`recommendation ${rec.id} is applied but no change of it is recorded`, {
      code: 'MEASUREMENT_NO_CHANGE',
      hint: 'mark when it took effect with `recommendations applied ID --at TIME`, or collect so the change is detected',
    });
  const verifiedNow =
    rec.status === 'applied' && measurement.verdict === 'verified'
      ? (await getRecommendation(store.db, { clusterId, id: rec.id }))?.status === 'verified'
      : false;
  const after = (await getRecommendation(store.db, { clusterId, id: rec.id })) ?? rec;
  return { measurement, recommendation: after, verifiedNow };
}
