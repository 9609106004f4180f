/**
 * The DDL the simulator understands (dremio-api.md §6.6) and its effect on the world: reflections
 * are created or dropped, OPTIMIZE compacts a table to 256 MB files, ADD PARTITION FIELD makes
 * filters on that column prune.
 */

import { entityUuid } from './job-id.js';
import type { PartitionField, PartitionTransform, SimReflectionDef } from './model.js';
import { estimatedReflectionSize } from './reflection-entities.js';
import { normalizeSql, PATH_PATTERN, parsePath } from './sql-paths.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

export const OPTIMIZE_TARGET_FILE_BYTES = 256 * 1024 * 1024;

export type DdlCommand =
  | {
      readonly kind: 'create-reflection';
      readonly path: string[];
      readonly name: string;
      readonly type: SimReflectionDef['type'];
      readonly dimensions: string[];
      readonly measures: string[];
      readonly display: string[];
      readonly partition: string[];
    }
  | { readonly kind: 'drop-reflection'; readonly path: string[]; readonly name: string }
  | { readonly kind: 'optimize'; readonly path: string[] }
  | {
      readonly kind: 'add-partition-field';
      readonly path: string[];
      readonly column: string;
      readonly transform: PartitionTransform;
    };

/** Top-level comma-separated items, keeping `revenue (SUM, COUNT)` in one piece. */
function splitTopLevel(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items;
}

function columnList(body: string | undefined): string[] {
  if (!body) return [];
  return splitTopLevel(body)
    .map((part) =>
      part
        .trim()
        .replace(/\s+BY\s+\w+$/i, '')
        .replace(/\s*\(.*$/, '')
        .replace(/"/g, ''),
    )
    .filter((name) => name.length > 0);
}

/** Column lists inside `KEYWORD (...)`, allowing one level of nested parentheses (measure types). */
function clause(sql: string, keyword: string): string | undefined {
  const re = new RegExp(String.raw`\b${keyword}\s*\(((?:[^()]|\([^()]*\))*)\)`, 'i');
  return re.exec(sql)?.[1];
}

export function parseDdl(rawSql: string): DdlCommand | undefined {
  const sql = normalizeSql(rawSql);
  const target = String.raw`^ALTER\s+(?:TABLE|VIEW|VDS|PDS|DATASET)\s+(${PATH_PATTERN})\s+`;
  const create = new RegExp(
    `${target}CREATE\\s+(AGGREGATE|RAW)\\s+REFLECTION\\s+("[^"]+"|\\w+)\\s+USING\\s+(.*)$`,
    'i',
  ).exec(sql);
  if (create) {
    const rest = create[4] ?? '';
    return {
      kind: 'create-reflection',
      path: parsePath(create[1] ?? ''),
      name: (create[3] ?? '').replace(/"/g, ''),
      type: /^RAW$/i.test(create[2] ?? '') ? 'RAW' : 'AGGREGATION',
      dimensions: columnList(clause(rest, 'DIMENSIONS')),
      measures: columnList(clause(rest, 'MEASURES')),
      display: columnList(clause(rest, 'DISPLAY')),
      partition: columnList(clause(rest, 'PARTITION\\s+BY')),
    };
  }
  const drop = new RegExp(`${target}DROP\\s+REFLECTION\\s+("[^"]+"|[\\w-]+)`, 'i').exec(sql);
  if (drop)
    return {
      kind: 'drop-reflection',
      path: parsePath(drop[1] ?? ''),
      name: (drop[2] ?? '').replace(/"/g, ''),
    };
  const optimize = new RegExp(`^OPTIMIZE\\s+TABLE\\s+(${PATH_PATTERN})`, 'i').exec(sql);
  if (optimize) return { kind: 'optimize', path: parsePath(optimize[1] ?? '') };
  const partition = new RegExp(
    `^ALTER\\s+TABLE\\s+(${PATH_PATTERN})\\s+ADD\\s+PARTITION\\s+FIELD\\s+(?:(\\w+)\\s*\\(\\s*(?:\\d+\\s*,\\s*)?("[^"]+"|\\w+)\\s*\\)|("[^"]+"|\\w+))`,
    'i',
  ).exec(sql);
  if (partition) {
    const fn = (partition[2] ?? 'identity').toLowerCase();
    const transform = (
      ['hour', 'day', 'month', 'year', 'bucket'].includes(fn) ? fn : 'identity'
    ) as PartitionTransform;
    return {
      kind: 'add-partition-field',
      path: parsePath(partition[1] ?? ''),
      column: (partition[3] ?? partition[4] ?? '').replace(/"/g, ''),
      transform,
    };
  }
  return undefined;
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
    case 'optimize': {
      if (!base || base.path !== datasetPath)
        throw new RangeError(`OPTIMIZE TABLE needs a table; ${datasetPath} is a view.`);
      const fileCount = Math.max(1, Math.ceil(base.layout.totalBytes / OPTIMIZE_TARGET_FILE_BYTES));
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
    case 'add-partition-field': {
      if (!base || base.path !== datasetPath)
        throw new RangeError(`ADD PARTITION FIELD needs a table; ${datasetPath} is a view.`);
      if (!base.columns.some((c) => c.name === command.column)) {
        throw new RangeError(`Column '${command.column}' not found in ${datasetPath}.`);
      }
      const field: PartitionField = {
        column: command.column,
        transform: command.transform,
        partitionCount: 64,
      };
      state.tables.set(base.path, {
        ...base,
        layout: {
          ...base.layout,
          partitionFields: [...base.layout.partitionFields.filter((f) => f.column !== command.column), field],
          snapshotCount: base.layout.snapshotCount + 1,
          lastChangeMs: atMs,
        },
      });
      return { summary: `Partition field ${command.transform}(${command.column}) added.` };
    }
  }
}
