import { z } from 'zod';
import { RECOMMENDATION_STATUSES } from '../domain/recommendation.js';
import { ConfigError, InvalidInputError } from '../errors.js';
import { type VerifyResult, verifyRecommendation as verifyMeasured } from '../measure/index.js';
import {
  type ApplyResult,
  applyRecommendation as applyStored,
  changeRecommendationStatus as changeStatus,
  type MarkAppliedResult,
  markRecommendationApplied,
  type RecommendationDetail,
} from '../recommend/recommend-service.js';
import { analysisRecommendationOutput } from './analyze.js';
import { measurementRecordOutput } from './measure.js';
import { type AppDeps, defineService, parseServiceInput } from './service.js';
import { toWire } from './wire-json.js';

const isoTime = z.iso.datetime({ offset: true });

/** A boolean that also reads the text `true`/`false` (query strings, option text), nothing else. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const cluster = z.string().min(1).optional().describe('the cluster; may be omitted when the store holds one');
const id = z.string().min(1).max(200).describe('the recommendation id');
const actor = z.string().min(1).max(200).describe('who acts (kept in the status history)');

export const statusChangeOutput = z.object({
  fromStatus: z.enum(RECOMMENDATION_STATUSES).nullable(),
  toStatus: z.enum(RECOMMENDATION_STATUSES),
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});

/** A stored recommendation with its lifecycle history, in JSON form. */
export const recommendationDetailOutput = analysisRecommendationOutput.extend({
  appliedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(statusChangeOutput),
});

const changeOutput = z.looseObject({
  id: z.number(),
  kind: z.string(),
  subject: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string(),
  origin: z.string(),
  recommendationId: z.string().nullable(),
});

function detailWire(detail: RecommendationDetail, extra: Record<string, unknown> = {}) {
  return toWire({ ...detail.recommendation, history: detail.history, ...extra }) as z.input<
    typeof recommendationDetailOutput
  >;
}

export const setStatusInput = z.object({
  id,
  to: z
    .enum(RECOMMENDATION_STATUSES)
    .describe(
      'accepted, rejected, dismissed, or pending again; applied and verified have their own services',
    ),
  reason: z.string().min(1).max(2000).optional().describe('why (kept in the history); required to reject'),
  actor,
  cluster,
  dryRun: flag.default(false).describe('check that the step is allowed and change nothing'),
});

/**
 * One lifecycle step by hand (accept, reject, dismiss, back to pending), recorded with who and why.
 * A step the lifecycle refuses is a ConflictError on `to`; applied and verified are reached only by
 * applying (or marking applied) and by a measurement.
 */
export const changeRecommendationStatus = defineService({
  name: 'recommendations.set-status',
  summary: 'Move a recommendation along its lifecycle: accept, reject, dismiss, or back to pending',
  input: setStatusInput,
  output: recommendationDetailOutput,
  async run(deps, input) {
    return detailWire(await setStatusDetail(deps, input));
  },
});

/** The domain result of `recommendations.set-status`, for callers that render it themselves. */
export async function setStatusDetail(
  deps: AppDeps,
  options: z.input<typeof setStatusInput>,
): Promise<RecommendationDetail> {
  const input = parseServiceInput('recommendations.set-status', setStatusInput, options);
  if (input.to === 'applied')
    throw new InvalidInputError('applied is set by applying the recommendation or marking it applied', {
      code: 'RECOMMENDATION_STATUS',
      problems: [{ field: 'to', value: input.to, expected: 'accepted, rejected, dismissed or pending' }],
    });
  if (input.to === 'rejected' && (input.reason === undefined || input.reason.trim() === ''))
    throw new InvalidInputError('a rejection needs a reason', {
      code: 'RECOMMENDATION_REASON_MISSING',
      problems: [{ field: 'reason', expected: 'why the recommendation is rejected' }],
    });
  return changeStatus(deps.store, {
    ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
    id: input.id,
    to: input.to,
    actor: input.actor,
    reason: input.reason ?? null,
    at: new Date(),
    dryRun: input.dryRun,
  });
}

export const applyInput = z.object({
  id,
  confirm: flag
    .default(false)
    .describe('must be true: the statement runs on Dremio only when the caller confirms it'),
  actor,
  cluster,
});

export const applyOutput = recommendationDetailOutput.extend({
  jobId: z.string().describe('the Dremio job that ran the statement'),
  change: changeOutput.nullable().describe('the change recorded; null when Dremio reported no end time'),
});

