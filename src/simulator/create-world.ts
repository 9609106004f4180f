/**
 * Builds the simulated Dremio world behind the simulator's HTTP server: seeded, deterministic
 * (same options → byte-identical truth and profiles), and lazy (a million jobs cost two typed
 * arrays; each job, row and profile is computed when asked for). `advance` appends more such lazy
 * days run against a snapshot of the live state; every change to that state is logged with its
 * true effect for the truth.
 */
import { FLAVOR_SPECS } from './flavor.js';
import type { SimClock } from './sim-clock.js';
import { MAX_ADVANCE_DAYS, planSegment } from './world/advance-segment.js';
import { apiJobRecord } from './world/api-job.js';
import { planArrivals } from './world/arrivals.js';
import type { CatalogIndex } from './world/catalog.js';
import { buildCatalog, pathKey } from './world/catalog.js';
import type { ChangeRecord } from './world/change-log.js';
import { createChangeLog } from './world/change-log.js';
import { pathOf } from './world/dataset-path.js';
import type { DdlCommand } from './world/ddl.js';
import { parseDdl } from './world/ddl.js';
import { attemptRecord } from './world/job-attempts.js';
import type { JobWorld } from './world/job-builder.js';
import type { JobRecord } from './world/job-record.js';
import { createJobStore } from './world/job-store.js';
import { createLiveUsage } from './world/live-usage.js';
import type { SimReflectionDef } from './world/model.js';
import { rngFor } from './world/prng.js';
import { renderProfileJson } from './world/profile/profile-builder.js';
import { reflectionFromBody, toReflectionEntity } from './world/reflection-entities.js';
import { countOfKind, historicalUsage, lastIndexOfKind } from './world/reflection-usage.js';
import { buildRefreshJob } from './world/refresh-job.js';
import { regressionStartMs } from './world/regression.js';
import { createResultsCache } from './world/results-cache.js';
import { submitSql } from './world/submit-sql.js';
import { icebergFunctionTable } from './world/tables/iceberg-functions.js';
import type { ReflectionTableSource, ReflectionUsage } from './world/tables/reflection-tables.js';
import { systemTables } from './world/tables/system-tables.js';
import { TEMPLATES } from './world/templates/index.js';
import { MS_PER_DAY } from './world/time-format.js';
import { buildTruth } from './world/truth.js';
import { checkWorldOptions } from './world/world-options.js';
import { baseTableOf, cloneState, initialState } from './world/world-state.js';
import type {
  AdvanceResult,
  ChangeKind,
  GroundTruth,
  ReflectionEntity,
  SimTable,
  SimWorld,
  WorldOptions,
} from './world.js';

/** Minor fragments per phase: 4 executors × 4 threads. */
const REFRESH_SALT = 0x7ef;
const ENGINE_WIDTH = 16;

/**
 * @example
 * const world = createWorld({ flavor: 'software-25.1', seed: 1, jobs: 5000, days: 14,
 *   endAt: new Date('2026-11-01T00:00:00Z'), userName: 'dremio', password: 'dremio123', token: 't', projectId: 'p' });
 * world.job(0).jobId; world.profileJson(world.job(0).jobId, 0);
 */
