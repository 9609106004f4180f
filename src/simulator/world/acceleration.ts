/**
 * Reflection matching: which reflection serves a template run, what the planner considered, and the
 * materialization a served run scans instead of the base table.
 */
import type { SimReflectionRelationship } from '../world.js';
import { entityUuid } from './job-id.js';
import type { SimReflectionDef, SimTableDef } from './model.js';
import type { AccelerationNeed } from './templates/template.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

const MATERIALIZATION_FILE_BYTES = 256 * 1024 * 1024;

export function isAvailable(r: SimReflectionDef, atMs: number): boolean {
  return r.enabled && !r.failing && r.createdAtMs <= atMs;
}

export function covers(r: SimReflectionDef, need: AccelerationNeed): boolean {
  if (r.datasetPath !== need.dataset || r.type !== need.type) return false;
  if (r.type === 'RAW') return need.columns.every((c) => r.displayColumns.includes(c));
  return (
    need.columns.every((c) => r.dimensionColumns.includes(c)) &&
    need.measures.every((m) => r.measureColumns.includes(m))
  );
}

export function servingReflection(
  state: WorldState,
  need: AccelerationNeed | undefined,
  atMs: number,
): SimReflectionDef | undefined {
  if (!need) return undefined;
  for (const r of state.reflections.values()) if (isAvailable(r, atMs) && covers(r, need)) return r;
  return undefined;
}

export function materializationId(seed: number, r: SimReflectionDef): string {
  return entityUuid(seed, `materialization:${r.id}:${r.tag}`);
}

import { datasetId } from './dataset-id.js';

export { datasetId };

/** The materialization as a scannable Iceberg table under `__accelerator`. */
export function materializationTable(seed: number, state: WorldState, r: SimReflectionDef): SimTableDef {
  const base = baseTableOf(state, r.datasetPath);
  const names = r.type === 'RAW' ? r.displayColumns : [...r.dimensionColumns, ...r.measureColumns];
  const columns = names.map(
    (name) => base?.columns.find((c) => c.name === name) ?? { name, type: 'VARCHAR' as const },
  );
  const partitionFields = (base?.layout.partitionFields ?? []).filter((f) =>
    r.partitionColumns.includes(f.column),
  );
  return {
    kind: 'table',
    path: `__accelerator.${r.id}.${materializationId(seed, r)}`,
    format: 'Iceberg',
    columns,
    rowCount: Math.max(1, r.recordCount),
    layout: {
      fileCount: Math.max(1, Math.ceil(r.sizeBytes / MATERIALIZATION_FILE_BYTES)),
      totalBytes: Math.max(1, r.sizeBytes),
      partitionFields,
      snapshotCount: 1,
      lastChangeMs: r.createdAtMs,
    },
    labels: [],
  };
}

/** CONSIDERED for every usable reflection on the job's tables, MATCHED when it covers, CHOSEN when used. */
export function relationshipsFor(options: {
  readonly seed: number;
  readonly state: WorldState;
  readonly tables: readonly string[];
  readonly need: AccelerationNeed | undefined;
  readonly chosen: SimReflectionDef | undefined;
  readonly atMs: number;
}): SimReflectionRelationship[] {
  const out: SimReflectionRelationship[] = [];
  for (const r of options.state.reflections.values()) {
    if (!options.tables.includes(r.datasetPath) || !isAvailable(r, options.atMs)) continue;
    const relationship =
      options.chosen?.id === r.id
        ? 'CHOSEN'
        : options.need && covers(r, options.need)
          ? 'MATCHED'
          : 'CONSIDERED';
    out.push({ datasetId: datasetId(options.seed, r.datasetPath), reflectionId: r.id, relationship });
  }
  return out;
}
