/**
 * The effect on the world of the DDL the simulator runs (grammar in `ddl-grammar.ts`): reflections
 * are created or dropped, OPTIMIZE compacts a table's small (or huge) files to 256 MB, ADD PARTITION
 * FIELD makes filters on that column prune and splits every file per partition (`partition-split.ts`).
 */

import type { DdlCommand } from './ddl-grammar.js';
import { parseDdlStatement } from './ddl-grammar.js';
import { entityUuid } from './job-id.js';
import type { PartitionField, SimReflectionDef, TableColumn } from './model.js';
import { partitionCountFor, splitFileCount } from './partition-split.js';
import { estimatedReflectionSize } from './reflection-entities.js';
import { optionError } from './system-options.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

export const OPTIMIZE_TARGET_FILE_BYTES = 256 * 1024 * 1024;
export const OPTIMIZE_MIN_FILE_RATIO = 0.24;
export const OPTIMIZE_MAX_FILE_RATIO = 1.8;
export const OPTIMIZE_MIN_INPUT_FILES = 5;

export type { DdlCommand } from './ddl-grammar.js';

/** The command a statement runs, or undefined when it is not DDL the simulator runs or does not parse. */
export function parseDdl(sql: string): DdlCommand | undefined {
  const parsed = parseDdlStatement(sql);
  return parsed.kind === 'command' ? parsed.command : undefined;
}

export interface DdlEffect {
  readonly summary: string;
}

