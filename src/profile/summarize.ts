import type { OperatorSummary, ProfileSummary } from '../domain/profile-summary.js';
import { summarizeAcceleration, summarizeDatasets } from './acceleration-summary.js';
import { stateListOrDerived } from './derived-state-list.js';
import { summarizeFragments } from './fragment-summary.js';
import { inferMetricLayout } from './infer-metric-layout.js';
import { jobIdFromParts, MISSING_JOB_ID } from './job-id.js';
import { summarizeJoins } from './join-summary.js';
import { createMetricResolver } from './metric-resolver.js';
import { accumulateOperators, type OperatorAccumulator, toOperatorSummary } from './operator-aggregation.js';
import { OPERATOR_TYPE, tableFunctionTypeName } from './operator-types.js';
import { type PlanNode, parsePlanLineAttributes, parsePlanText } from './plan-text.js';
import { withPlausibleDurations } from './plausible-durations.js';
import {
  queryStateName,
  queryTypeName,
  readClient,
  readError,
  readNonDefaultOptions,
  readQueue,
} from './profile-header.js';
import { summarizePlanPhases, summarizeStates } from './query-states.js';
import { asArray, asNumber, asObject, asString, type RawObject } from './raw-access.js';
import { deriveRecordsOut } from './records-out.js';
import { summarizeScans } from './scan-summary.js';
import { summarizeSpill } from './spill-summary.js';
import { withTimeTotals } from './time-totals.js';

const FINAL_PHASE = 'Final Physical Transformation';

export interface SummarizeOptions {
  /** Attempt number (0-based) when the caller knows it, e.g. from `profile_attempt_1.json`; else the id's. */
  readonly attempt?: number;
}

/**
 * Digests a raw Dremio QueryProfile (parsed JSON, ideally with {@link parseLosslessJson} so the job id
 * stays exact) into a {@link ProfileSummary}. Never throws on bad input: missing or malformed parts
 * become 0, `undefined` or `UNKNOWN`, impossible numbers (NaN, a negative or 3-billion-year duration)
 * become 0, and `warnings` says what was missing or replaced.
 *
 * @example
 * const summary = summarizeProfile(parseLosslessJson(text), { attempt: 0 });
 * summary.operators.find((op) => op.key === '00-08')?.recordsOut;
 */
export function summarizeProfile(raw: unknown, options: SummarizeOptions = {}): ProfileSummary {
  const profile = asObject(raw);
  const warnings: string[] = [];
  const dremioVersion = asString(profile.dremioVersion) || asString(asObject(profile.foreman).dremioVersion);
  const { jobId, attempt, exact } = jobIdFromParts(profile.id);
  if (jobId === MISSING_JOB_ID) warnings.push('The profile has no job id (id.part1/id.part2).');
  if (!exact) warnings.push('The job id parts were already rounded when parsed; the job id may be wrong.');
  const startEpochMs = asNumber(profile.start);
  const endEpochMs = asNumber(profile.end);
  const planText = asString(profile.plan) || finalPhasePlan(profile.planPhases);
  if (planText === '') warnings.push('The profile has no plan text; row estimates are unknown.');
  const planByKey = new Map(parsePlanText(planText).map((node) => [node.key, node]));
  const layoutVersion = metricLayoutVersion({ profile, dremioVersion, warnings });
  const { operators, accumulators } = buildOperators({
    profile,
    dremioVersion: layoutVersion,
    versionKnown: dremioVersion !== '',
    planByKey,
    warnings,
  });
  const stateList = stateListOrDerived(profile);
  if (stateList.derived) {
    warnings.push('The profile has no stateList; state times are derived from planningStart/planningEnd.');
  }
  const { states, stateDurationsMs } = summarizeStates({ stateList: stateList.stateList, endEpochMs });
  return withTimeTotals(
    withPlausibleDurations({
      jobId,
      jobIdExact: exact,
      // A caller's file name wins; otherwise the id says which attempt this is.
      attempt: options.attempt ?? attempt,
      state: queryStateName(profile.state),
      queryType: queryTypeName(profile.type),
      user: asString(profile.user),
      queryText: asString(profile.query),
      dremioVersion,
      client: readClient(profile.clientInfo),
      queue: readQueue(profile.resourceSchedulingProfile),
      nonDefaultOptions: readNonDefaultOptions(profile.nonDefaultOptionsJSON, warnings),
      error: readError(profile),
      startEpochMs,
      endEpochMs,
      durationMs: endEpochMs >= startEpochMs ? endEpochMs - startEpochMs : 0,
      planningMs: Math.max(0, asNumber(profile.planningEnd) - asNumber(profile.planningStart)),
      states,
      stateDurationsMs,
      planPhases: summarizePlanPhases(profile.planPhases),
      totalProcessNanos: operators.reduce((total, op) => total + op.processNanos.sum, 0),
      operators,
      fragments: summarizeFragments(profile.fragmentProfile),
      scans: summarizeScans({ operators, planByKey, otherPlanLines: phasePlanLines(profile.planPhases) }),
      joins: summarizeJoins({ operators, accumulators, planByKey }),
      spill: summarizeSpill(operators),
      acceleration: summarizeAcceleration(profile.accelerationProfile),
      datasets: summarizeDatasets(profile.datasetProfile),
      planText,
      warnings,
    }),
  );
}

