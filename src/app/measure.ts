import { z } from 'zod';
import type { StoredMeasurement } from '../domain/measurement.js';
import { MEASUREMENT_VERDICTS } from '../domain/measurement.js';
import { measureChanges } from '../measure/index.js';
import { timed } from '../observe/metrics.js';
import { noteMeasurements } from './metrics-hooks.js';
import { type AppDeps, defineService, parseServiceInput } from './service.js';
import { toWire } from './wire-json.js';

const speedupOutput = z.object({ estimate: z.number(), low: z.number(), high: z.number() }).nullable();
const sideOutput = z.looseObject({
  start: z.string(),
  end: z.string(),
  runs: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
});

/**
 * One stored measurement in JSON form (the main members; per-shape results, drift control, exclusions
 * and expectation are included as the domain object has them).
 */
export const measurementRecordOutput = z.looseObject({
  id: z.number(),
  measuredAt: z.string(),
  changeId: z.number(),
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
  speedup: speedupOutput,
  pValue: z.number().nullable(),
  savedMsPerDay: z.number().nullable(),
  rollback: z.string().nullable(),
});

export const measureInput = z.object({
  cluster: z.string().min(1).optional().describe('the cluster; may be omitted when the store holds one'),
  recommendationId: z
    .string()
    .min(1)
    .optional()
    .describe('measure only the changes that carry out this recommendation'),
  changeId: z.coerce.number().int().positive().optional().describe('measure only this recorded change'),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('recorded as the measurement time (default now); the data decide everything else'),
});

export const measureOutput = z.object({ measurements: z.array(measurementRecordOutput) });

export type MeasureInput = z.input<typeof measureInput>;

/**
 * Measures every recorded change (or those of one recommendation, or one change) on the runs stored so
 * far, replacing each change's previous measurement; a verified measurement moves its applied
 * recommendation to verified. Stops between changes when `deps.signal` aborts.
 */
export async function measureRecords(deps: AppDeps, options: MeasureInput): Promise<StoredMeasurement[]> {
  const input = parseServiceInput('measure', measureInput, options);
  const measurements = await timed(deps.metrics, 'measure', () =>
    measureChanges(deps.store, {
      ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
      ...(input.recommendationId === undefined ? {} : { recommendationId: input.recommendationId }),
      ...(input.changeId === undefined ? {} : { changeId: BigInt(input.changeId) }),
      measuredAt: input.at === undefined ? new Date() : new Date(input.at),
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      logger: deps.logger,
    }),
  );
  await noteMeasurements(deps, measurements);
  return measurements;
}

export const measureData = defineService({
  name: 'measure',
  summary: 'Measure what each recorded change did to the queries it affects (before vs after) and store it',
  input: measureInput,
  output: measureOutput,
  async run(deps, input) {
    const measurements = await measureRecords(deps, input);
    return toWire({ measurements }) as z.input<typeof measureOutput>;
  },
});
