import type { Change } from '../domain/change.js';
import type { DremioDeployment } from '../domain/dremio-deployment.js';
import type { DremioClient } from '../dremio/dremio-client.js';
import { StoreError } from '../errors.js';
import type { Logger } from '../log/index.js';
import { withSpan } from '../observe/span.js';
import {
  type CollectionErrorInput,
  ensureCluster,
  findUnfinishedRun,
  finishRun,
  type ProfileCandidate,
  recordCollectionError,
  type Store,
  saveRunPlan,
  startRun,
  withCollectionLock,
} from '../store/index.js';
import { recordCollectedChanges } from './live/changes-step.js';
import { collectDatasets } from './live/datasets-stage.js';
import { collectHistory, type HistoryCounts } from './live/history-stage.js';
import { type CollectSettings, type CollectStage, type LiveContext, messageOf } from './live/live-context.js';
import { collectProfiles, type ProfileCounts, planProfiles } from './live/profiles-stage.js';
import { collectReflections } from './live/reflections-stage.js';
import type { ChangeCounts } from './record-changes.js';

export interface CollectDependencies {
  readonly store: Store;
  readonly client: DremioClient;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly onProgress?: (
    stage: CollectStage | 'changes',
    text: string,
    data: Readonly<Record<string, number>>,
  ) => void;
}

export interface CollectSummary {
  readonly runId: bigint;
  readonly clusterName: string;
  /** True when this run finished the plan of an earlier run that was killed. */
  readonly resumed: boolean;
  readonly status: 'succeeded' | 'partial' | 'failed';
  readonly deployment: { readonly kind: string; readonly version: string; readonly historyTable: string };
  readonly history?: HistoryCounts;
  readonly profiles?: ProfileCounts;
  readonly reflections?: { readonly reflections: number; readonly refreshes: number };
  readonly datasets?: { readonly datasets: number; readonly withFileStats: number };
  /** Changes made by hand that this run found (DDL in history, reflections created or dropped). */
  readonly changes?: ChangeCounts;
  /** Stages that stopped early: why, and what the next run does about it. */
  readonly failedStages: readonly FailedStage[];
  readonly errors: number;
  readonly durationMs: number;
  /** Wall time of each stage that ran. */
  readonly stageMs: Readonly<Partial<Record<CollectStage, number>>>;
}

export interface FailedStage {
  readonly stage: CollectStage;
  readonly reason: string;
  readonly nextRun: string;
}

/** What a rerun does for a stage that failed; every stage is safe to run again. */
const NEXT_RUN: Readonly<Record<CollectStage, string>> = {
  history: 'the next run continues after the last page stored',
  profiles: 'the next run fetches the planned profiles not stored yet',
  reflections: 'the next run reads reflections again',
  datasets: 'the next run reads dataset metadata again',
};

const RUN_KIND = 'collect';

/**
 * Collects history, profiles, reflections and dataset metadata from a live Dremio into the store.
 * Incremental and resumable: history commits page by page with its watermark, and a run that was
 * killed is finished by the next one with the same profile plan, so the store ends exactly as after a
 * clean run. Never two runs of one cluster at once.
 */
export async function collect(deps: CollectDependencies, settings: CollectSettings): Promise<CollectSummary> {
  const started = Date.now();
  const deployment = await deps.client.deployment(deps.signal === undefined ? {} : { signal: deps.signal });
  const cluster = await ensureCluster(deps.store.db, {
    name: settings.clusterName,
    kind: deployment.kind,
    version: deployment.version,
    edition: deployment.enterprise ? 'enterprise' : 'oss',
    projectId: deployment.projectId === '' ? null : deployment.projectId,
  });
  const outcome = await withCollectionLock(deps.store, cluster.id, () =>
    runLocked({ deps, settings, deployment, clusterId: cluster.id, started }),
  );
  if (outcome === 'locked') {
    throw new StoreError(`another collection of cluster "${settings.clusterName}" is running`, {
      code: 'STORE_COLLECTION_BUSY',
      hint: 'wait for it to finish; runs of one cluster never overlap',
    });
  }
  return outcome;
}

