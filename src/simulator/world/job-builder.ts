/**
 * Builds one workload job from its template, the world state and its own seeded randomness: plan,
 * timings, totals, labels, queue, engine and reflection relationships.
 */
import type { DetectorId } from '../../domain/detector-id.js';
import type { FlavorSpec } from '../flavor.js';
import type { SimJob } from '../world.js';
import { materializationTable, relationshipsFor, servingReflection } from './acceleration.js';
import type { ClientKey, QueueName } from './actors.js';
import { CLIENTS, ENGINES, HIGH_COST_THRESHOLD, QUEUES } from './actors.js';
import type { JobRecord } from './job-record.js';
import { clientFetchDuration, phaseTimestamps, planningDuration, queueDuration } from './job-timing.js';
import type { SimTableDef } from './model.js';
import { cutFragments, executionWallMs } from './plan/fragments.js';
import type { PlanNode } from './plan/plan-node.js';
import { planTotals, scalePlanTime, truncatePlan } from './plan/plan-stats.js';
import type { BuiltPlan } from './plan/query-shapes.js';
import type { Rng } from './prng.js';
import { largeQueueWaitFactor, raisedQueryMemory } from './queue-control.js';
import type { Template, TemplateRun } from './templates/template.js';
import type { WorldState } from './world-state.js';
import { baseTableOf, metadataFresh, statisticsCurrent } from './world-state.js';

export interface JobWorld {
  readonly seed: number;
  readonly flavor: FlavorSpec;
  readonly state: WorldState;
  readonly regressionStartMs: number;
  readonly engineWidth: number;
}

/** Labels that come from the plan; a reflection-served run has a different plan and loses them. */
const PLAN_LABELS: ReadonlySet<DetectorId> = new Set([
  'join-fanout',
  'spill',
  'skew',
  'row-estimate',
  'nested-loop-join',
  // A reflection on the view is matched before the view's joins are planned.
  'planning-time',
]);

export const REGRESSION_FACTOR = 3;

// Views never change, so a template's base tables are fixed; cached because every job asks.
const baseTables = new Map<string, readonly string[]>();

function baseTablesOf(state: WorldState, template: Template): readonly string[] {
  const cached = baseTables.get(template.name);
  if (cached) return cached;
  const tables = [...new Set(template.queried.map((p) => baseTableOf(state, p)?.path ?? p))];
  baseTables.set(template.name, tables);
  return tables;
}

/** Run-to-run time noise: log-normal, σ = 0.15, clamped to ×0.69–1.45. */
export const LOAD_SIGMA = 0.15;

/**
 * A job's labels: what its template injects, less what this run's plan no longer has (a reflection-served
 * plan loses the plan-borne ones; one planned with current statistics, its misestimate; one that no
 * longer spills, its spill), plus unpruned scans.
 */
export function jobLabels(options: {
  readonly template: Template;
  readonly accelerated: boolean;
  readonly unprunedPartitionedScan: boolean;
  readonly statisticsCurrent?: boolean;
  readonly spilled?: boolean;
}): DetectorId[] {
  const { template } = options;
  if (template.outcome) return [];
  const labels = template.injected.filter(
    (l) =>
      !(options.accelerated && PLAN_LABELS.has(l)) &&
      !(l === 'row-estimate' && options.statisticsCurrent === true) &&
      !(l === 'spill' && options.spilled === false),
  );
  if (options.unprunedPartitionedScan && !labels.includes('partition-pruning'))
    labels.push('partition-pruning');
  return labels;
}

export function engineFor(flavor: FlavorSpec, client: ClientKey): string {
  if (flavor.flavor === 'software-24.2' || flavor.flavor === 'software-24.3') return '';
  if (client === 'internal') return ENGINES.reflections;
  return client === 'jdbc' || client === 'flight' ? ENGINES.etl : ENGINES.bi;
}

export function queueFor(
  flavor: FlavorSpec,
  client: ClientKey,
  plannerCost: number,
  forceHigh: boolean,
): QueueName {
  const high = forceHigh || plannerCost >= HIGH_COST_THRESHOLD;
  if (!flavor.workloadManagement) {
    if (client === 'internal') return high ? 'REFLECTION_LARGE' : 'REFLECTION_SMALL';
    return high ? 'LARGE' : 'SMALL';
  }
  if (client === 'ui-preview') return 'UI Previews';
  if (client === 'internal') return high ? 'High Cost Reflections' : 'Low Cost Reflections';
  return high ? 'High Cost User Queries' : 'Low Cost User Queries';
}

export interface WorkloadJobRequest {
  readonly jobId: string;
  readonly template: Template;
  readonly submittedMs: number;
  readonly rng: Rng;
  /** Overrides for REST-submitted runs. */
  readonly user?: string;
  readonly sql?: string;
  readonly queryType?: string;
}

/**
 * The run's plan as executed: built against the tables (or the serving reflection), slowed by this
 * run's load and the regression, and cut short when the run fails or is cancelled part-way.
 */
