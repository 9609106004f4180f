/**
 * `submitSql`: DDL changes the current world state; a workload SELECT is matched to the template
 * that reads the same datasets (closest text wins) and run against the current state, so it sees
 * new reflections, compacted files and new partition fields. Unknown objects fail like Dremio.
 */
import { extractSqlFacts } from '../../sql/facts.js';
import {
  PARSE_FAILURE,
  parseErrorOf,
  unknownColumnError,
  unqualifiedColumnError,
} from '../sql/validate-statement.js';
import type { SubmitResult } from '../world.js';
import { apiJobRecord } from './api-job.js';
import { answeredFromCache } from './cached-job.js';
import { pathParts, sameParts } from './dataset-path.js';
import type { DdlCommand } from './ddl.js';
import { applyDdl } from './ddl.js';
import { parseDdlStatement } from './ddl-grammar.js';
import { explainPlanText, explainResult, splitExplain } from './explain-plan.js';
import type { JobWorld } from './job-builder.js';
import { buildWorkloadJob } from './job-builder.js';
import type { JobRecord } from './job-record.js';
import type { JobStore } from './job-store.js';
import { hash32, rngFor } from './prng.js';
import { resultColumns, resultRows } from './result-rows.js';
import type { ResultsCache } from './results-cache.js';
import { cacheRunOf } from './results-cache.js';
import { normalizeSql, referencedPaths } from './sql-paths.js';
import type { Template } from './templates/template.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

const SUBMIT_SALT = 0x5b;

/**
 * The dataset a SQL path names, part by part: `Samples.samples.dremio.com.zips.json` is six parts and
 * names no dataset, as in Dremio, even though `Samples."samples.dremio.com"."zips.json"` exists.
 */
export function resolveDataset(state: WorldState, segments: readonly string[]): string | undefined {
  for (const path of [...state.tables.keys(), ...state.views.keys()])
    if (sameParts(pathParts(path), segments)) return path;
  return undefined;
}

function columnsOf(state: WorldState, segments: readonly string[]): readonly string[] | undefined {
  const path = resolveDataset(state, segments);
  if (path === undefined) return undefined;
  return (state.tables.get(path) ?? state.views.get(path))?.columns.map((c) => c.name);
}

export function notFoundMessage(segments: readonly string[]): string {
  const name = segments[segments.length - 1] ?? '';
  const parent = segments.slice(0, -1).join('.');
  return parent
    ? `VALIDATION ERROR: Object '${name}' not found within '${parent}'`
    : `VALIDATION ERROR: Object '${name}' not found`;
}

function tokens(sql: string): Set<string> {
  return new Set(
    normalizeSql(sql)
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .filter((t) => t.length > 1 && !/^\d+$/.test(t)),
  );
}

function similarity(a: Set<string>, b: Set<string>): number {
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / Math.max(1, a.size + b.size - common);
}

export function matchTemplate(options: {
  readonly sql: string;
  readonly datasets: readonly string[];
  readonly templates: readonly Template[];
  readonly state: WorldState;
  readonly atMs: number;
}): Template | undefined {
  const wanted = new Set(options.datasets.map((p) => baseTableOf(options.state, p)?.path ?? p));
  const submitted = tokens(options.sql);
  let best: { template: Template; score: number } | undefined;
  for (const template of options.templates) {
    if (template.outcome) continue;
    const tables = new Set(template.queried.map((p) => baseTableOf(options.state, p)?.path ?? p));
    if (tables.size !== wanted.size || [...tables].some((t) => !wanted.has(t))) continue;
    const sample = template.run(rngFor(1, 2, 3), options.atMs).sql;
    const score = similarity(submitted, tokens(sample));
    if (!best || score > best.score) best = { template, score };
  }
  return best?.template;
}

export interface SubmitContext {
  readonly seed: number;
  readonly state: WorldState;
  readonly store: JobStore;
  readonly templates: readonly Template[];
  readonly world: JobWorld;
  readonly onChange: () => void;
  /** Runs a new reflection's first refresh, as Dremio does right after creating it. */
  readonly refreshNow: (reflectionId: string, atMs: number) => void;
  readonly resultsCache?: ResultsCache;
}