/** Applies a parsed command; the dataset path must already be resolved to a known dataset. */
export function applyDdl(options: {
  readonly seed: number;
  readonly state: WorldState;
  readonly command: DdlCommand;
  readonly datasetPath: string;
  readonly atMs: number;
  readonly ordinal: number;
}): DdlEffect {
  const { state, command, datasetPath, atMs } = options;
  const base = baseTableOf(state, datasetPath);
  switch (command.kind) {
    case 'create-reflection': {
      const size = estimatedReflectionSize(base, command.type, command.dimensions.length);
      const r: SimReflectionDef = {
        id: entityUuid(options.seed, `reflection:ddl:${options.ordinal}:${command.name}`),
        name: command.name,
        datasetPath,
        type: command.type,
        displayColumns: command.display,
        dimensionColumns: command.dimensions,
        measureColumns: command.measures,
        partitionColumns: command.partition,
        enabled: true,
        failing: false,
        createdAtMs: atMs,
        recordCount: size.recordCount,
        sizeBytes: size.sizeBytes,
        tag: entityUuid(options.seed, `reflection-tag:ddl:${options.ordinal}`),
      };
      state.reflections.set(r.id, r);
      return { summary: `Reflection ${r.name} created.` };
    }
    case 'drop-reflection': {
      const victim = [...state.reflections.values()].find(
        (r) => r.datasetPath === datasetPath && (r.name === command.name || r.id === command.name),
      );
      if (!victim) throw new RangeError(`Reflection ${command.name} not found on ${datasetPath}.`);
      state.reflections.delete(victim.id);
      return { summary: `Reflection ${victim.name} dropped.` };
    }
    case 'refresh-reflections': {
      const count = [...state.reflections.values()].filter((r) => r.datasetPath === datasetPath).length;
      return { summary: `Refresh of ${count} reflection(s) on ${datasetPath} triggered.` };
    }
    case 'optimize': {
      if (!base || base.path !== datasetPath)
        throw new RangeError(`OPTIMIZE TABLE needs a table; ${datasetPath} is a view.`);
      if (base.format !== 'Iceberg')
        throw new RangeError(`Table [${datasetPath}] is not configured to support DML operations`);
      const targetBytes =
        command.targetFileMb === undefined ? OPTIMIZE_TARGET_FILE_BYTES : command.targetFileMb * 1024 * 1024;
      const avgFileBytes = base.layout.totalBytes / Math.max(1, base.layout.fileCount);
      // Dremio rewrites only files outside 0.24×–1.8× of the target, and only when ≥ 5 of them.
      const inRange =
        avgFileBytes >= targetBytes * OPTIMIZE_MIN_FILE_RATIO &&
        avgFileBytes <= targetBytes * OPTIMIZE_MAX_FILE_RATIO;
      if (inRange || base.layout.fileCount < OPTIMIZE_MIN_INPUT_FILES)
        return {
          summary: `0 data files rewritten: the ${base.layout.fileCount} files are already near the target size.`,
        };
      // Bin-packing never merges files of two partitions: at least a file per partition remains.
      const partitions = base.layout.partitionFields.reduce((n, f) => n * f.partitionCount, 1);
      const fileCount = Math.min(
        base.layout.fileCount,
        Math.max(1, Math.ceil(base.layout.totalBytes / targetBytes), partitions),
      );
      state.tables.set(base.path, {
        ...base,
        layout: {
          ...base.layout,
          fileCount,
          snapshotCount: base.layout.snapshotCount + 1,
          lastChangeMs: atMs,
        },
      });
      return { summary: `${base.layout.fileCount} data files rewritten into ${fileCount}.` };
    }
    case 'cluster-table':
      return clusterTable(base, command, options);
    case 'add-partition-field': {
      if (!base || base.path !== datasetPath)
        throw new RangeError(`ADD PARTITION FIELD needs a table; ${datasetPath} is a view.`);
      if (!base.columns.some((c) => c.name === command.column)) {
        throw new RangeError(`Column '${command.column}' not found in ${datasetPath}.`);
      }
      const column = base.columns.find((c) => c.name === command.column) as TableColumn;
      const field: PartitionField = {
        column: command.column,
        transform: command.transform,
        partitionCount: partitionCountFor(base, column, command.transform, command.width),
      };
      state.tables.set(base.path, {
        ...base,
        layout: {
          ...base.layout,
          fileCount: splitFileCount(base, field),
          partitionFields: [...base.layout.partitionFields.filter((f) => f.column !== command.column), field],
          snapshotCount: base.layout.snapshotCount + 1,
          lastChangeMs: atMs,
        },
      });
      return { summary: `Partition field ${command.transform}(${command.column}) added.` };
    }
    case 'refresh-metadata': {
      if (!base || base.path !== datasetPath)
        throw new RangeError(`REFRESH METADATA needs a table; ${datasetPath} is a view.`);
      state.metadataRefreshedAtMs.set(datasetPath, atMs);
      return { summary: `Metadata for table '${datasetPath}' refreshed.` };
    }
    case 'analyze-table': {
      if (!base || base.path !== datasetPath)
        throw new RangeError(`ANALYZE TABLE needs a table; ${datasetPath} is a view.`);
      const missing = command.columns.find((name) => !base.columns.some((c) => c.name === name));
      if (missing !== undefined) throw new RangeError(`Column '${missing}' not found in ${datasetPath}.`);
      const what = command.columns.length === 0 ? 'all columns' : command.columns.join(', ');
      // The planner uses a table's statistics once they cover it; column subsets count as covering it here.
      if (command.compute) state.statisticsAtMs.set(datasetPath, atMs);
      else state.statisticsAtMs.delete(datasetPath);
      return {
        summary: `Statistics ${command.compute ? 'computed' : 'deleted'} for ${what} of ${datasetPath}.`,
      };
    }
    case 'set-option': {
      const error = optionError(command.name, command.value);
      if (error !== undefined) throw new RangeError(error);
      if (command.scope === 'SYSTEM') state.options.set(command.name, command.value);
      return { summary: `${command.name} updated.` };
    }
  }
}

/**
 * Records the clustering keys: Dremio 26 sorts files by them as it writes and optimizes, so each file
 * holds a narrow range of them and a filter on them skips files by their column bounds (scan-chain).
 * Only Iceberg tables cluster.
 */
function clusterTable(
  base: ReturnType<typeof baseTableOf>,
  command: Extract<DdlCommand, { kind: 'cluster-table' }>,
  options: { readonly state: WorldState; readonly datasetPath: string; readonly atMs: number },
): DdlEffect {
  const { state, datasetPath, atMs } = options;
  if (!base || base.path !== datasetPath)
    throw new RangeError(`CLUSTER BY needs a table; ${datasetPath} is a view.`);
  if (base.format !== 'Iceberg')
    throw new RangeError(`CLUSTER BY needs an Iceberg table; ${datasetPath} is not.`);
  for (const name of command.columns)
    if (!base.columns.some((c) => c.name === name))
      throw new RangeError(`Column '${name}' not found in ${datasetPath}.`);
  state.tables.set(base.path, {
    ...base,
    layout: {
      ...base.layout,
      clusteringColumns: command.columns,
      snapshotCount: base.layout.snapshotCount + 1,
      lastChangeMs: atMs,
    },
  });
  return { summary: `Clustering keys set to ${command.columns.join(', ')}.` };
}
