import { upsertReflections } from '../../store/index.js';
import {
  type MaterializationRefresh,
  reflectionFromSysRow,
  refreshFromMaterializationRow,
} from '../reflection-rows.js';
import type { LiveContext } from './live-context.js';

/**
 * Reflections with their status, usage counters and footprint (`sys.reflections`, or
 * `sys.project.reflections` on Cloud) and their refresh history (`…materializations`). The system
 * tables exist in every edition, where the REST list does not.
 */
export async function collectReflections(
  ctx: LiveContext,
): Promise<{ readonly reflections: number; readonly refreshes: number }> {
  const table = ctx.deployment.reflectionsTable;
  const materializations = table.replace(/reflections$/, 'materializations');
  const options = ctx.signal === undefined ? {} : { signal: ctx.signal };
  const refreshes: MaterializationRefresh[] = [];
  for await (const row of ctx.client.runSql(`SELECT * FROM ${materializations}`, options)) {
    const refresh = refreshFromMaterializationRow(row);
    if (refresh !== undefined) refreshes.push(refresh);
  }
  const reflections = [];
  for await (const row of ctx.client.runSql(`SELECT * FROM ${table}`, options)) {
    const id = row.reflection_id;
    const reflection = reflectionFromSysRow(
      row,
      refreshes.filter((r) => r.reflectionId === id),
    );
    if (reflection !== undefined) reflections.push(reflection);
  }
  await upsertReflections(ctx.store.db, ctx.clusterId, reflections);
  ctx.progress('reflections', `${reflections.length} reflections`, { reflections: reflections.length });
  return { reflections: reflections.length, refreshes: refreshes.length };
}
