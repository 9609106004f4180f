/**
 * Builds a job's QueryProfile in Dremio's JSON form (camelCase keys, enums as numbers, 64-bit id
 * halves as bigint) from the same plan and phase times as the job row, so every number agrees.
 */

import { stringifyLosslessJson } from '../../../json/lossless-json.js';
import { operatorTypeMetricsMapFor } from '../../../profile/metric-catalog.js';
import type { FlavorSpec } from '../../flavor.js';
import { CLIENTS, NODES, queueNamed } from '../actors.js';
import { profileIdParts } from '../job-id.js';
import type { JobRecord } from '../job-record.js';
import { cutFragments } from '../plan/fragments.js';
import { walkPlan } from '../plan/plan-stats.js';
import { fragmentProfiles } from './fragment-profiles.js';
import { layoutProfiles } from './layout-profiles.js';
import { planPhases } from './plan-phases.js';
import { renderPlanText } from './plan-text.js';

/** QueryResult.QueryState and AttemptEvent.State numbers. */
const QUERY_STATE = { COMPLETED: 2, CANCELED: 3, FAILED: 4 } as const;
const ATTEMPT_STATE = { COMPLETED: 9, CANCELED: 10, FAILED: 11 } as const;
const MINOR_STATE = { COMPLETED: 3, CANCELED: 4, FAILED: 5 } as const;

function stateList(record: JobRecord): { state: number; startTime: number }[] {
  const p = record.job.phases;
  const events: [number, number][] = [
    [1, p.attemptStarted || record.job.submittedEpochMs],
    [2, p.metadataRetrieval],
    [3, p.planningStart],
    // Enterprise lists ENGINE_START first, at the enqueue instant (fidelity-gaps #2); OSS has none.
    [5, p.engineStart],
    [4, p.queryEnqueued],
    [6, p.executionPlanning],
    [7, p.executionStart],
    [8, p.executionStart + (p.executionStart > 0 ? 1 : 0)],
  ];
  return [
    ...events.filter(([, at]) => at > 0).map(([state, startTime]) => ({ state, startTime })),
    { state: ATTEMPT_STATE[record.job.finalState], startTime: p.finalState },
  ];
}

/** A profile's `id` is its attempt's: the job id with the attempt number in the last byte. */
function attemptIdParts(jobId: string, attempt: number): { readonly part1: bigint; readonly part2: bigint } {
  const { part1, part2 } = profileIdParts(jobId);
  return { part1, part2: part2 + BigInt(Math.max(0, attempt)) };
}

/** Stands in for the (large, per-version constant) metrics map until the JSON text splices it in. */
const METRICS_MAP_PLACEHOLDER = '\u0001operatorTypeMetricsMap';
const metricsMapJson = new Map<string, string>();

