import type { StoredChange } from '../domain/change.js';
import type { Dataset } from '../domain/dataset.js';
import { datasetPathKey } from '../domain/dataset-path.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Logger } from '../log/index.js';
import { withSpan } from '../observe/span.js';
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
  /** Where each verdict is logged (event `measurement.verdict`); default nowhere. */
  readonly logger?: Pick<Logger, 'info'>;
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
    const attributes = { change_kind: change.kind };
    const saved = await withSpan('measurement.record', attributes, async (span) => {
      const measurement = await measureOne(store.db, { clusterId, change, others, dataEnd: range.newest });
      const stored = await saveMeasurement(store.db, {
        clusterId,
        measurement,
        measuredAt: options.measuredAt,
      });
      await markVerified(store.db, clusterId, stored, options.measuredAt);
      span.setAttribute('verdict', stored.verdict);
      return stored;
    });
    options.logger?.info(
      {
        event: 'measurement.verdict',
        verdict: saved.verdict,
        measurement: saved.id.toString(),
        change: change.id.toString(),
        recommendation: saved.recommendationId,
      },
      `measurement: ${saved.verdict}`,
    );
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

const REFLECTION_KINDS: ReadonlySet<string> = new Set([
  'reflection-created',
  'reflection-dropped',
  'reflection-enabled',
  'reflection-disabled',
]);
/** A shape a reflection change serves (or stops serving) moves its accelerated share by this much. */
const ACCELERATION_SHIFT = 0.5;
/** Changes closer than this cannot be told apart: they are measured together, not used as bounds. */
const CONCURRENT_MS = 3_600_000;

interface Shapes {
  /** Candidate shapes the change may affect, with the dataset keys each reads. */
  readonly candidates: ReadonlyMap<string, readonly string[]>;
  /** The recommendation's own shapes: always measured. */
  readonly fromRecommendation: ReadonlySet<string>;
  /** Control candidates: shapes reading none of the changed data, nor data another change touched. */
  readonly unaffected: readonly { fingerprint: string; runs: number }[];
  readonly datasets: ReadonlyMap<string, Dataset>;
}

/**
 * Who a change may affect: the recommendation's shapes and every shape reading the dataset or a view
 * over it (a rewritten table or a new partition field changes every reader's scans); a rewritten query
 * compares its old shape with its new one.
 */
async function candidateShapes(
  db: Db,
  options: {
    clusterId: bigint;
    change: StoredChange;
    others: readonly StoredChange[];
    recommendation: StoredRecommendation | null;
    from: Date;
    to: Date;
  },
): Promise<Shapes> {
  const { clusterId, change } = options;
  const activity = await loadShapeActivity(db, { clusterId, from: options.from, to: options.to });
  const datasets = await loadDatasets(db, clusterId);
  const keys = change.datasetPath === null ? new Set<string>() : readersOf(change.datasetPath, datasets);
  const split = splitShapes(activity, keys);
  const touchedElsewhere = new Set<string>();
  for (const other of options.others) {
    if (other.effectiveTo < options.from || other.effectiveFrom > options.to) continue;
    if (other.kind === 'query-rewritten') touchedElsewhere.add(other.subject);
    if (other.datasetPath === null) continue;
    for (const s of splitShapes(split.unaffected, readersOf(other.datasetPath, datasets)).affected)
      touchedElsewhere.add(s.fingerprint);
  }
  const fromRecommendation = new Set(
    options.recommendation === null
      ? []
      : await fingerprintsOfJobs(db, { clusterId, jobIds: options.recommendation.jobIds }),
  );
  const datasetsOf = new Map(activity.map((a) => [a.fingerprint, a.datasets]));
  const candidates = new Map<string, readonly string[]>();
  if (change.kind === 'query-rewritten') {
    for (const fp of [change.subject, String(change.details.fingerprintAfter ?? '')])
      if (fp !== '') candidates.set(fp, datasetsOf.get(fp) ?? []);
  } else {
    for (const fp of fromRecommendation) candidates.set(fp, datasetsOf.get(fp) ?? []);
    for (const shape of split.affected) candidates.set(shape.fingerprint, shape.datasets);
  }
  const excluded = new Set([...candidates.keys(), ...touchedElsewhere]);
  return {
    candidates,
    fromRecommendation,
    unaffected: split.unaffected.filter((s) => !excluded.has(s.fingerprint)),
    datasets,
  };
}

