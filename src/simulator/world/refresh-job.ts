/**
 * Reflection refresh jobs (`ACCELERATOR_CREATE`, SQL `REFRESH REFLECTION …`). A failing reflection's
 * refreshes fail part-way with the object-store error its status reports.
 */
import type { SimJob } from '../world.js';
import { materializationId } from './acceleration.js';
import { QUEUES, USERS } from './actors.js';
import type { JobWorld } from './job-builder.js';
import { engineFor, LOAD_SIGMA, queueFor } from './job-builder.js';
import type { JobRecord } from './job-record.js';
import { phaseTimestamps } from './job-timing.js';
import type { SimReflectionDef, SimTableDef } from './model.js';
import { cutFragments, executionWallMs } from './plan/fragments.js';
import { planTotals, scalePlanTime, truncatePlan } from './plan/plan-stats.js';
import { refreshQuery } from './plan/query-shapes.js';
import type { ScanFilter } from './plan/scan-chain.js';
import type { Rng } from './prng.js';
import { REFLECTION_FAILURE_MESSAGE } from './reflections-seed.js';
import { baseTableOf } from './world-state.js';

export const REFRESH_TEMPLATE = 'reflection-refresh';

export function refreshSql(seed: number, r: SimReflectionDef): string {
  return `REFRESH REFLECTION '${r.id}' AS '${materializationId(seed, r)}'`;
}

export function buildRefreshJob(
  world: JobWorld,
  request: {
    readonly jobId: string;
    readonly reflection: SimReflectionDef;
    readonly submittedMs: number;
    readonly rng: Rng;
  },
): JobRecord {
  const { reflection: r, rng } = request;
  const base = baseTableOf(world.state, r.datasetPath);
  const columns = (r.type === 'RAW' ? r.displayColumns : [...r.dimensionColumns, ...r.measureColumns]).filter(
    (c) => base?.columns.some((col) => col.name === c),
  );
  const ctx = { rng, width: world.engineWidth, table: () => base ?? throwMissing(r.datasetPath) };
  const built = refreshQuery(ctx, {
    scan: {
      table: base?.path ?? r.datasetPath,
      columns,
      filters: incrementalFilters(base, request.submittedMs),
    },
    groupKeys: r.dimensionColumns,
    measures: r.measureColumns,
    groups: Math.max(1, r.recordCount || 100_000),
    raw: r.type === 'RAW',
  });
  const loaded = scalePlanTime(built.root, rng.logNormal(LOAD_SIGMA));
  const plan = r.failing ? truncatePlan(loaded, rng.range(0.45, 0.8)) : loaded;
  const totals = planTotals(plan);
  const executionMs = executionWallMs(cutFragments(plan));
  const planningMs = Math.round(rng.range(300, 1500));
  const queueMs = rng.int(0, 60);
  const phases = phaseTimestamps(rng, request.submittedMs, {
    planningMs,
    queueMs,
    executionMs,
    clientFetchMs: 0,
    stoppedInPlanning: false,
    recordsEngineStart: world.flavor.workloadManagement,
  });
  const queueName = queueFor(world.flavor, 'internal', totals.plannerCost, false);
  const job: SimJob = {
    jobId: request.jobId,
    template: REFRESH_TEMPLATE,
    labels: [],
    sql: refreshSql(world.seed, r),
    user: USERS.system[0],
    queryType: 'ACCELERATOR_CREATE',
    finalState: r.failing ? 'FAILED' : 'COMPLETED',
    errorMessage: r.failing ? REFLECTION_FAILURE_MESSAGE : '',
    submittedEpochMs: request.submittedMs,
    phases,
    rowsScanned: BigInt(totals.rowsScanned),
    bytesScanned: BigInt(totals.bytesScanned),
    rowsReturned: BigInt(r.failing ? 0 : plan.outRows),
    bytesReturned: BigInt(r.failing ? 0 : plan.outRows * plan.rowBytes),
    plannerEstimatedCost: Math.round(totals.plannerCost * 100) / 100,
    executionCpuTimeMs: Math.round(totals.processNs / 1e6),
    memoryAllocatedBytes: BigInt(totals.peakMemoryBytes),
    accelerated: false,
    reflectionRelationships: [],
    queueName,
    engine: engineFor(world.flavor, 'internal'),
    queriedDatasets: [r.datasetPath],
    scannedDatasets: totals.scannedDatasets,
    attemptCount: 1,
    hasProfile: true,
  };
  return {
    job,
    plan,
    client: 'internal',
    planningMs,
    queueMs,
    clientFetchMs: 0,
    consideredReflections: [],
    wlmQueueId: QUEUES[queueName].id,
    datasets: [{ path: r.datasetPath }],
  };
}

/**
 * Refreshes of partitioned tables are incremental: they read only the partitions changed since the
 * last refresh (about a day), through a manifest filter, so they never look like unpruned scans.
 */
function incrementalFilters(base: SimTableDef | undefined, submittedMs: number): ScanFilter[] {
  const field = base?.layout.partitionFields[0];
  if (!field) return [];
  const since = new Date(Math.floor(submittedMs / 86_400_000) * 86_400_000 - 86_400_000);
  return [
    {
      column: field.column,
      op: '>=',
      literal: `TIMESTAMP '${since.toISOString().slice(0, 19).replace('T', ' ')}'`,
      selectivity: Math.min(1, 1 / Math.max(1, field.partitionCount)),
    },
  ];
}

function throwMissing(path: string): never {
  throw new RangeError(`reflection dataset ${path} has no base table`);
}
