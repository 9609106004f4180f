/**
 * The contract between the simulated Dremio world (data, workload, cost model, profiles) and the
 * HTTP server that exposes it. The world is deterministic for a seed and options; the server only
 * adds transport concerns (auth, paging, job polling, faults).
 */
import type { DetectorId } from '../domain/detector-id.js';
import type { Flavor } from './flavor.js';

export interface WorldOptions {
  readonly flavor: Flavor;
  readonly seed: number;
  /** Historical jobs to generate (default 5000). */
  readonly jobs: number;
  /** Days of history the jobs spread over, ending at `endAt` (default 14). */
  readonly days: number;
  /** The simulated "now": history ends here. Fixed by default so output is reproducible. */
  readonly endAt: Date;
  readonly userName: string;
  readonly password: string;
  readonly token: string;
  readonly projectId: string;
  /**
   * Dremio's results cache: a repeat of the same deterministic SELECT by the same user on unchanged
   * tables is answered from the stored result. Off unless set, on every flavor, so existing worlds keep
   * their jobs; real Dremio Cloud has it on by default (Software: Enterprise, off since 25.2.16).
   */
  readonly resultsCache?: boolean;
}

/** Column types as Dremio names them in a results page's `schema`. */
export type SqlType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'LIST';

export interface SqlColumn {
  readonly name: string;
  readonly type: SqlType;
}

/**
 * A row as Dremio's results JSON would carry it: TIMESTAMP values are strings such as
 * `2024-04-24 14:26:23.248`, BIGINT values are `bigint` when they may exceed 2^53.
 */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly SqlValue[]
  /** A STRUCT, e.g. Cloud's `{name, type}` dataset entries or Iceberg's `{key, value}` column sizes. */
  | { readonly [field: string]: SqlValue };
export type SqlRow = Readonly<Record<string, SqlValue>>;

/** A filter the world may use to skip rows early; the server still applies every filter itself. */
export interface RangeHint {
  readonly column: string;
  readonly min?: { readonly value: number | bigint; readonly inclusive: boolean };
  readonly max?: { readonly value: number | bigint; readonly inclusive: boolean };
}

export interface SimTable {
  /** Lower-case dotted name as a query names it, e.g. `sys.jobs_recent`, `information_schema.tables`. */
  readonly name: string;
  readonly columns: readonly SqlColumn[];
  /** Columns the rows are already sorted by (ascending), so the server can stream ORDER BY + LIMIT. */
  readonly naturalOrder: readonly string[];
  /** Rows in natural order. Lazily generated: never materialise a million-row table. */
  scan(hints: readonly RangeHint[]): Iterable<SqlRow>;
}

export type SimJobState = 'COMPLETED' | 'FAILED' | 'CANCELED';

export interface SimReflectionRelationship {
  readonly datasetId: string;
  readonly reflectionId: string;
  readonly relationship: 'CONSIDERED' | 'MATCHED' | 'CHOSEN';
}

/** One job as the world knows it; the server renders `/api/v3/job/{id}` and history rows from it. */
export interface SimJob {
  readonly jobId: string;
  /** Template name for workload jobs; `api` for jobs submitted over REST; `reflection-refresh` etc. */
  readonly template: string;
  readonly labels: readonly DetectorId[];
  readonly sql: string;
  readonly user: string;
  readonly queryType: string;
  readonly finalState: SimJobState;
  readonly errorMessage: string;
  readonly submittedEpochMs: number;
  /** Epoch ms of each phase start; 0 when the phase did not happen. */
  readonly phases: {
    readonly attemptStarted: number;
    readonly metadataRetrieval: number;
    readonly planningStart: number;
    readonly queryEnqueued: number;
    readonly engineStart: number;
    readonly executionPlanning: number;
    readonly executionStart: number;
    readonly finalState: number;
  };
  readonly rowsScanned: bigint;
  readonly bytesScanned: bigint;
  readonly rowsReturned: bigint;
  readonly bytesReturned: bigint;
  readonly plannerEstimatedCost: number;
  readonly executionCpuTimeMs: number;
  readonly memoryAllocatedBytes: bigint;
  readonly accelerated: boolean;
  readonly reflectionRelationships: readonly SimReflectionRelationship[];
  readonly queueName: string;
  readonly engine: string;
  readonly queriedDatasets: readonly string[];
  readonly scannedDatasets: readonly string[];
  readonly attemptCount: number;
  readonly hasProfile: boolean;
}

export interface SubmitResult {
  readonly job: SimJob;
  /** The result set, computed lazily page by page; absent for jobs that return no rows. */
  readonly result?: {
    readonly columns: readonly SqlColumn[];
    rows(offset: number, limit: number): SqlRow[];
    readonly rowCount: number;
  };
}

/** A catalog entity in the shape `/api/v3/catalog/{id}` returns (containers, tables, views). */
export type CatalogEntity = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly path: readonly string[];
};

