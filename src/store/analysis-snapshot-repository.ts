import { type Selectable, sql } from 'kysely';
import type { JobRecord, ReflectionRelationship } from '../domain/job.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { CompactTimestamps } from './compact-timestamps.js';
import type { Db } from './db-handle.js';
import { JOB_COLUMNS, LATER_TIMESTAMP_COLUMNS } from './job-columns.js';
import type { JobsTable } from './schema.js';
import { StringPool } from './string-pool.js';

type LaterTimestamp = (typeof LATER_TIMESTAMP_COLUMNS)[number];

/** Read as text below: the lists and the reflection relationships repeat, so most rows need no parse. */
const AS_TEXT = ['queried_datasets', 'scanned_datasets', 'reflection_relationships'] as const;
type AsText = (typeof AS_TEXT)[number];

const WINDOW_COLUMNS = JOB_COLUMNS.filter(
  (c): c is Exclude<(typeof JOB_COLUMNS)[number], LaterTimestamp | AsText> =>
    !(LATER_TIMESTAMP_COLUMNS as readonly string[]).includes(c) &&
    !(AS_TEXT as readonly string[]).includes(c),
);

// The timestamps after the submit time as epoch ms (float8, kept as offsets by CompactTimestamps): a
// number the driver parses without making a Date. Stored times come from JS
// Dates, so they are whole milliseconds and the value is exact.
const EPOCH_MS = LATER_TIMESTAMP_COLUMNS.map((c) =>
  sql<number | null>`(extract(epoch from ${sql.ref(c)}) * 1000)::float8`.as(`${c}_ms`),
);

const TEXT_COLUMNS = [
  sql<string>`to_json(queried_datasets)::text`.as('queried_datasets_json'),
  sql<string>`to_json(scanned_datasets)::text`.as('scanned_datasets_json'),
  sql<string>`reflection_relationships::text`.as('reflection_relationships_json'),
];

type JobRow = Pick<Selectable<JobsTable>, (typeof WINDOW_COLUMNS)[number]> & {
  readonly [K in `${LaterTimestamp}_ms`]: number | null;
} & { readonly [K in `${AsText}_json`]: string };

const PAGE_ROWS = 5000;

/** The submit-time range of a cluster's jobs, or undefined when it has none. */
export async function jobTimeRange(
  db: Db,
  clusterId: bigint,
): Promise<{ readonly oldest: Date; readonly newest: Date } | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => [eb.fn.min('submitted_at').as('oldest'), eb.fn.max('submitted_at').as('newest')])
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  if (row?.oldest === null || row?.oldest === undefined || row.newest === null) return undefined;
  return { oldest: new Date(row.oldest), newest: new Date(row.newest) };
}

export interface WindowJobs {
  /** Oldest first (submitted time, then job id). `raw` is not loaded. */
  readonly jobs: readonly JobRecord[];
  /** The newest attempt's summary per job id. */
  readonly profiles: ReadonlyMap<string, ProfileSummary>;
  /** Stored summaries that did not have the shape analysis reads (written by an older version). */
  readonly unreadableProfiles: readonly string[];
}

/**
 * Loads the jobs submitted in [from, to] (both inclusive) with their profile summaries, a page at a
 * time in submit order, so the analysis snapshot can be built from the store exactly as from memory.
 */
export async function loadWindowJobs(
  db: Db,
  options: {
    readonly clusterId: bigint;
    readonly from: Date;
    readonly to: Date;
    /** Rows per round trip (default 5000). */
    readonly pageRows?: number;
  },
): Promise<WindowJobs> {
  const pageRows = options.pageRows ?? PAGE_ROWS;
  const jobs: JobRecord[] = [];
  const profiles = new Map<string, ProfileSummary>();
  const unreadable: string[] = [];
  const pool = new StringPool();
  const page = (after: { at: Date; id: string } | undefined) => {
    let query = db
      .selectFrom('jobs')
      .select(WINDOW_COLUMNS)
      .select(EPOCH_MS)
      .select(TEXT_COLUMNS)
      .where('cluster_id', '=', options.clusterId)
      .where('submitted_at', '>=', options.from)
      .where('submitted_at', '<=', options.to);
    if (after !== undefined) {
      const { at, id } = after;
      // The plain bound lets the index range start at the page boundary instead of the window start.
      query = query
        .where('submitted_at', '>=', at)
        .where((eb) =>
          eb.or([eb('submitted_at', '>', at), eb.and([eb('submitted_at', '=', at), eb('job_id', '>', id)])]),
        );
    }
    const rows = query.orderBy('submitted_at').orderBy('job_id').limit(pageRows).execute();
    // Awaited on the next turn; until then a failure must not count as unhandled.
    rows.catch(() => undefined);
    return rows;
  };
  let pending = page(undefined);
  for (;;) {
    const rows = await pending;
    if (rows.length === 0) break;
    const last = rows.at(-1)!;
    const more = rows.length === pageRows;
    // The server reads the next page while this one is converted (on PostgreSQL, another connection).
    if (more) pending = page({ at: last.submitted_at, id: last.job_id });
    for (const row of rows) jobs.push(toJobRecord(row, pool));
    await loadProfiles(db, {
      clusterId: options.clusterId,
      jobIds: rows.map((r) => r.job_id),
      into: profiles,
      unreadable,
    });
    if (!more) break;
  }
  return { jobs, profiles, unreadableProfiles: unreadable };
}