/**
 * A reflection change affects the shapes it starts (or stops) serving, not every reader of its
 * dataset: a shape is kept when the share of its runs a reflection accelerated moved by half or more,
 * or when the recommendation named it. Other kinds keep every candidate.
 */
function servedShapes(
  change: StoredChange,
  shapes: Shapes,
  before: readonly MeasuredRun[],
  after: readonly MeasuredRun[],
): string[] {
  const all = [...shapes.candidates.keys()];
  if (!REFLECTION_KINDS.has(change.kind)) return all;
  const share = (runs: readonly MeasuredRun[], fp: string): number | null => {
    const known = runs.filter(
      (r) => r.fingerprint === fp && r.accelerated !== null && r.state === 'COMPLETED',
    );
    return known.length === 0 ? null : known.filter((r) => r.accelerated).length / known.length;
  };
  return all.filter((fp) => {
    if (shapes.fromRecommendation.has(fp)) return true;
    const b = share(before, fp);
    const a = share(after, fp);
    return b === null || a === null || Math.abs(a - b) >= ACCELERATION_SHIFT;
  });
}

/**
 * The nearest other change, at least an hour away, to the data the affected shapes read (or to the
 * same query shape), before and after this one: runs across it would measure both. Changes closer
 * than that cannot be told apart and are named instead.
 */