/** The dataset a command acts on; `ALTER SYSTEM SET` acts on none. */
function ddlTarget(command: DdlCommand): readonly string[] | undefined {
  return command.kind === 'set-option' ? undefined : command.path;
}

/**
 * The datasets a query reads, or the VALIDATION ERROR Dremio gives for the first name it cannot
 * resolve. CTE names are the query's own relations, not catalog objects.
 */
function readDatasets(state: WorldState, sql: string): { datasets: string[] } | { error: string } {
  const facts = extractSqlFacts(sql);
  const ctes = new Set(facts.cteNames.map((n) => n.toUpperCase()));
  const datasets: string[] = [];
  for (const segments of referencedPaths(sql)) {
    if (segments.length === 1 && ctes.has(segments[0]!.toUpperCase())) continue;
    const path = resolveDataset(state, segments);
    if (!path) return { error: notFoundMessage(segments) };
    if (!datasets.includes(path)) datasets.push(path);
  }
  return { datasets };
}

function finish(record: JobRecord, result?: SubmitResult['result']): SubmitResult {
  return result ? { job: record.job, result } : { job: record.job };
}

export function submitSql(
  ctx: SubmitContext,
  sql: string,
  context: { readonly user: string; readonly at: number },
): SubmitResult {
  const ddl = parseDdlStatement(sql);
  const fail = (message: string, queried: readonly string[] = []): SubmitResult =>
    finish(
      ctx.store.append(
        (jobId, submittedMs) =>
          apiJobRecord({
            flavor: ctx.world.flavor,
            jobId,
            sql,
            user: context.user,
            submittedMs,
            finalState: 'FAILED',
            errorMessage: message,
            rowsReturned: 0,
            queried,
            durationMs: 5,
          }),
        context.at,
      ),
    );
  const explain = splitExplain(sql);
  if (explain.kind === 'invalid') return fail(PARSE_FAILURE);
  if (explain.kind === 'explain') return explainQuery(ctx, { sql, query: explain.query, fail, context });
  const parseError = parseErrorOf(sql);
  if (parseError !== undefined) return fail(parseError);
  if (ddl.kind === 'invalid') return fail(PARSE_FAILURE);
  if (ddl.kind === 'command') {
    const command = ddl.command;
    const segments = ddlTarget(command);
    const target = segments === undefined ? '' : resolveDataset(ctx.state, segments);
    if (segments !== undefined && !target) return fail(notFoundMessage(segments));
    if (target === undefined) return fail(PARSE_FAILURE);
    try {
      let summary = '';
      const record = ctx.store.append((jobId, submittedMs, index) => {
        summary = applyDdl({
          seed: ctx.seed,
          state: ctx.state,
          command,
          datasetPath: target,
          atMs: submittedMs,
          ordinal: index,
        }).summary;
        return apiJobRecord({
          flavor: ctx.world.flavor,
          jobId,
          sql,
          user: context.user,
          submittedMs,
          finalState: 'COMPLETED',
          errorMessage: '',
          rowsReturned: 1,
          queried: target === '' ? [] : [target],
          durationMs: 40,
        });
      }, context.at);
      ctx.onChange();
      if (command.kind === 'create-reflection') {
        const created = [...ctx.state.reflections.values()].find(
          (r) =>
            r.datasetPath === target &&
            r.name === command.name &&
            r.createdAtMs === record.job.submittedEpochMs,
        );
        if (created) ctx.refreshNow(created.id, record.job.phases.finalState);
      }
      if (command.kind === 'refresh-reflections') {
        for (const r of ctx.state.reflections.values())
          if (r.datasetPath === target) ctx.refreshNow(r.id, record.job.phases.finalState);
      }
      const columns = [
        { name: 'ok', type: 'BOOLEAN' as const },
        { name: 'summary', type: 'VARCHAR' as const },
      ];
      return finish(record, {
        columns,
        rowCount: 1,
        rows: (offset, limit) => (offset === 0 && limit > 0 ? [{ ok: true, summary }] : []),
      });
    } catch (error) {
      return fail(
        `VALIDATION ERROR: ${error instanceof Error ? error.message : String(error)}`,
        target === '' ? [] : [target],
      );
    }
  }
  if (/^\s*(VACUUM|CREATE|DROP|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY)\b/i.test(normalizeSql(sql))) {
    const first = normalizeSql(sql).split(' ').slice(0, 3).join(' ');
    return fail(
      `UNSUPPORTED_OPERATION ERROR: The simulator does not run '${first} …'. It runs queries, reflection DDL, OPTIMIZE TABLE, ADD PARTITION FIELD, REFRESH METADATA, ANALYZE TABLE and ALTER SYSTEM SET.`,
    );
  }
  const read = readDatasets(ctx.state, sql);
  if ('error' in read) return fail(read.error);
  const { datasets } = read;
  const lookup = (segments: readonly string[]) => columnsOf(ctx.state, segments);
  const columnError = unknownColumnError(sql, lookup) ?? unqualifiedColumnError(sql, lookup);
  if (columnError !== undefined) return fail(columnError, datasets);
  const template =
    datasets.length > 0
      ? matchTemplate({ sql, datasets, templates: ctx.templates, state: ctx.state, atMs: context.at })
      : undefined;
  if (!template) {
    return finish(
      ctx.store.append(
        (jobId, submittedMs) =>
          apiJobRecord({
            flavor: ctx.world.flavor,
            jobId,
            sql,
            user: context.user,
            submittedMs,
            finalState: 'COMPLETED',
            errorMessage: '',
            rowsReturned: 1,
            queried: datasets,
            durationMs: 20,
          }),
        context.at,
      ),
      {
        columns: [{ name: 'EXPR$0', type: 'INTEGER' }],
        rowCount: 1,
        rows: (o, l) => (o === 0 && l > 0 ? [{ EXPR$0: 1 }] : []),
      },
    );
  }
  // A cache hit executed no plan, but its result has the columns the stored run's plan produced.
  let planned: JobRecord | undefined;
  const record = ctx.store.append((jobId, submittedMs, index) => {
    const request = { template, submittedMs, user: context.user, sql, queryType: 'REST' };
    const built = buildWorkloadJob(ctx.world, {
      ...request,
      jobId,
      rng: rngFor(ctx.seed, index, SUBMIT_SALT),
    });
    const run = cacheRunOf({ ...request, state: ctx.state, rng: rngFor(ctx.seed, index, SUBMIT_SALT) });
    planned = built;
    return (ctx.resultsCache?.offer(run) ? answeredFromCache(built) : undefined) ?? built;
  }, context.at);
  const columns = (planned ?? record).plan?.columns ?? [];
  const rowCount = Number(record.job.rowsReturned);
  const salt = hash32(ctx.seed, record.job.submittedEpochMs % 2_147_483_647);
  return finish(record, {
    columns: resultColumns(columns),
    rowCount,
    rows: (offset, limit) => resultRows({ columns, rowCount, salt, offset, limit }),
  });
}