/** A reflection in the shape `/api/v3/reflection/{id}` returns. */
export type ReflectionEntity = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly datasetId: string;
};

export const CHANGE_KINDS = [
  'create-reflection',
  'drop-reflection',
  'enable-reflection',
  'disable-reflection',
  'optimize',
  'add-partition-field',
  'compute-statistics',
  'set-option',
  'cluster-table',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The true effect of a change on one workload template. */
export interface ChangeEffect {
  readonly template: string;
  /**
   * Median time of the template's run in the state just before the change over the median just
   * after (> 1 faster, 1 no effect), on submitted → final less queue wait (engine start has no
   * length of its own here: it is stamped at the enqueue instant).
   */
  readonly speedup: number;
  /** Expected runs of the template per day at the workload's rate. */
  readonly runsPerDay: number;
}

/** A change to the live state, when it took effect and what it truly does to every template it touches. */
export interface TruthChange {
  readonly id: string;
  /** ISO time it took effect: a new reflection's first refresh end, otherwise the DDL/REST call's end. */
  readonly at: string;
  readonly kind: ChangeKind;
  readonly via: 'sql' | 'rest';
  /** The SQL that made it; null for REST. */
  readonly statement: string | null;
  readonly datasetPath: string;
  readonly reflectionId: string | null;
  readonly effects: readonly ChangeEffect[];
}

/** What `advance` generated: jobs submitted in [from, to) with every change so far in effect. */
export interface AdvanceResult {
  readonly from: string;
  readonly to: string;
  readonly jobs: number;
  readonly changes: readonly TruthChange[];
}

export interface GroundTruth {
  readonly seed: number;
  readonly flavor: Flavor;
  readonly generatedAt: string;
  readonly connection: {
    readonly userName: string;
    readonly password: string;
    readonly token: string;
    readonly projectId: string;
  };
  readonly jobs: readonly {
    readonly jobId: string;
    readonly template: string;
    readonly labels: readonly DetectorId[];
  }[];
  readonly templates: readonly {
    readonly template: string;
    readonly labels: readonly DetectorId[];
    readonly jobIds: readonly string[];
  }[];
  readonly datasets: readonly { readonly path: string; readonly labels: readonly DetectorId[] }[];
  readonly reflections: readonly { readonly id: string; readonly labels: readonly DetectorId[] }[];
  /** Every change to the live state so far, oldest first. */
  readonly changes: readonly TruthChange[];
}

export interface SimWorld {
  readonly options: WorldOptions;
  truth(): GroundTruth;

  /** Historical jobs, ascending by submitted time then job id. */
  readonly jobCount: number;
  job(index: number): SimJob;
  jobById(jobId: string): SimJob | undefined;

  /** Raw profile JSON text exactly as `/apiv2/profiles/{id}.json?attempt=N` returns it. */
  profileJson(jobId: string, attempt: number): string | undefined;

  /** System tables, INFORMATION_SCHEMA and Iceberg metadata functions by lower-case name. */
  table(name: string): SimTable | undefined;
  /** `TABLE(table_files('…'))` and friends; undefined when the table is unknown or not Iceberg. */
  tableFunction(
    fn: 'table_files' | 'table_partitions' | 'table_snapshot' | 'table_history' | 'table_manifests',
    path: string,
  ): SimTable | undefined;

  catalogRoots(): readonly CatalogEntity[];
  catalogById(id: string): CatalogEntity | undefined;
  catalogByPath(path: readonly string[]): CatalogEntity | undefined;

  reflections(): readonly ReflectionEntity[];
  reflectionById(id: string): ReflectionEntity | undefined;
  createReflection(body: Readonly<Record<string, unknown>>): ReflectionEntity;
  updateReflection(id: string, body: Readonly<Record<string, unknown>>): ReflectionEntity | undefined;
  deleteReflection(id: string): boolean;

  /**
   * Runs SQL that is not a system-table query: workload SELECTs and DDL (reflections, OPTIMIZE,
   * ADD PARTITION FIELD). DDL changes the world, so later runs of affected templates get faster.
   */
  submitSql(sql: string, context: { readonly user: string; readonly at: number }): SubmitResult;

  /**
   * Lets `days` (> 0, may be fractional) pass: generates the workload of that stretch — same
   * templates, rhythm and rate as history, refreshes on their period — against the live state, after
   * the last job, and moves the clock past it.
   */
  advance(days: number): AdvanceResult;

  /**
   * Records a job the server ran itself (a system-table query), so it shows in job history as a
   * REST job like any other, and returns it.
   */
  recordQueryJob(entry: {
    readonly sql: string;
    readonly user: string;
    readonly at: number;
    readonly finalState: SimJobState;
    readonly errorMessage: string;
    readonly rowsReturned: number;
  }): SimJob;
}
