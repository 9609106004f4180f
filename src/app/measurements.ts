import { z } from 'zod';
import type { Cluster } from '../domain/cluster.js';
import { MEASUREMENT_VERDICTS, type SideStats, type StoredMeasurement } from '../domain/measurement.js';
import { NotFoundError } from '../errors.js';
import { summarizeMeasurements } from '../measure/measure-summary.js';
import { listMeasurements as listStoredMeasurements } from '../store/index.js';
import { pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, oneCluster, pageInMemory, wire } from './read-scope.js';
import { defineService } from './service.js';

const speedupOutput = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
const quantileMs = z
  .number()
  .nullable()
  .describe(
    'Execution time of the compared runs, ms; null without runs or when measured by an older version',
  );
const sideOutput = z.looseObject({
  start: z.string(),
  end: z.string(),
  runs: z.number().describe('Runs compared (after exclusions)'),
  p10Ms: quantileMs,
  p25Ms: quantileMs,
  p50Ms: z.number().nullable(),
  p75Ms: quantileMs,
  p90Ms: quantileMs,
  p95Ms: z.number().nullable(),
  runsPerDay: z.number(),
  failures: z.number(),
});
const fingerprintResultOutput = z.looseObject({
  fingerprint: z.string(),
  before: sideOutput,
  after: sideOutput,
  speedup: speedupOutput
    .nullable()
    .describe('Hodges–Lehmann before/after on log execution time, with its interval'),
  medianRatio: speedupOutput.nullable(),
  p95Ratio: speedupOutput.nullable(),
  pValue: z.number().nullable(),
  pAdjusted: z.number().nullable(),
});
const expectationOutput = z.looseObject({
  estimatedSavingsMsPerDay: z.number(),
  estimatedImprovementPct: z.number().nullable(),
  measuredSavingsMsPerDay: z.number().nullable(),
  meetsExpectation: z.boolean().nullable(),
  expectationDeltaPct: z.number().nullable(),
});

/**
 * The JSON form of a stored measurement: the fields of `measure list --format json` (the main ones
 * typed here, the per-fingerprint detail, drift control and exclusions passed through as stored), plus
 * the cluster.
 */
export const measurementOutput = z.looseObject({
  id: z.number().int(),
  cluster: z.string(),
  changeId: z.number().int(),
  change: z.looseObject({
    kind: z.string(),
    subject: z.string(),
    datasetPath: z.string().nullable(),
    origin: z.string(),
    effectiveFrom: z.string(),
    effectiveTo: z.string(),
    statement: z.string().nullable(),
  }),
  recommendationId: z.string().nullable(),
  recommendationKind: z.string().nullable(),
  verdict: z.enum(MEASUREMENT_VERDICTS),
  reason: z.string(),
  before: sideOutput,
  after: sideOutput,
  speedup: speedupOutput.nullable(),
  pValue: z.number().nullable(),
  fingerprints: z.array(fingerprintResultOutput).describe('Each affected query shape before and after'),
  expectation: expectationOutput
    .nullable()
    .describe("The recommendation's estimate next to what was measured; null without a recommendation"),
  savedMsPerDay: z.number().nullable(),
  rollback: z.string().nullable(),
  dataEnd: z.string(),
  measuredAt: z.string(),
});

export function measurementItem(m: StoredMeasurement, cluster: Cluster): z.input<typeof measurementOutput> {
  return {
    ...wire<z.input<typeof measurementOutput>>({
      ...m,
      before: withQuantiles(m.before),
      after: withQuantiles(m.after),
      fingerprints: m.fingerprints.map((f) => ({
        ...f,
        before: withQuantiles(f.before),
        after: withQuantiles(f.after),
      })),
    }),
    cluster: cluster.name,
  };
}

/** Measurements stored before the quantiles were kept answer null for them, not a missing field. */
function withQuantiles(side: SideStats): SideStats {
  return {
    ...side,
    p10Ms: side.p10Ms ?? null,
    p25Ms: side.p25Ms ?? null,
    p75Ms: side.p75Ms ?? null,
    p90Ms: side.p90Ms ?? null,
  };
}