export function createWorld(options: WorldOptions, clock?: SimClock): SimWorld {
  checkWorldOptions(options);
  const flavor = FLAVOR_SPECS[options.flavor];
  const seed = options.seed >>> 0;
  const endAtMs = options.endAt.getTime();
  const initial = initialState(seed, endAtMs, flavor);
  const state = cloneState(initial);
  const refreshing = [...initial.reflections.values()];
  const arrivals = planArrivals({
    seed,
    jobs: options.jobs,
    days: options.days,
    endAtMs,
    templateWeights: TEMPLATES.map((t) => t.weight),
    refreshingReflections: refreshing.length,
  });
  const history: JobWorld = {
    seed,
    flavor,
    state: initial,
    regressionStartMs: regressionStartMs(endAtMs, options.days),
    engineWidth: ENGINE_WIDTH,
  };
  const live: JobWorld = { ...history, state };
  const resultsCache = options.resultsCache === true ? createResultsCache() : undefined;
  const store = createJobStore({
    seed,
    arrivals,
    templates: TEMPLATES,
    refreshing,
    world: history,
    ...(resultsCache ? { resultsCache } : {}),
  });

  const liveUsage = createLiveUsage({ seed, store, templates: TEMPLATES });
  const workloadJobs = countWorkload(arrivals.kinds, TEMPLATES.length);
  const totalWeight = TEMPLATES.reduce((sum, t) => sum + t.weight, 0);
  const changeLog = createChangeLog({
    world: history,
    templates: TEMPLATES,
    runsPerDay: (t) => (options.days > 0 ? workloadJobs / options.days : 0) * (t.weight / totalWeight),
  });
  let usageCache: Map<string, ReflectionUsage> | undefined;
  let catalogCache: CatalogIndex | undefined;
  let truthCache: GroundTruth | undefined;
  let horizonMs = endAtMs;
  let segments = 0;
  const onChange = (): void => {
    catalogCache = undefined;
    truthCache = undefined;
  };
  const recordChange = (change: Omit<ChangeRecord, 'after'>): void => {
    changeLog.record({ ...change, after: cloneState(state) });
    resultsCache?.invalidate(baseTableOf(state, change.datasetPath)?.path ?? change.datasetPath, change.atMs);
    truthCache = undefined;
  };
  const catalog = (): CatalogIndex => {
    catalogCache ??= buildCatalog(seed, state, {
      createdAtMs: endAtMs - 400 * 86_400_000,
      homeUser: options.userName,
    });
    return catalogCache;
  };
  const usage = (reflectionId: string): ReflectionUsage => {
    usageCache ??= historicalUsage({ seed, state: initial, templates: TEMPLATES, arrivals });
    return liveUsage.usage(
      reflectionId,
      usageCache.get(reflectionId) ?? { considered: 0, matched: 0, chosen: 0 },
    );
  };
  const refreshKind = (r: SimReflectionDef): number => {
    const idx = refreshing.findIndex((x) => x.id === r.id);
    return idx < 0 ? -1 : TEMPLATES.length + idx;
  };
  const lastRefresh = (r: SimReflectionDef) => {
    const after = liveUsage.lastRefreshIndex(r);
    if (after >= 0) return store.job(after);
    const kind = refreshKind(r);
    const index = kind < 0 ? -1 : lastIndexOfKind(arrivals, kind);
    return index < 0 ? undefined : store.job(index);
  };
  const refreshNow = (reflectionId: string, atMs: number): JobRecord | undefined => {
    const reflection = state.reflections.get(reflectionId);
    if (!reflection) return undefined;
    return store.append(
      (jobId, submittedMs, index) =>
        buildRefreshJob(live, { jobId, reflection, submittedMs, rng: rngFor(seed, index, REFRESH_SALT) }),
      atMs,
    );
  };
  const reflectionSource: ReflectionTableSource = {
    seed,
    state,
    usage,
    lastRefresh,
    failedRefreshes: (r) =>
      (r.failing ? countOfKind(arrivals, refreshKind(r)) : 0) + liveUsage.failedRefreshes(r),
  };
  // Without a clock (a world read directly, not served) every job has ended.
  const nowMs = clock === undefined ? () => Number.POSITIVE_INFINITY : () => clock.nowMs();
  const tables = systemTables({ flavor, jobs: store, endAtMs, reflections: reflectionSource, nowMs });
  const entity = (r: SimReflectionDef): ReflectionEntity => {
    const last = lastRefresh(r);
    return toReflectionEntity({
      seed,
      flavor,
      r,
      usage: usage(r.id),
      lastRefreshMs: last?.phases.finalState ?? r.createdAtMs,
      failures: reflectionSource.failedRefreshes(r),
      failureMessage: last?.errorMessage ?? '',
    });
  };

  const restChange = (kind: ChangeKind, r: SimReflectionDef) => ({
    atMs: Math.max(endAtMs, store.lastSubmittedMs()),
    kind,
    via: 'rest' as const,
    statement: null,
    datasetPath: r.datasetPath,
    reflectionId: r.id,
  });
  const jobsPerDay = options.days > 0 ? options.jobs / options.days : 0;
  const advance = (days: number): AdvanceResult => {
    if (!(Number.isFinite(days) && days > 0 && days <= MAX_ADVANCE_DAYS))
      throw new RangeError(`days must be a number above 0 and at most ${MAX_ADVANCE_DAYS}, got ${days}.`);
    const nowBeforeMs = clock?.nowMs() ?? Number.NEGATIVE_INFINITY;
    const fromMs = Math.ceil(Math.max(horizonMs, store.lastSubmittedMs() + 1, nowBeforeMs));
    const segment = planSegment({
      world: history,
      state,
      ordinal: segments++,
      fromMs,
      days,
      jobsPerDay,
      templateWeights: TEMPLATES.map((t) => t.weight),
    });
    store.extend(segment);
    const toMs = fromMs + Math.round(days * MS_PER_DAY);
    horizonMs = toMs;
    // Now moves by the days asked, and at least to the end of what was generated.
    clock?.advance(Math.max(Math.round(days * MS_PER_DAY), toMs - nowBeforeMs));
    truthCache = undefined;
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      jobs: segment.arrivals.kinds.length,
      changes: changeLog.changes(),
    };
  };

  return {
    options,
    truth: () => {
      truthCache ??= buildTruth({
        world: options,
        store,
        templates: TEMPLATES,
        state,
        changes: changeLog.changes(),
      });
      return truthCache;
    },
    jobCount: store.historicalCount,
    job: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= store.historicalCount) {
        throw new RangeError(`job index ${index} is outside 0..${store.historicalCount - 1}`);
      }
      return store.job(index);
    },
    jobById: (jobId) => store.recordById(jobId)?.job,
    profileJson: (jobId, attempt) => {
      const record = store.recordById(jobId);
      const attempted = record?.job.hasProfile ? attemptRecord(record, attempt) : undefined;
      return attempted === undefined ? undefined : renderProfileJson(attempted, { seed, flavor });
    },
    table: (name): SimTable | undefined => tables.get(name.toLowerCase()),
    tableFunction: (fn, path) => icebergFunctionTable({ fn, path, state, seed }),
    catalogRoots: () => catalog().roots,
    catalogById: (id) => catalog().byId.get(id),
    catalogByPath: (path) => catalog().byPath.get(pathKey(path)),
    reflections: () => [...state.reflections.values()].map(entity),
    reflectionById: (id) => {
      const r = state.reflections.get(id);
      return r ? entity(r) : undefined;
    },
    createReflection: (body) => {
      const target = catalog().byId.get(String(body.datasetId));
      const datasetPath = target ? pathOf(target.path) : String(body.datasetId);
      const r = reflectionFromBody({
        seed,
        body,
        datasetPath,
        base: baseTableOf(state, datasetPath),
        atMs: Math.max(endAtMs, store.lastSubmittedMs()),
        ordinal: state.reflections.size,
      });
      const before = cloneState(state);
      state.reflections.set(r.id, r);
      onChange();
      const refresh = refreshNow(r.id, r.createdAtMs);
      recordChange({
        atMs: refresh?.job.phases.finalState ?? r.createdAtMs,
        kind: 'create-reflection',
        via: 'rest',
        statement: null,
        datasetPath,
        reflectionId: r.id,
        before,
      });
      return entity(r);
    },
    updateReflection: (id, body) => {
      const r = state.reflections.get(id);
      if (!r) return undefined;
      const next: SimReflectionDef = {
        ...r,
        name: typeof body.name === 'string' ? body.name : r.name,
        enabled: typeof body.enabled === 'boolean' ? body.enabled : r.enabled,
        tag: `${r.tag.slice(0, 24)}${(Number.parseInt(r.tag.slice(24), 16) + 1).toString(16).padStart(12, '0').slice(-12)}`,
      };
      const before = cloneState(state);
      state.reflections.set(id, next);
      onChange();
      if (next.enabled !== r.enabled) {
        const kind = next.enabled ? 'enable-reflection' : 'disable-reflection';
        recordChange({ ...restChange(kind, r), before });
      }
      return entity(next);
    },
    deleteReflection: (id) => {
      const r = state.reflections.get(id);
      if (!r) return false;
      const before = cloneState(state);
      state.reflections.delete(id);
      onChange();
      recordChange({ ...restChange('drop-reflection', r), before });
      return true;
    },
    submitSql: (sql, context) => {
      const before = cloneState(state);
      let refresh: JobRecord | undefined;
      const refreshAndKeep = (reflectionId: string, atMs: number): void => {
        refresh = refreshNow(reflectionId, atMs);
      };
      const result = submitSql(
        {
          seed,
          state,
          store,
          templates: TEMPLATES,
          world: live,
          onChange,
          refreshNow: refreshAndKeep,
          ...(resultsCache ? { resultsCache } : {}),
        },
        sql,
        context,
      );
      const command = parseDdl(sql);
      const kind = command && CHANGE_OF_COMMAND[command.kind];
      if (kind && result.job.finalState === 'COMPLETED') {
        const created = [...state.reflections.keys()].find((id) => !before.reflections.has(id));
        const dropped = [...before.reflections.keys()].find((id) => !state.reflections.has(id));
        recordChange({
          atMs:
            kind === 'create-reflection' && refresh
              ? refresh.job.phases.finalState
              : result.job.phases.finalState,
          kind,
          via: 'sql',
          statement: sql,
          datasetPath: result.job.queriedDatasets[0] ?? '',
          reflectionId: created ?? dropped ?? null,
          before,
        });
      }
      return result;
    },
    advance: (days) => advance(days),
    recordQueryJob: (entry) =>
      store.append(
        (jobId, submittedMs) =>
          apiJobRecord({
            flavor: live.flavor,
            jobId,
            sql: entry.sql,
            user: entry.user,
            submittedMs,
            finalState: entry.finalState,
            errorMessage: entry.errorMessage,
            rowsReturned: entry.rowsReturned,
            queried: [],
            durationMs: 15 + Math.min(2000, entry.rowsReturned / 100),
          }),
        entry.at,
      ).job,
  };
}

/** The DDL that changes what later runs do; refreshing a reflection changes nothing they see. */
const CHANGE_OF_COMMAND: Readonly<Record<DdlCommand['kind'], ChangeKind | undefined>> = {
  'create-reflection': 'create-reflection',
  'drop-reflection': 'drop-reflection',
  'refresh-reflections': undefined,
  optimize: 'optimize',
  'add-partition-field': 'add-partition-field',
  // A metadata refresh spares later runs their inline refresh only for the next 3 hours
  // (world-state metadataFresh): not a lasting change the truth's effects could measure.
  'refresh-metadata': undefined,
  'analyze-table': 'compute-statistics',
  'set-option': 'set-option',
  'cluster-table': 'cluster-table',
};
function countWorkload(kinds: Uint16Array, templateCount: number): number {
  let n = 0;
  for (const kind of kinds) if (kind < templateCount) n++;
  return n;
}