async function loadProfiles(
  db: Db,
  input: {
    readonly clusterId: bigint;
    readonly jobIds: readonly string[];
    readonly into: Map<string, ProfileSummary>;
    readonly unreadable: string[];
  },
): Promise<void> {
  const rows = await db
    .selectFrom('profiles')
    .select(['job_id', 'attempt', 'summary'])
    .where('cluster_id', '=', input.clusterId)
    .where('job_id', 'in', [...input.jobIds])
    .orderBy('job_id')
    .orderBy('attempt', 'desc')
    .execute();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.job_id)) continue;
    seen.add(row.job_id);
    if (looksLikeSummary(row.summary)) input.into.set(row.job_id, row.summary);
    else input.unreadable.push(`${row.job_id}#${row.attempt}`);
  }
}

/** The fields every detector dereferences; a summary without them would crash a detector, not inform it. */
function looksLikeSummary(value: unknown): value is ProfileSummary {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  const arrays = ['operators', 'fragments', 'scans', 'joins', 'states', 'planPhases', 'datasets'];
  return (
    typeof s.jobId === 'string' &&
    typeof s.durationMs === 'number' &&
    arrays.every((k) => Array.isArray(s[k])) &&
    typeof s.spill === 'object' &&
    s.spill !== null &&
    typeof s.acceleration === 'object' &&
    s.acceleration !== null &&
    typeof s.stateDurationsMs === 'object' &&
    s.stateDurationsMs !== null
  );
}

function num(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}

const NO_RELATIONSHIPS: readonly ReflectionRelationship[] = Object.freeze([]);

/** The job as the analysis reads it: repeated strings shared through `pool`, timestamps compact. */
function toJobRecord(r: JobRow, pool: StringPool): JobRecord {
  // Nearly every job has none: no parse and no new empty list for those.
  const relationships =
    r.reflection_relationships_json === '[]'
      ? NO_RELATIONSHIPS
      : parseLosslessJson(r.reflection_relationships_json);
  return {
    jobId: r.job_id,
    fingerprint: pool.intern(r.fingerprint),
    sqlText: pool.intern(r.sql_text),
    sqlRedacted: r.sql_redacted,
    sqlTruncated: r.sql_truncated,
    userName: pool.intern(r.user_name),
    queryType: pool.intern(r.query_type),
    state: pool.intern(r.state),
    timestamps: new CompactTimestamps(r.submitted_at, [
      r.attempt_started_at_ms,
      r.metadata_retrieval_at_ms,
      r.planning_start_at_ms,
      r.query_enqueued_at_ms,
      r.engine_start_at_ms,
      r.execution_planning_at_ms,
      r.starting_at_ms,
      r.execution_start_at_ms,
      r.final_state_at_ms,
    ]),
    durationMs: num(r.duration_ms),
    phases: {
      pendingMs: num(r.pending_ms),
      metadataRetrievalMs: num(r.metadata_retrieval_ms),
      planningMs: num(r.planning_ms),
      queuedMs: num(r.queued_ms),
      engineStartMs: num(r.engine_start_ms),
      executionPlanningMs: num(r.execution_planning_ms),
      startingMs: num(r.starting_ms),
      runningMs: num(r.running_ms),
    },
    rowsScanned: r.rows_scanned,
    bytesScanned: r.bytes_scanned,
    rowsReturned: r.rows_returned,
    bytesReturned: r.bytes_returned,
    plannerEstimatedCost: r.planner_estimated_cost,
    cpuTimeMs: r.cpu_time_ms,
    memoryAllocatedBytes: r.memory_allocated_bytes,
    accelerated: r.accelerated,
    reflectionRelationships:
      Array.isArray(relationships) && relationships.length > 0
        ? (relationships as ReflectionRelationship[])
        : NO_RELATIONSHIPS,
    queueName: pool.intern(r.queue_name),
    engine: pool.intern(r.engine),
    client: pool.intern(r.client),
    errorMessage: pool.intern(r.error_message),
    queriedDatasets: pool.listFromJson(r.queried_datasets_json),
    scannedDatasets: pool.listFromJson(r.scanned_datasets_json),
    attemptCount: r.attempt_count,
    isProfileIncomplete: r.is_profile_incomplete,
    source: pool.intern(r.source) as JobRecord['source'],
    sourceRef: pool.intern(r.source_ref),
    raw: null,
  };
}