function buildOperators(options: {
  profile: RawObject;
  dremioVersion: string;
  // Without a version, metricLayoutVersion has already said where the names come from.
  versionKnown: boolean;
  planByKey: ReadonlyMap<string, PlanNode>;
  warnings: string[];
}): { operators: readonly OperatorSummary[]; accumulators: ReadonlyMap<string, OperatorAccumulator> } {
  const { profile, dremioVersion, planByKey, warnings } = options;
  const resolver = createMetricResolver({ metricsMap: profile.operatorTypeMetricsMap, dremioVersion });
  const byKey = accumulateOperators({ fragmentProfile: profile.fragmentProfile, resolver });
  if (resolver.usedFallback && byKey.size > 0 && options.versionKnown) {
    warnings.push('operatorTypeMetricsMap is empty; metric names come from the per-version tables.');
  }
  const operators = [...byKey.values()]
    .sort((a, b) => a.majorFragmentId - b.majorFragmentId || a.operatorId - b.operatorId)
    .map((acc) => {
      const node = planByKey.get(acc.key);
      return toOperatorSummary({
        acc,
        subtypeName: subtypeName({ acc, node, dremioVersion }),
        planNodeName: node?.name,
        estimatedRows: node?.rowCount,
        recordsOut: deriveRecordsOut({ acc, byKey, planByKey }),
      });
    });
  return { operators, accumulators: byKey };
}

// Without a version, ids are named from the profile's own map, else from the layout its metrics show.
function metricLayoutVersion(options: {
  profile: RawObject;
  dremioVersion: string;
  warnings: string[];
}): string {
  if (options.dremioVersion !== '') return options.dremioVersion;
  const hasMap = asArray(asObject(options.profile.operatorTypeMetricsMap).metricsDef).length > 0;
  const inferred = hasMap ? undefined : inferMetricLayout(options.profile.fragmentProfile);
  options.warnings.push(
    hasMap
      ? 'No dremioVersion in the profile; metric names come from its operatorTypeMetricsMap.'
      : inferred === undefined
        ? 'No dremioVersion or metric map in the profile; metric names assume Dremio 25.2.'
        : `No dremioVersion or metric map in the profile; its metrics follow the ${inferred.replace(/\.0$/, '')} layout, so names follow that release.`,
  );
  return inferred ?? '';
}

// Some profiles (prepared statements, trimmed exports) omit `plan` but keep the final phase's plan.
function finalPhasePlan(planPhases: unknown): string {
  const phase = asArray(planPhases).find((p) => asString(asObject(p).phaseName) === FINAL_PHASE);
  return asString(asObject(phase).plan);
}

function phasePlanLines(planPhases: unknown) {
  return asArray(planPhases).flatMap((p) => parsePlanLineAttributes(asString(asObject(p).plan)));
}

// Subtype ordinals move between releases; the plan's `Table Function Type=[…]` is unambiguous.
function subtypeName(options: {
  acc: OperatorAccumulator;
  node: PlanNode | undefined;
  dremioVersion: string;
}): string | undefined {
  if (options.acc.operatorType !== OPERATOR_TYPE.TABLE_FUNCTION) return undefined;
  const fromPlan = options.node?.attributes['Table Function Type'];
  if (fromPlan !== undefined && fromPlan !== '') return fromPlan;
  return tableFunctionTypeName({
    dremioVersion: options.dremioVersion,
    subtype: options.acc.operatorSubtype,
  });
}