/** The domain result, for callers that render it themselves (the CLI's text). */
export async function applyRecommendationDetail(
  deps: AppDeps,
  options: z.input<typeof applyInput>,
): Promise<ApplyResult> {
  const input = parseServiceInput('recommendations.apply', applyInput, options);
  const result = await applyStored(deps.store, {
    ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
    id: input.id,
    confirm: input.confirm,
    actor: input.actor,
    at: () => new Date(),
    // Dremio is reached only when a checked, confirmed statement is about to run.
    execute: (sql) => {
      if (deps.dremio === undefined) throw new ConfigError('no Dremio is configured to apply to');
      return deps.dremio().collectSql(sql, { resendable: false });
    },
  });
  deps.logger.info(
    { event: 'recommendation.applied', recommendation: input.id, by: 'apply', jobId: result.jobId },
    'recommendation applied',
  );
  return result;
}

/**
 * Runs a recommendation's statement on Dremio and records it applied (accepting it first when
 * pending). Refuses without `confirm` (ConflictError on `confirm`, with the statement in the
 * message), for kinds without SQL, for SQL the validator rejects and for statements off their target.
 */
export const applyRecommendation = defineService({
  name: 'recommendations.apply',
  summary: "Run a recommendation's statement on Dremio (only with confirm) and record it applied",
  input: applyInput,
  output: applyOutput,
  async run(deps, input) {
    const result = await applyRecommendationDetail(deps, input);
    return detailWire(result, { jobId: result.jobId, change: result.change ?? null }) as z.input<
      typeof applyOutput
    >;
  },
});

export const markAppliedInput = z.object({
  id,
  at: isoTime.describe('when the change took effect (ISO 8601); measurements split the workload there'),
  reason: z.string().min(1).max(2000).optional().describe('how it was applied (kept in the history)'),
  actor,
  cluster,
});

export const markAppliedOutput = recommendationDetailOutput.extend({ change: changeOutput });

export async function markAppliedDetail(
  deps: AppDeps,
  options: z.input<typeof markAppliedInput>,
): Promise<MarkAppliedResult> {
  const input = parseServiceInput('recommendations.mark-applied', markAppliedInput, options);
  const result = await markRecommendationApplied(deps.store, {
    ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
    id: input.id,
    effectiveAt: new Date(input.at),
    actor: input.actor,
    reason: input.reason ?? null,
    at: new Date(),
  });
  deps.logger.info(
    { event: 'recommendation.applied', recommendation: input.id, by: 'mark-applied', effectiveAt: input.at },
    'recommendation marked applied',
  );
  return result;
}

/** Records that the user applied a recommendation themselves, effective at `at`. */
export const markApplied = defineService({
  name: 'recommendations.mark-applied',
  summary: 'Record that a recommendation was applied by hand, effective at a given time',
  input: markAppliedInput,
  output: markAppliedOutput,
  async run(deps, input) {
    const result = await markAppliedDetail(deps, input);
    return detailWire(result, { change: result.change }) as z.input<typeof markAppliedOutput>;
  },
});

export const verifyInput = z.object({ id, cluster });

export const verifyOutput = z.object({
  recommendation: analysisRecommendationOutput,
  measurement: measurementRecordOutput,
  verifiedNow: z.boolean().describe('the recommendation moved from applied to verified by this measurement'),
});

/**
 * Measures an applied recommendation's change; a measurement that verifies it marks it verified (the
 * only way there). Not applied yet → ConflictError.
 */
export const verifyRecommendation = defineService({
  name: 'recommendations.verify',
  summary: 'Measure an applied recommendation before vs after; verified only when the data say so',
  input: verifyInput,
  output: verifyOutput,
  async run(deps, input) {
    return toWire(await verifyDetail(deps, input)) as z.input<typeof verifyOutput>;
  },
});

/** The domain result of `recommendations.verify`, for callers that render it themselves. */
export async function verifyDetail(
  deps: AppDeps,
  options: z.input<typeof verifyInput>,
): Promise<VerifyResult> {
  const input = parseServiceInput('recommendations.verify', verifyInput, options);
  return verifyMeasured(deps.store, {
    ...(input.cluster === undefined ? {} : { clusterName: input.cluster }),
    id: input.id,
    measuredAt: new Date(),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    logger: deps.logger,
  });
}