export const listMeasurements = defineService({
  name: 'measurements.list',
  summary: 'Measurements of changes, the newest change first',
  input: z.object({
    cluster: clusterField,
    verdict: z.enum(MEASUREMENT_VERDICTS).optional(),
    recommendationId: z.string().min(1).max(200).optional().describe('Only those of this recommendation'),
    ...pageInput,
  }),
  output: pageOf(measurementOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const all: { m: StoredMeasurement; cluster: Cluster }[] = [];
    for (const cluster of clusters) {
      const ms = await listStoredMeasurements(deps.store.db, {
        clusterId: cluster.id,
        ...(options.recommendationId === undefined ? {} : { recommendationId: options.recommendationId }),
      });
      for (const m of ms)
        if (options.verdict === undefined || m.verdict === options.verdict) all.push({ m, cluster });
    }
    const page = pageInMemory(all, {
      keyOf: ({ m }) => [m.after.start.toISOString(), Number(m.id)],
      order: ['desc', 'desc'],
      limit: options.limit,
      cursor: options.cursor,
    });
    return {
      items: page.items.map(({ m, cluster }) => measurementItem(m, cluster)),
      nextCursor: page.nextCursor,
    };
  },
});

export const getMeasurement = defineService({
  name: 'measurements.get',
  summary: 'One measurement by its id, or the latest of the recommendation with that id',
  input: z.object({
    id: z.string().min(1).max(200).describe('Measurement id, or a recommendation id'),
    cluster: clusterField,
  }),
  output: measurementOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const byId = /^\d{1,18}$/.test(options.id)
      ? await listStoredMeasurements(deps.store.db, { clusterId: cluster.id, id: BigInt(options.id) })
      : [];
    const found =
      byId[0] ??
      (
        await listStoredMeasurements(deps.store.db, { clusterId: cluster.id, recommendationId: options.id })
      )[0];
    if (found === undefined)
      throw new NotFoundError(`no measurement ${options.id} in cluster ${cluster.name}`, {
        entity: 'measurement',
        id: options.id,
        field: 'id',
      });
    return measurementItem(found, cluster);
  },
});

export const measurementSummaryOutput = z.object({
  cluster: z.string(),
  days: z.number(),
  from: z.string().nullable(),
  to: z.string().nullable().describe('The newest measured data'),
  totalMeasurements: z.number().int(),
  completedMeasurements: z.number().int(),
  verdicts: z.record(z.enum(MEASUREMENT_VERDICTS), z.number().int()),
  averageImprovementPct: z.number().nullable(),
  averageMemoryImprovementPct: z.number().nullable(),
  averageScanImprovementPct: z.number().nullable(),
  averageCpuImprovementPct: z.number().nullable(),
  successRate: z.number().nullable(),
  timeSavedMsPerDay: z.number(),
  timeSavedMs: z.number(),
  metExpectation: z.number().int(),
  exceededExpectation: z.number().int(),
  underperformed: z.number().int(),
  byKind: z.array(
    z.object({
      kind: z.string(),
      measurements: z.number().int(),
      estimatedSavingsMsPerDay: z.number(),
      measuredSavingsMsPerDay: z.number(),
      accuracy: z.number().nullable(),
    }),
  ),
});

export const measurementSummary = defineService({
  name: 'measurements.summary',
  summary: 'What measured changes achieved over the last days of measured data',
  input: z.object({
    cluster: clusterField,
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(30)
      .describe('Window ending at the newest measured data'),
  }),
  output: measurementSummaryOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const all = await listStoredMeasurements(deps.store.db, { clusterId: cluster.id });
    return {
      cluster: cluster.name,
      ...wire<Omit<z.input<typeof measurementSummaryOutput>, 'cluster'>>(
        summarizeMeasurements(all, options.days),
      ),
    };
  },
});
