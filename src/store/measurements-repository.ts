import type { Selectable } from 'kysely';
import type { Measurement, StoredMeasurement } from '../domain/measurement.js';
import type { Db } from './db-handle.js';
import type { MeasurementsTable } from './schema.js';

/** The metric a measurement row is keyed by: execution time, the one the verdict rests on. */
const METRIC = 'execution_ms';

const DATE_KEYS = new Set(['start', 'end', 'effectiveFrom', 'effectiveTo', 'expectedBy', 'dataEnd']);

/**
 * Saves the measurement of a change, replacing the previous one: measuring again is safe and the
 * table holds the latest word on each change. The columns carry the headline figures for SQL readers;
 * `details` carries the whole measurement.
 */
export async function saveMeasurement(
  db: Db,
  options: { readonly clusterId: bigint; readonly measurement: Measurement; readonly measuredAt: Date },
): Promise<StoredMeasurement> {
  const m = options.measurement;
  const values = {
    cluster_id: options.clusterId,
    change_id: m.changeId,
    recommendation_id: m.recommendationId,
    fingerprint: null,
    metric: METRIC,
    before_start: m.before.start,
    before_end: m.before.end,
    before_count: m.before.runs,
    before_p50: m.before.p50Ms,
    before_p95: m.before.p95Ms,
    after_start: m.after.start,
    after_end: m.after.end,
    after_count: m.after.runs,
    after_p50: m.after.p50Ms,
    after_p95: m.after.p95Ms,
    change_ratio: m.speedup?.estimate ?? null,
    ci_low: m.speedup?.low ?? null,
    ci_high: m.speedup?.high ?? null,
    p_value: m.pValue,
    verdict: m.verdict,
    details: JSON.stringify(m, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
    measured_at: options.measuredAt,
  };
  const { cluster_id: _c, change_id: _i, metric: _m, ...update } = values;
  const row = await db
    .insertInto('measurements')
    .values(values)
    .onConflict((oc) => oc.columns(['change_id', 'metric']).doUpdateSet(update))
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

export interface ListMeasurementsOptions {
  readonly clusterId: bigint;
  readonly recommendationId?: string;
  readonly changeId?: bigint;
  readonly id?: bigint;
}

/** Newest change first. */
export async function listMeasurements(
  db: Db,
  options: ListMeasurementsOptions,
): Promise<StoredMeasurement[]> {
  let query = db
    .selectFrom('measurements')
    .selectAll()
    .where('cluster_id', '=', options.clusterId)
    .where('change_id', 'is not', null)
    .where('metric', '=', METRIC);
  if (options.recommendationId !== undefined)
    query = query.where('recommendation_id', '=', options.recommendationId);
  if (options.changeId !== undefined) query = query.where('change_id', '=', options.changeId);
  if (options.id !== undefined) query = query.where('id', '=', options.id);
  const rows = await query.orderBy('after_start', 'desc').orderBy('id', 'desc').execute();
  return rows.map(fromRow);
}

function fromRow(row: Selectable<MeasurementsTable>): StoredMeasurement {
  const text = typeof row.details === 'string' ? row.details : JSON.stringify(row.details);
  const m = JSON.parse(text, (key, value: unknown) =>
    DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value,
  ) as Measurement & { changeId: string };
  return { ...m, changeId: BigInt(m.changeId), id: BigInt(row.id), measuredAt: new Date(row.measured_at) };
}
