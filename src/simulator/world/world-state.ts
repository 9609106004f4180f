/**
 * The world's mutable facts: table layouts and reflections. History is generated from the state
 * as it was at `endAt`; DDL changes only the current state, so it affects jobs submitted later.
 */

import type { FlavorSpec } from '../flavor.js';
import { INITIAL_VIEWS, initialTables } from './datasets.js';
import type { SimReflectionDef, SimTableDef, SimViewDef } from './model.js';
import { initialReflections } from './reflections-seed.js';
import type { OptionValue } from './system-options.js';
import { initialOptions } from './system-options.js';

export interface WorldState {
  readonly tables: Map<string, SimTableDef>;
  readonly views: Map<string, SimViewDef>;
  readonly reflections: Map<string, SimReflectionDef>;
  /** System options set by `ALTER SYSTEM SET`; absent = Dremio's default. */
  readonly options: Map<string, OptionValue>;
  /** When `ALTER TABLE … REFRESH METADATA` last ran on each table: queries within the expiry skip the inline refresh. */
  readonly metadataRefreshedAtMs: Map<string, number>;
  /** When `ANALYZE TABLE … COMPUTE STATISTICS` last ran on each table; `DELETE STATISTICS` removes it. */
  readonly statisticsAtMs: Map<string, number>;
  /** The options as the world began: a change counts only as a raise above these. */
  readonly initialOptions: ReadonlyMap<string, OptionValue>;
}

/** Dremio's default "Expire after" for a source's dataset metadata: 3 hours. */
export const METADATA_EXPIRY_MS = 3 * 3_600_000;

/** Statistics describe the data as it was: the planner's estimates drift after a week of new data. */
export const STATISTICS_EXPIRY_MS = 7 * 86_400_000;

export function initialState(seed: number, endAtMs: number, flavor: FlavorSpec): WorldState {
  const options = initialOptions(flavor);
  return {
    tables: new Map(initialTables(endAtMs).map((t) => [t.path, t])),
    views: new Map(INITIAL_VIEWS.map((v) => [v.path, v])),
    reflections: new Map(initialReflections(seed, endAtMs).map((r) => [r.id, r])),
    options: new Map(options),
    metadataRefreshedAtMs: new Map(),
    statisticsAtMs: new Map(),
    initialOptions: options,
  };
}

export function cloneState(state: WorldState): WorldState {
  return {
    tables: new Map(state.tables),
    views: new Map(state.views),
    reflections: new Map(state.reflections),
    options: new Map(state.options),
    metadataRefreshedAtMs: new Map(state.metadataRefreshedAtMs),
    statisticsAtMs: new Map(state.statisticsAtMs),
    initialOptions: state.initialOptions,
  };
}

/** Whether every table has statistics computed within the expiry before `atMs`. */
export function statisticsCurrent(state: WorldState, tables: readonly string[], atMs: number): boolean {
  return tables.every((t) => {
    const at = state.statisticsAtMs.get(t);
    return at !== undefined && at <= atMs && atMs - at < STATISTICS_EXPIRY_MS;
  });
}

/** Whether every table was refreshed within the metadata expiry before `atMs`, so none is refreshed inline. */
export function metadataFresh(state: WorldState, tables: readonly string[], atMs: number): boolean {
  return tables.every((t) => {
    const at = state.metadataRefreshedAtMs.get(t);
    return at !== undefined && at <= atMs && atMs - at < METADATA_EXPIRY_MS;
  });
}

/** The table behind a dataset path: the table itself, or a view's first parent. */
export function baseTableOf(state: WorldState, path: string): SimTableDef | undefined {
  const table = state.tables.get(path);
  if (table) return table;
  const view = state.views.get(path);
  return view ? state.tables.get(view.parents[0] ?? '') : undefined;
}
