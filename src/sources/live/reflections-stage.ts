import type { Change } from '../../domain/change.js';
import type { Reflection } from '../../domain/reflection.js';
import {
  earliestJobAt,
  loadKnownReflections,
  markReflectionsDropped,
  upsertReflections,
} from '../../store/index.js';
import { reflectionListingChanges } from '../reflection-changes.js';
import {
  type MaterializationRefresh,
  reflectionFromSysRow,
  refreshFromMaterializationRow,
} from '../reflection-rows.js';
import type { LiveContext } from './live-context.js';

/**
 * Reflections with their status, usage counters and footprint (`sys.reflections`, or
 * `sys.project.reflections` on Cloud) and their refresh history (`…materializations`). The system
 * tables exist in every edition, where the REST list does not. The listing, once complete, is
 * compared with the stored one: reflections created, dropped, enabled or disabled meanwhile are added
 * to `found` for the run to record.
 */
export async function collectReflections(
  ctx: LiveContext,
  found: Change[] = [],
): Promise<{ readonly reflections: number; readonly refreshes: number }> {
  const table = ctx.deployment.reflectionsTable;
  const materializations = table.replace(/reflections$/, 'materializations');
  const options = ctx.signal === undefined ? {} : { signal: ctx.signal };
  const refreshes: MaterializationRefresh[] = [];
  for await (const row of ctx.client.runSql(`SELECT * FROM ${materializations}`, options)) {
    const refresh = refreshFromMaterializationRow(row);
    if (refresh !== undefined) refreshes.push(refresh);
  }
  const reflections: Reflection[] = [];
  for await (const row of ctx.client.runSql(`SELECT * FROM ${table}`, options)) {
    const id = row.reflection_id;
    const reflection = reflectionFromSysRow(
      row,
      refreshes.filter((r) => r.reflectionId === id),
    );
    if (reflection !== undefined) reflections.push(reflection);
  }
  const db = ctx.store.db;
  const listing = reflectionListingChanges({
    known: await loadKnownReflections(db, ctx.clusterId),
    listed: reflections,
    historyStart: await earliestJobAt(db, ctx.clusterId),
    observedAt: ctx.runStartedAt,
  });
  await db.transaction().execute(async (trx) => {
    await upsertReflections(trx, ctx.clusterId, reflections, { observedAt: ctx.runStartedAt });
    await markReflectionsDropped(trx, {
      clusterId: ctx.clusterId,
      reflectionIds: listing.droppedIds,
      at: ctx.runStartedAt,
    });
  });
  found.push(...listing.changes);
  ctx.progress('reflections', `${reflections.length} reflections`, {
    reflections: reflections.length,
    done: reflections.length,
    total: reflections.length,
  });
  return { reflections: reflections.length, refreshes: refreshes.length };
}