function neighbourBounds(
  change: StoredChange,
  others: readonly StoredChange[],
  readKeys: ReadonlySet<string>,
  datasets: ReadonlyMap<string, Dataset>,
): { readonly previous?: Date; readonly next?: Date; readonly concurrent: readonly StoredChange[] } {
  let previous: Date | undefined;
  let next: Date | undefined;
  const concurrent: StoredChange[] = [];
  for (const other of others) {
    // A second record of this very change (say, detected long after the apply) bounds nothing.
    if (other.kind === change.kind && other.subject === change.subject) continue;
    const related =
      (other.datasetPath !== null &&
        [...readersOf(other.datasetPath, datasets)].some((k) => readKeys.has(k))) ||
      (other.kind === 'query-rewritten' &&
        change.kind === 'query-rewritten' &&
        other.subject === change.subject);
    if (!related) continue;
    if (
      other.effectiveTo.getTime() > change.effectiveFrom.getTime() - CONCURRENT_MS &&
      other.effectiveFrom.getTime() < change.effectiveTo.getTime() + CONCURRENT_MS
    ) {
      concurrent.push(other);
      continue;
    }
    if (other.effectiveTo <= change.effectiveFrom && (previous === undefined || other.effectiveTo > previous))
      previous = other.effectiveTo;
    if (other.effectiveFrom >= change.effectiveTo && (next === undefined || other.effectiveFrom < next))
      next = other.effectiveFrom;
  }
  return {
    ...(previous === undefined ? {} : { previous }),
    ...(next === undefined ? {} : { next }),
    concurrent,
  };
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
  const latest = new Date(
    Math.min(dataEnd.getTime() + 1, change.effectiveTo.getTime() + MAX_AFTER_DAYS * DAY_MS),
  );
  const earliest = new Date(change.effectiveFrom.getTime() - MAX_BEFORE_DAYS * DAY_MS);
  const shapes = await candidateShapes(db, {
    clusterId,
    change,
    others: options.others,
    recommendation,
    from: earliest,
    to: latest,
  });
  const runs = (from: Date, to: Date, fingerprints: readonly string[], newest: boolean) =>
    loadMeasuredRuns(db, { clusterId, fingerprints, from, to, newest });
  const candidates = [...shapes.candidates.keys()];
  const rewrittenTo =
    change.kind === 'query-rewritten' ? new Set(candidates.filter((f) => f !== change.subject)) : undefined;
  const load = async (
    floor: number,
    ceiling: Date,
    afterShapes: readonly string[],
    beforeShapes: readonly string[],
  ) => {
    let start = new Date(Math.max(change.effectiveFrom.getTime() - BEFORE_DAYS * DAY_MS, floor));
    let before = await runs(start, change.effectiveFrom, beforeShapes, true);
    if (
      before.filter((r) => r.state === 'COMPLETED').length < MIN_RUNS_BEFORE * 3 &&
      floor < start.getTime()
    ) {
      start = new Date(floor);
      before = await runs(start, change.effectiveFrom, beforeShapes, true);
    }
    return { start, before, after: await runs(change.effectiveTo, ceiling, afterShapes, false) };
  };
  // Which shapes the change serves is read from the runs around it; then the windows are bounded by
  // other changes to the data those shapes read, and the runs read again within the bounds.
  const first = await load(
    earliest.getTime(),
    latest,
    rewrittenTo === undefined ? candidates : [...rewrittenTo],
    rewrittenTo === undefined ? candidates : [change.subject],
  );
  const served =
    rewrittenTo === undefined ? servedShapes(change, shapes, first.before, first.after) : candidates;
  const readKeys = new Set(
    served.flatMap((fp) => shapes.candidates.get(fp) ?? []).map((d) => datasetPathKey(d)),
  );
  const bounds = neighbourBounds(change, options.others, readKeys, shapes.datasets);
  const afterEnd = new Date(Math.min(latest.getTime(), bounds.next?.getTime() ?? Number.POSITIVE_INFINITY));
  const floor = Math.max(earliest.getTime(), bounds.previous?.getTime() ?? Number.NEGATIVE_INFINITY);
  const beforeShapes = rewrittenTo === undefined ? served : [change.subject];
  const afterShapes = rewrittenTo === undefined ? served : [...rewrittenTo];
  const { start: beforeStart, before, after } = await load(floor, afterEnd, afterShapes, beforeShapes);
  const during =
    change.effectiveTo > change.effectiveFrom
      ? (await runs(change.effectiveFrom, change.effectiveTo, served, false)).length
      : 0;
  const control = [...shapes.unaffected]
    .sort((a, b) => b.runs - a.runs || a.fingerprint.localeCompare(b.fingerprint))
    .slice(0, MAX_CONTROL_SHAPES)
    .map((s) => s.fingerprint);
  const controlBefore = await runs(beforeStart, change.effectiveFrom, control, true);
  const controlAfter = await runs(change.effectiveTo, afterEnd, control, false);
  const measurement = measureChange({
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
  if (bounds.concurrent.length === 0) return measurement;
  const names = bounds.concurrent.map((c) => `${c.kind} ${c.subject}`).join(', ');
  return {
    ...measurement,
    reason: `${measurement.reason}; measured together with ${names}, made within the hour`,
  };
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
  throw new NotFoundError(`no measurement ${options.id}`, {
    code: 'MEASUREMENT_UNKNOWN',
    entity: 'measurement',
    id: options.id,
    field: 'id',
    hint: 'give a measurement id or the id of a recommendation; a recommendation is measured once it is applied',
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
  options: {
    readonly clusterName?: string;
    readonly id: string;
    readonly measuredAt: Date;
    readonly signal?: AbortSignal;
    readonly logger?: Pick<Logger, 'info'>;
  },
): Promise<VerifyResult> {
  const clusterId = await clusterIdOf(store.db, options.clusterName);
  const rec = await getRecommendation(store.db, { clusterId, id: options.id });
  if (rec === undefined)
    throw new NotFoundError(`no recommendation ${options.id}`, {
      code: 'RECOMMENDATION_UNKNOWN',
      entity: 'recommendation',
      id: options.id,
      field: 'id',
    });
  if (rec.status !== 'applied' && rec.status !== 'verified')
    throw new ConflictError(
      `recommendation ${rec.id} is ${rec.status}; only an applied change can be measured`,
      {
        code: 'RECOMMENDATION_STATUS',
        hint: 'apply it (with confirm), or, if it was done by hand, mark it applied with the time (at) it took effect',
      },
    );
  const measured = await measureChanges(store, {
    ...(options.clusterName === undefined ? {} : { clusterName: options.clusterName }),
    recommendationId: rec.id,
    measuredAt: options.measuredAt,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const measurement = measured.sort(
    (a, b) => b.change.effectiveTo.getTime() - a.change.effectiveTo.getTime(),
  )[0];
  if (measurement === undefined)
    throw new ConflictError(`recommendation ${rec.id} is applied but no change of it is recorded`, {
      code: 'MEASUREMENT_NO_CHANGE',
      hint: 'mark it applied with the time (at) it took effect, or collect so the change is detected',
    });
  const verifiedNow =
    rec.status === 'applied' && measurement.verdict === 'verified'
      ? (await getRecommendation(store.db, { clusterId, id: rec.id }))?.status === 'verified'
      : false;
  const after = (await getRecommendation(store.db, { clusterId, id: rec.id })) ?? rec;
  return { measurement, recommendation: after, verifiedNow };
}
