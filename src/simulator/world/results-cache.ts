/**
 * Dremio's results cache, as the simulator decides it: a repeat of the same deterministic SELECT by
 * the same user, on tables no DDL has touched since the stored run and with the same plan (the same
 * serving reflection), is answered from the stored result. Not cached: SQL with dynamic functions,
 * system-table queries, UI previews, runs that did not complete; results over 20 MB are checked where
 * the result is known (`cached-job.ts`). Runs are offered in submission order, so the answer for a
 * job never depends on the order jobs are later read in.
 */
import { servingReflection } from './acceleration.js';
import type { Rng } from './prng.js';
import type { Template } from './templates/template.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

/** Dremio stores results up to 20 MB (Arrow size); larger ones run again. */
export const RESULTS_CACHE_MAX_BYTES = 20 * 1024 * 1024;

// Niladic ones are keywords; the others only count as calls, so a column named `now` stays cacheable.
const DYNAMIC_FUNCTIONS =
  /\b(CURRENT_DATE|CURRENT_TIME|CURRENT_TIMESTAMP|LOCALTIME|LOCALTIMESTAMP|SESSION_USER|CURRENT_USER)\b|\b(NOW|RAND|RANDOM|UUID|QUERY_USER|USER|IS_MEMBER|UNIX_TIMESTAMP)\s*\(/i;
const SYSTEM_TABLES = /(^|[^\w.])("?sys"?|"?INFORMATION_SCHEMA"?)\s*\./i;
const NOT_CACHED_TYPES: ReadonlySet<string> = new Set(['UI_PREVIEW']);

/** One workload run as the cache sees it. */
export interface CacheRun {
  readonly user: string;
  readonly sql: string;
  readonly queryType: string;
  /** Base tables the query reads: DDL on any of them drops its stored result. */
  readonly tables: readonly string[];
  /** The reflection serving the plan, '' for none: another plan is another cache entry. */
  readonly servedBy: string;
  readonly completes: boolean;
  readonly atMs: number;
}

export function cacheableSql(sql: string, queryType: string): boolean {
  return !NOT_CACHED_TYPES.has(queryType) && !DYNAMIC_FUNCTIONS.test(sql) && !SYSTEM_TABLES.test(sql);
}

export interface ResultsCache {
  /** Whether this run is answered from the cache; a completed run that is not becomes the stored one. */
  offer(run: CacheRun): boolean;
  /** DDL on a table at `atMs`: results stored before it are stale. */
  invalidate(table: string, atMs: number): void;
}

export function createResultsCache(): ResultsCache {
  const storedAtMs = new Map<string, number>();
  const changedAtMs = new Map<string, number>();
  return {
    offer: (run) => {
      if (!run.completes || !cacheableSql(run.sql, run.queryType)) return false;
      const key = `${run.user}\u0000${run.servedBy}\u0000${run.sql.replace(/\s+/g, ' ').trim()}`;
      const stored = storedAtMs.get(key);
      const fresh =
        stored !== undefined &&
        run.tables.every((t) => (changedAtMs.get(t) ?? Number.NEGATIVE_INFINITY) < stored);
      if (fresh) return true;
      storedAtMs.set(key, run.atMs);
      return false;
    },
    invalidate: (table, atMs) => {
      changedAtMs.set(table, Math.max(changedAtMs.get(table) ?? Number.NEGATIVE_INFINITY, atMs));
    },
  };
}

/**
 * The run a workload job makes, drawn as `buildWorkloadJob` draws it (the user, then the template's
 * run from the same generator), so the cache can be asked before the job is built.
 */
export function cacheRunOf(options: {
  readonly state: WorldState;
  readonly template: Template;
  readonly rng: Rng;
  readonly submittedMs: number;
  readonly queryType: string;
  readonly user?: string;
  readonly sql?: string;
}): CacheRun {
  const { state, template, rng, submittedMs } = options;
  const user = options.user ?? rng.pick(template.users);
  const sql = options.sql ?? template.run(rng, submittedMs).sql;
  return {
    user,
    sql,
    queryType: options.queryType,
    tables: [...new Set(template.queried.map((p) => baseTableOf(state, p)?.path ?? p))],
    servedBy: servingReflection(state, template.acceleration, submittedMs)?.id ?? '',
    completes: template.outcome === undefined,
    atMs: submittedMs,
  };
}
