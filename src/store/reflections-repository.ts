import type { Reflection, ReflectionRefresh } from '../domain/reflection.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';

interface Definition {
  readonly dimensions: readonly string[];
  readonly measures: readonly string[];
  readonly displayColumns: readonly string[];
  readonly partitionColumns: readonly string[];
}

/**
 * Stores reflections (latest state) and their refreshes (history; each refresh stored once). A
 * reflection stored again is seen, so it is no longer dropped; `observedAt` (the collection's time)
 * says when it was last seen.
 */
export async function upsertReflections(
  db: Db,
  clusterId: bigint,
  reflections: readonly Reflection[],
  options: { readonly observedAt?: Date } = {},
): Promise<void> {
  const observed = options.observedAt === undefined ? {} : { collected_at: options.observedAt };
  for (const r of reflections) {
    const definition: Definition = {
      dimensions: r.dimensions,
      measures: r.measures,
      displayColumns: r.displayColumns,
      partitionColumns: r.partitionColumns,
    };
    const values = {
      name: r.name,
      type: r.type,
      dataset_id: r.datasetId,
      dataset_path: r.datasetPath,
      enabled: r.enabled,
      status: r.status,
      refresh_status: r.refreshStatus,
      availability_status: r.availabilityStatus,
      definition: stringifyLosslessJson(definition),
      current_size_bytes: r.currentSizeBytes,
      considered_count: r.consideredCount,
      matched_count: r.matchedCount,
      chosen_count: r.chosenCount,
      failure_count: r.failureCount,
      last_failure_message: r.lastFailureMessage,
      last_refresh_at: r.lastRefreshAt,
      last_refresh_duration_ms: r.lastRefreshDurationMs,
      created_at: r.createdAt,
      dropped_at: null,
    };
    await db
      .insertInto('reflections')
      .values({ cluster_id: clusterId, reflection_id: r.reflectionId, ...values, ...observed })
      .onConflict((oc) =>
        oc
          .columns(['cluster_id', 'reflection_id'])
          .doUpdateSet({ ...values, collected_at: options.observedAt ?? new Date() }),
      )
      .execute();
    if (r.refreshes.length === 0) continue;
    await db
      .insertInto('reflection_refreshes')
      .values(
        r.refreshes.map((f) => ({
          cluster_id: clusterId,
          materialization_id: f.materializationId,
          reflection_id: r.reflectionId,
          state: f.state,
          started_at: f.startedAt,
          duration_ms: f.durationMs,
          size_bytes: f.sizeBytes,
          failure_message: f.failureMessage,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['cluster_id', 'materialization_id']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          duration_ms: eb.ref('excluded.duration_ms'),
          size_bytes: eb.ref('excluded.size_bytes'),
          failure_message: eb.ref('excluded.failure_message'),
        })),
      )
      .execute();
  }
}

/** The reflections that exist: one a later listing no longer showed was dropped and is left out. */
export async function loadReflections(db: Db, clusterId: bigint): Promise<readonly Reflection[]> {
  const rows = await db
    .selectFrom('reflections')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('dropped_at', 'is', null)
    .orderBy('reflection_id')
    .execute();
  const refreshRows = await db
    .selectFrom('reflection_refreshes')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .orderBy('started_at')
    .execute();
  const refreshes = new Map<string, ReflectionRefresh[]>();
  for (const f of refreshRows) {
    const list = refreshes.get(f.reflection_id) ?? [];
    list.push({
      materializationId: f.materialization_id,
      startedAt: f.started_at,
      durationMs: f.duration_ms === null ? null : Number(f.duration_ms),
      state: f.state,
      sizeBytes: f.size_bytes === null ? null : Number(f.size_bytes),
      failureMessage: f.failure_message,
    });
    refreshes.set(f.reflection_id, list);
  }
  return rows.map((r) => {
    const d = (r.definition ?? {}) as Partial<Definition>;
    const n = (v: bigint | null) => (v === null ? null : Number(v));
    return {
      reflectionId: r.reflection_id,
      name: r.name,
      type: (['RAW', 'AGGREGATION', 'EXTERNAL'].includes(r.type ?? '')
        ? r.type
        : 'UNKNOWN') as Reflection['type'],
      datasetId: r.dataset_id,
      datasetPath: r.dataset_path,
      enabled: r.enabled,
      status: r.status,
      refreshStatus: r.refresh_status,
      availabilityStatus: r.availability_status,
      dimensions: d.dimensions ?? [],
      measures: d.measures ?? [],
      displayColumns: d.displayColumns ?? [],
      partitionColumns: d.partitionColumns ?? [],
      currentSizeBytes: n(r.current_size_bytes),
      consideredCount: n(r.considered_count),
      matchedCount: n(r.matched_count),
      chosenCount: n(r.chosen_count),
      failureCount: n(r.failure_count),
      lastFailureMessage: r.last_failure_message,
      lastRefreshAt: r.last_refresh_at,
      lastRefreshDurationMs: n(r.last_refresh_duration_ms),
      createdAt: r.created_at,
      refreshes: refreshes.get(r.reflection_id) ?? [],
    };
  });
}