function executedPlan(options: {
  readonly world: JobWorld;
  readonly template: Template;
  readonly run: TemplateRun;
  readonly via: SimTableDef | undefined;
  readonly rng: Rng;
  readonly submittedMs: number;
}): { readonly built: BuiltPlan | undefined; readonly plan: PlanNode | undefined } {
  const { world, template, rng } = options;
  const raisedMemoryBytes = raisedQueryMemory(world.flavor, world.state);
  const ctx = {
    rng,
    width: world.engineWidth,
    table: (path: string) => {
      const table = world.state.tables.get(path);
      if (!table) throw new RangeError(`template ${template.name} names unknown table ${path}`);
      return table;
    },
    statistics: (path: string) => statisticsCurrent(world.state, [path], options.submittedMs),
    ...(raisedMemoryBytes === undefined ? {} : { raisedMemoryBytes }),
  };
  const outcome = template.outcome;
  const built = outcome?.stage === 'planning' ? undefined : options.run.plan(ctx, options.via);
  // Cluster load varies run to run: every operator of this run is this much slower or faster.
  const load = rng.logNormal(LOAD_SIGMA);
  const regression =
    template.regression && options.submittedMs >= world.regressionStartMs ? REGRESSION_FACTOR : 1;
  let plan: PlanNode | undefined = built ? scalePlanTime(built.root, load * regression) : undefined;
  if (plan && outcome) {
    plan = truncatePlan(plan, rng.range(outcome.progress?.[0] ?? 0.45, outcome.progress?.[1] ?? 0.8));
  }
  return { built, plan };
}

export function buildWorkloadJob(world: JobWorld, request: WorkloadJobRequest): JobRecord {
  const { template, rng, submittedMs } = request;
  const user = request.user ?? rng.pick(template.users);
  const run = template.run(rng, submittedMs);
  const chosen = servingReflection(world.state, template.acceleration, submittedMs);
  const via = chosen ? materializationTable(world.seed, world.state, chosen) : undefined;
  const { built, plan } = executedPlan({ world, template, run, via, rng, submittedMs });
  const outcome = template.outcome;
  const totals = plan ? planTotals(plan) : undefined;
  const planningMs = planningDuration(
    rng,
    template.basePlanningMs,
    chosen && template.timing?.planningMs ? { ...template.timing, planningMs: undefined } : template.timing,
  );
  // Only the injected waits are for a LARGE-queue slot; a raised concurrency limit shortens them.
  const queueMs =
    template.timing?.queueWaitMs === undefined
      ? queueDuration(rng, template.timing)
      : Math.round(queueDuration(rng, template.timing) * largeQueueWaitFactor(world.flavor, world.state));
  const rowsReturned = outcome ? 0 : (plan?.outRows ?? 0);
  const clientFetchMs = plan && !outcome ? clientFetchDuration(rng, rowsReturned, template.timing) : 0;
  const phases = phaseTimestamps(rng, submittedMs, {
    planningMs,
    queueMs,
    executionMs: plan ? executionWallMs(cutFragments(plan)) : 0,
    clientFetchMs,
    stoppedInPlanning: outcome?.stage === 'planning',
    recordsEngineStart: world.flavor.workloadManagement,
    ...(template.timing?.metadataRetrievalMs &&
    !metadataFresh(world.state, baseTablesOf(world.state, template), submittedMs)
      ? { metadataRetrievalMs: template.timing.metadataRetrievalMs }
      : {}),
  });
  const relationships = relationshipsFor({
    seed: world.seed,
    state: world.state,
    tables: baseTablesOf(world.state, template),
    need: template.acceleration,
    chosen,
    atMs: submittedMs,
  });
  const plannerCost = totals?.plannerCost ?? 1;
  const queueName = queueFor(
    world.flavor,
    template.client,
    plannerCost,
    template.timing?.queueWaitMs !== undefined,
  );
  const stoppedInPlanning = outcome?.stage === 'planning';
  const job: SimJob = {
    jobId: request.jobId,
    template: template.name,
    labels: jobLabels({
      template,
      accelerated: via !== undefined,
      unprunedPartitionedScan: built?.unprunedPartitionedScan ?? false,
      statisticsCurrent: statisticsCurrent(world.state, baseTablesOf(world.state, template), submittedMs),
      spilled: plan === undefined ? undefined : planSpills(plan),
    }),
    sql: request.sql ?? run.sql,
    user,
    queryType: request.queryType ?? CLIENTS[template.client].queryType,
    finalState: outcome?.state ?? 'COMPLETED',
    errorMessage: outcome?.error ?? '',
    submittedEpochMs: submittedMs,
    phases,
    rowsScanned: BigInt(totals?.rowsScanned ?? 0),
    bytesScanned: BigInt(totals?.bytesScanned ?? 0),
    rowsReturned: BigInt(rowsReturned),
    bytesReturned: BigInt(plan && !outcome ? rowsReturned * plan.rowBytes : 0),
    plannerEstimatedCost: Math.round(plannerCost * 100) / 100,
    executionCpuTimeMs: Math.round((totals?.processNs ?? 0) / 1e6),
    memoryAllocatedBytes: BigInt(totals?.peakMemoryBytes ?? 0),
    accelerated: chosen !== undefined && !outcome,
    reflectionRelationships: outcome ? [] : relationships,
    queueName: stoppedInPlanning ? '' : queueName,
    engine: stoppedInPlanning ? '' : engineFor(world.flavor, template.client),
    queriedDatasets: template.queried,
    scannedDatasets: chosen ? [chosen.id] : (totals?.scannedDatasets ?? []),
    attemptCount: 1,
    hasProfile: true,
  };
  return {
    job,
    ...(plan ? { plan } : {}),
    client: template.client,
    planningMs,
    queueMs,
    clientFetchMs,
    ...(chosen ? { chosenReflection: chosen } : {}),
    consideredReflections: relationships.flatMap(
      (rel) => world.state.reflections.get(rel.reflectionId) ?? [],
    ),
    wlmQueueId: QUEUES[queueName].id,
    datasets: template.queried.map((path) => {
      const view = world.state.views.get(path);
      return view ? { path, viewSql: view.sql } : { path };
    }),
  };
}

function planSpills(node: PlanNode): boolean {
  return node.spill !== undefined || node.children.some(planSpills);
}
