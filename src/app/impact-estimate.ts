import { z } from 'zod';
import { quantile } from '../analysis/stats/index.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import { RECOMMENDATION_KINDS } from '../domain/recommendation.js';
import { InvalidInputError } from '../errors.js';
import { listFindingListings } from '../store/findings-repository.js';
import { recentFingerprintRuns } from '../store/fingerprint-usage-queries.js';
import { listMeasurements, listRecommendations } from '../store/index.js';
import { clusterField, oneCluster } from './read-scope.js';
import { defineService } from './service.js';

/** Measurements whose verdict says what the change did; inconclusive ones are still waiting for runs. */
const MEASURED_VERDICTS = new Set(['verified', 'no-effect', 'regressed']);
const MAX_EXAMPLES = 5;

export const impactEstimateOutput = z.object({
  cluster: z.string(),
  basis: z.enum(['measured', 'none']).describe('measured: from this cluster’s own before/after measurements'),
  reason: z.string().describe('What the estimate rests on, or why there is none'),
  measurements: z.number().int().describe('Measurements the figures come from'),
  medianSavingPercent: z.number().nullable().describe('% less execution time per run, median over them'),
  p25: z.number().nullable(),
  p75: z.number().nullable(),
  examples: z.array(z.string()).describe('Recommendation ids of measured changes, the largest saving first'),
  secondsPerRun: z
    .number()
    .nullable()
    .optional()
    .describe("The fingerprint's p50 duration × the median saving"),
  hoursPerYear: z
    .number()
    .nullable()
    .optional()
    .describe("The fingerprint's recent runs per day × secondsPerRun × 365"),
  runsPerDay: z.number().nullable().optional(),
  p50Ms: z.number().nullable().optional(),
});

/** % less execution time a measurement found; from its improvement, else its speedup. */
function savingPercent(m: StoredMeasurement): number | null {
  if (m.improvements?.durationPct !== null && m.improvements?.durationPct !== undefined)
    return m.improvements.durationPct;
  if (m.speedup === null || m.speedup.estimate <= 0) return null;
  return (1 - 1 / m.speedup.estimate) * 100;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const estimateImpact = defineService({
  name: 'impact.estimate',
  summary:
    "Expected saving of a kind of change, from this cluster's measured before/after history (never a fixed table)",
  input: z.object({
    cluster: clusterField,
    kind: z.enum(RECOMMENDATION_KINDS).optional().describe('Recommendation kind'),
    detector: z
      .enum(DETECTOR_IDS)
      .optional()
      .describe('Detector whose findings the measured changes answered'),
    dataset: z.string().min(1).max(1000).optional().describe('Only changes to this dataset'),
    fingerprint: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Project the saving onto this query shape: its recent runs per day and p50 duration'),
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .default(7)
      .describe("Days of the fingerprint's runs, ending at its last run"),
  }),
  output: impactEstimateOutput,
  async run(deps, options) {
    if (options.kind === undefined && options.detector === undefined)
      throw new InvalidInputError('impact.estimate: give kind, detector or both', {
        problems: [{ field: 'kind', expected: 'a recommendation kind (or a detector id in detector)' }],
      });
    const cluster = await oneCluster(deps, options.cluster);
    const db = deps.store.db;
    let measured = (await listMeasurements(db, { clusterId: cluster.id })).filter((m) =>
      MEASURED_VERDICTS.has(m.verdict),
    );
    if (options.kind !== undefined) measured = measured.filter((m) => m.recommendationKind === options.kind);
    if (options.dataset !== undefined) {
      const wanted = options.dataset.toUpperCase();
      measured = measured.filter((m) => m.change.datasetPath?.toUpperCase() === wanted);
    }
    if (options.detector !== undefined) {
      const detectorOf = new Map((await listFindingListings(db, cluster.id)).map((f) => [f.id, f.detector]));
      const recs = new Map(
        (await listRecommendations(db, { clusterId: cluster.id })).map((r) => [r.id, r.findingIds]),
      );
      measured = measured.filter((m) =>
        (recs.get(m.recommendationId ?? '') ?? []).some((id) => detectorOf.get(id) === options.detector),
      );
    }
    const scored = measured
      .map((m) => ({ m, pct: savingPercent(m) }))
      .filter((s): s is { m: StoredMeasurement; pct: number } => s.pct !== null && Number.isFinite(s.pct));
    const what = [
      options.kind === undefined ? null : `kind ${options.kind}`,
      options.detector === undefined ? null : `detector ${options.detector}`,
      options.dataset === undefined ? null : `dataset ${options.dataset}`,
    ]
      .filter((s) => s !== null)
      .join(', ');
    if (scored.length === 0)
      return {
        cluster: cluster.name,
        basis: 'none' as const,
        reason: `no measured change (verified, no-effect or regressed) of ${what} in cluster ${cluster.name}; nothing to estimate from`,
        measurements: 0,
        medianSavingPercent: null,
        p25: null,
        p75: null,
        examples: [],
      };
    const pcts = scored.map((s) => s.pct);
    const median = quantile(pcts, 0.5);
    const examples = [...scored]
      .sort((a, b) => b.pct - a.pct)
      .map((s) => s.m.recommendationId)
      .filter((id): id is string => id !== null)
      .filter((id, i, all) => all.indexOf(id) === i)
      .slice(0, MAX_EXAMPLES);
    const base = {
      cluster: cluster.name,
      basis: 'measured' as const,
      reason: `median of ${scored.length} measured change(s) of ${what}: % less execution time per run, before vs after`,
      measurements: scored.length,
      medianSavingPercent: round(median),
      p25: round(quantile(pcts, 0.25)),
      p75: round(quantile(pcts, 0.75)),
      examples,
    };
    if (options.fingerprint === undefined) return base;
    // Anchored on the shape's own newest run, never on the clock.
    const usage = await recentFingerprintRuns(db, {
      clusterId: cluster.id,
      fingerprint: options.fingerprint,
      days: options.days,
    });
    if (usage === null)
      return {
        ...base,
        reason: `${base.reason}; fingerprint ${options.fingerprint} has no stored runs, so no per-run projection`,
        secondsPerRun: null,
        hoursPerYear: null,
        runsPerDay: null,
        p50Ms: null,
      };
    const runsPerDay = usage.runs / options.days;
    const secondsPerRun = usage.p50Ms === null ? null : (usage.p50Ms / 1000) * (median / 100);
    return {
      ...base,
      reason: `${base.reason}; projected on ${options.fingerprint}: ${usage.runs} runs in the ${options.days} days up to its last run`,
      runsPerDay: round(runsPerDay, 2),
      p50Ms: usage.p50Ms,
      secondsPerRun: secondsPerRun === null ? null : round(secondsPerRun, 3),
      hoursPerYear: secondsPerRun === null ? null : round((runsPerDay * secondsPerRun * 365) / 3600, 2),
    };
  },
});