/** Validates and plans the query of `EXPLAIN PLAN FOR`, never runs it: one row, the plan as text. */
function explainQuery(
  ctx: SubmitContext,
  run: {
    readonly sql: string;
    readonly query: string;
    readonly fail: (message: string, queried?: readonly string[]) => SubmitResult;
    readonly context: { readonly user: string; readonly at: number };
  },
): SubmitResult {
  const parseError = parseErrorOf(run.query);
  if (parseError !== undefined) return run.fail(parseError);
  if (!/^\s*(SELECT|WITH|VALUES|\()/i.test(normalizeSql(run.query)))
    return run.fail(
      `UNSUPPORTED_OPERATION ERROR: The simulator explains queries only (SELECT, WITH, VALUES).`,
    );
  const read = readDatasets(ctx.state, run.query);
  if ('error' in read) return run.fail(read.error);
  const lookup = (segments: readonly string[]) => columnsOf(ctx.state, segments);
  const columnError = unknownColumnError(run.query, lookup) ?? unqualifiedColumnError(run.query, lookup);
  if (columnError !== undefined) return run.fail(columnError, read.datasets);
  const text = explainPlanText(ctx.state, read.datasets);
  const record = ctx.store.append(
    (jobId, submittedMs) =>
      apiJobRecord({
        flavor: ctx.world.flavor,
        jobId,
        sql: run.sql,
        user: run.context.user,
        submittedMs,
        finalState: 'COMPLETED',
        errorMessage: '',
        rowsReturned: 1,
        queried: read.datasets,
        durationMs: 30,
      }),
    run.context.at,
  );
  return finish(record, explainResult(text));
}