export function buildProfile(
  record: JobRecord,
  options: { readonly seed: number; readonly flavor: FlavorSpec },
): unknown {
  const job = record.job;
  const p = job.phases;
  const version = options.flavor.dremioVersion;
  const fragments = record.plan ? cutFragments(record.plan) : [];
  const planText = record.plan ? renderPlanText(record.plan, fragments) : '';
  let joins = 0;
  if (record.plan) {
    walkPlan(record.plan, (n) => {
      if (n.kind === 'hash-join' || n.kind === 'nested-loop-join') joins++;
    });
  }
  const client = CLIENTS[record.client];
  const layouts = layoutProfiles(record, options.seed);
  const substitutions = layouts.filter((l) => l.numSubstitutions > 0).length;
  const queue = queueNamed(job.queueName);
  const profile: Record<string, unknown> = {
    id: attemptIdParts(job.jobId, record.attempt ?? job.attemptCount - 1),
    start: p.attemptStarted || job.submittedEpochMs,
    end: p.finalState,
    query: job.sql,
    plan: planText,
    foreman: {
      address: NODES.coordinator,
      userPort: NODES.userPort,
      fabricPort: NODES.fabricPort,
      roles: { sqlQuery: true, javaExecutor: false, master: true },
      startTime: job.submittedEpochMs - (job.submittedEpochMs % 86_400_000) - 3_600_000,
      maxDirectMemory: NODES.maxDirectMemoryBytes,
      availableCores: NODES.coresPerNode,
      nodeTag: '',
      conduitPort: 36745,
      dremioVersion: version,
    },
    state: QUERY_STATE[job.finalState],
    totalFragments: fragments.reduce((sum, f) => sum + f.weights.length, 0),
    finishedFragments:
      job.finalState === 'COMPLETED' ? fragments.reduce((sum, f) => sum + f.weights.length, 0) : 0,
    fragmentProfile: fragmentProfiles(fragments, {
      executionStartMs: p.executionStart,
      rootEndMs: p.finalState - 1,
      clientFetchMs: record.clientFetchMs,
      minorState: MINOR_STATE[job.finalState],
      dremioVersion: version,
    }),
    user: job.user,
    planningStart: p.planningStart,
    planningEnd: p.planningStart + record.planningMs,
    ...(client.clientName
      ? {
          clientInfo: {
            name: client.clientName,
            version: client.clientVersion,
            majorVersion: Number(client.clientVersion.split('.')[0] ?? 0) || 0,
            minorVersion: Number(client.clientVersion.split('.')[1] ?? 0) || 0,
            patchVersion: Number(client.clientVersion.split('.')[2] ?? 0) || 0,
            application: client.name,
            buildNumber: 0,
            versionQualifier: '',
          },
        }
      : {}),
    planPhases: planPhases({
      planningMs: record.planningMs,
      executionPlanningMs: p.executionStart > 0 ? p.executionStart - p.executionPlanning : 0,
      slowJoinPlanning: job.labels.includes('planning-time'),
      finalPlan: planText,
      datasets: record.datasets.map((d) => d.path),
    }),
    accelerationProfile: {
      accelerated: job.accelerated,
      numSubstitutions: substitutions,
      millisTakenGettingMaterializations: layouts.length > 0 ? 3 : 0,
      millisTakenNormalizing: layouts.length > 0 ? 2 : 0,
      millisTakenSubstituting: layouts.length > 0 ? 5 : 0,
      layoutProfiles: layouts,
      normalizedQueryPlans: [],
      accelerationDetails: '',
    },
    nonDefaultOptionsJSON: '[ ]',
    datasetProfile: record.datasets.map((d) => ({
      datasetPath: d.path,
      type: d.viewSql ? 2 : 1,
      ...(d.viewSql ? { sql: d.viewSql } : {}),
      allowApproxStats: false,
    })),
    nodeProfile: NODES.executors.map((address) => ({
      endpoint: { address, fabricPort: NODES.fabricPort },
      maxMemoryUsed: Math.round(Number(job.memoryAllocatedBytes) / NODES.executors.length),
      timeEnqueuedBeforeSubmitMs: 0,
    })),
    dremioVersion: version,
    operatorTypeMetricsMap: METRICS_MAP_PLACEHOLDER,
    ...(job.queueName && queue
      ? {
          resourceSchedulingProfile: {
            queueName: queue.name,
            queueId: queue.id,
            ...(queue.ruleContent === ''
              ? {}
              : { ruleContent: queue.ruleContent, ruleName: queue.name, ruleAction: 'PLACE' }),
            schedulingProperties: { queryCost: job.plannerEstimatedCost, queryType: client.wlmQueryType },
            resourceSchedulingStart: p.queryEnqueued,
            resourceSchedulingEnd: p.executionPlanning,
            ...(job.engine ? { engineName: job.engine } : {}),
          },
        }
      : {}),
    commandPoolWaitMillis: 0,
    stateList: stateList(record),
    numPlanCacheUsed: 0,
    numJoinsInUserQuery: joins,
    numJoinsInFinalPrel: joins,
  };
  if (job.finalState === 'FAILED') {
    profile.error = job.errorMessage;
    profile.verboseError = `${job.errorMessage}\n\n[Error Id: ${job.jobId.slice(0, 8)}-0000-0000-0000-000000000000 on ${NODES.coordinator}:${NODES.userPort}]`;
    profile.errorId = `${job.jobId.slice(0, 8)}-0000-0000-0000-000000000000`;
    profile.errorNode = `${NODES.coordinator}:${NODES.userPort}`;
  }
  if (job.finalState === 'CANCELED') profile.cancelReason = job.errorMessage;
  return profile;
}

/** The profile as `/apiv2/profiles/{id}.json` returns it; the metrics map is serialised once per version. */
export function renderProfileJson(
  record: JobRecord,
  options: { readonly seed: number; readonly flavor: FlavorSpec },
): string {
  const version = options.flavor.dremioVersion;
  let map = metricsMapJson.get(version);
  if (map === undefined) {
    map = JSON.stringify(operatorTypeMetricsMapFor(version));
    metricsMapJson.set(version, map);
  }
  return stringifyLosslessJson(buildProfile(record, options)).replace(
    JSON.stringify(METRICS_MAP_PLACEHOLDER),
    map,
  );
}