async function runLocked(input: {
  deps: CollectDependencies;
  settings: CollectSettings;
  deployment: DremioDeployment;
  clusterId: bigint;
  started: number;
}): Promise<CollectSummary> {
  const { deps, settings, deployment, clusterId } = input;
  const db = deps.store.db;
  const unfinished = await findUnfinishedRun(db, { clusterId, kind: RUN_KIND });
  const runId =
    unfinished?.runId ??
    (await startRun(db, { clusterId, kind: RUN_KIND, options: { stages: [...settings.stages] } }));
  const runStartedAt = unfinished?.startedAt ?? new Date(input.started);
  const logger = deps.logger.child({ cluster: settings.clusterName, run: runId.toString() });
  let errors = 0;
  const ctx: LiveContext = {
    store: deps.store,
    client: deps.client,
    deployment,
    clusterId,
    runId,
    runStartedAt,
    settings,
    logger,
    signal: deps.signal,
    progress: (stage, text, data) => deps.onProgress?.(stage, text, data),
    recordError: async (error: CollectionErrorInput) => {
      errors++;
      logger.warn({ stage: error.stage, item: error.item }, error.message);
      await recordCollectionError(db, { runId, clusterId, error });
    },
  };
  if (unfinished !== undefined)
    logger.info({ resumedRun: runId.toString() }, 'finishing a collection run that was interrupted');

  const summary: { -readonly [K in keyof CollectSummary]?: CollectSummary[K] } = {};
  const stageMs: Partial<Record<CollectStage, number>> = {};
  const failedStages: FailedStage[] = [];
  // A function, not a value: the signal can fire while a stage runs.
  const aborted = () => deps.signal?.aborted === true;
  const stage = async <T>(name: CollectStage, fn: () => Promise<T>): Promise<T | undefined> => {
    if (!settings.stages.has(name) || aborted()) return undefined;
    const began = Date.now();
    // Shown at once: a stage's first count can take a page of history or a profile plan to arrive.
    ctx.progress(name, 'starting', { done: 0 });
    try {
      return await withSpan(`collect.${name}`, { cluster: settings.clusterName }, fn);
    } catch (error) {
      if (aborted()) throw error;
      failedStages.push({ stage: name, reason: messageOf(error), nextRun: NEXT_RUN[name] });
      await ctx.recordError({ stage: name, item: `the ${name} stage`, message: messageOf(error) });
      return undefined;
    } finally {
      stageMs[name] = Date.now() - began;
    }
  };
  summary.history = await stage('history', () => collectHistory(ctx));
  summary.profiles = await stage('profiles', async () => {
    const saved = unfinished?.options.profilePlan as readonly ProfileCandidate[] | undefined;
    const plan = saved ?? (await planProfiles(ctx));
    if (saved === undefined)
      await saveRunPlan(db, { runId, options: { stages: [...settings.stages], profilePlan: plan } });
    return collectProfiles(ctx, plan);
  });
  const observed: Change[] = [];
  summary.reflections = await stage('reflections', () => collectReflections(ctx, observed));
  summary.datasets = await stage('datasets', () => collectDatasets(ctx, observed));
  summary.changes = await withSpan('collect.changes', { cluster: settings.clusterName }, () =>
    detectChanges(ctx, observed, aborted),
  );

  const status = aborted() ? 'failed' : errors > 0 ? 'partial' : 'succeeded';
  const result: CollectSummary = {
    ...summary,
    runId,
    clusterName: settings.clusterName,
    resumed: unfinished !== undefined,
    status,
    deployment: { kind: deployment.kind, version: deployment.version, historyTable: deployment.historyTable },
    failedStages,
    errors,
    durationMs: Date.now() - input.started,
    stageMs,
  };
  await finishRun(db, {
    runId,
    status,
    counts: { ...result, runId: undefined },
    // Says which signal, so the run reads as interrupted, not as a failure of Dremio.
    ...(aborted() ? { error: `${messageOf(deps.signal?.reason)} before the end` } : {}),
  });
  logger.info(
    {
      event: 'collection.finished',
      status,
      jobs: result.history?.rowsRead ?? 0,
      profiles: result.profiles?.fetched ?? 0,
      errors,
      durationMs: result.durationMs,
    },
    'collection finished',
  );
  return result;
}

/** Change detection reads what the stages stored; a failure is recorded and the collection stands. */
async function detectChanges(
  ctx: LiveContext,
  observed: readonly Change[],
  aborted: () => boolean,
): Promise<ChangeCounts | undefined> {
  if (aborted()) return undefined;
  try {
    return await recordCollectedChanges(ctx, observed);
  } catch (error) {
    if (aborted()) throw error;
    await ctx.recordError({ stage: 'history', item: 'change detection', message: messageOf(error) });
    return undefined;
  }
}
