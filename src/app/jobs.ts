import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { getJob as getStoredJob } from '../store/index.js';
import { type JobRow, newestProfileOf, searchJobRows } from '../store/read-queries.js';
import { decodeCursor, encodeCursor, pageInput, pageOf } from './page.js';
import { clusterField, clustersInScope, instantField, iso, num, oneCluster, wire } from './read-scope.js';
import { defineService } from './service.js';

export const jobOutput = z.object({
  cluster: z.string(),
  jobId: z.string(),
  fingerprint: z.string().nullable().describe('The normalised query shape'),
  sqlText: z.string().nullable(),
  sqlRedacted: z.boolean(),
  sqlTruncated: z.boolean(),
  userName: z.string().nullable(),
  queryType: z.string().nullable(),
  state: z.string().nullable(),
  submittedAt: z.string(),
  finalStateAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  queuedMs: z.number().nullable(),
  planningMs: z.number().nullable(),
  runningMs: z.number().nullable(),
  rowsScanned: z.number().nullable(),
  bytesScanned: z.number().nullable(),
  rowsReturned: z.number().nullable(),
  cpuTimeMs: z.number().nullable(),
  memoryAllocatedBytes: z.number().nullable(),
  accelerated: z.boolean().nullable(),
  queueName: z.string().nullable(),
  engine: z.string().nullable(),
  errorMessage: z.string().nullable(),
  queriedDatasets: z.array(z.string()),
  attemptCount: z.number().int().nullable(),
  source: z.string(),
});

export const jobDetailOutput = jobOutput.extend({
  phases: z.object({
    pendingMs: z.number().nullable(),
    metadataRetrievalMs: z.number().nullable(),
    planningMs: z.number().nullable(),
    queuedMs: z.number().nullable(),
    engineStartMs: z.number().nullable(),
    executionPlanningMs: z.number().nullable(),
    startingMs: z.number().nullable(),
    runningMs: z.number().nullable(),
  }),
  scannedDatasets: z.array(z.string()),
  bytesReturned: z.number().nullable(),
  plannerEstimatedCost: z.number().nullable(),
  reflectionRelationships: z.unknown().describe('Reflections considered, matched and chosen'),
  client: z.string().nullable(),
  isProfileIncomplete: z.boolean().nullable(),
  profile: z
    .object({
      attempt: z.number().int(),
      dremioVersion: z.string().nullable(),
      fetchedAt: z.string(),
      sizeBytes: z.number(),
      source: z.string(),
      summary: z.unknown().describe('Operators, phases, spill, skew and acceleration as summarised'),
    })
    .nullable()
    .describe('The stored profile summary of the newest attempt; null when no profile was fetched'),
});

function jobItem(r: JobRow, cluster: string): z.input<typeof jobOutput> {
  return {
    cluster,
    jobId: r.job_id,
    fingerprint: r.fingerprint,
    sqlText: r.sql_text,
    sqlRedacted: r.sql_redacted,
    sqlTruncated: r.sql_truncated,
    userName: r.user_name,
    queryType: r.query_type,
    state: r.state,
    submittedAt: iso(r.submitted_at)!,
    finalStateAt: iso(r.final_state_at),
    durationMs: num(r.duration_ms),
    queuedMs: num(r.queued_ms),
    planningMs: num(r.planning_ms),
    runningMs: num(r.running_ms),
    rowsScanned: num(r.rows_scanned),
    bytesScanned: num(r.bytes_scanned),
    rowsReturned: num(r.rows_returned),
    cpuTimeMs: num(r.cpu_time_ms),
    memoryAllocatedBytes: num(r.memory_allocated_bytes),
    accelerated: r.accelerated,
    queueName: r.queue_name,
    engine: r.engine,
    errorMessage: r.error_message,
    queriedDatasets: [...r.queried_datasets],
    attemptCount: r.attempt_count,
    source: r.source,
  };
}

const badCursor = (cursor: string) =>
  new InvalidInputError('cursor is not one this service returned', {
    problems: [{ field: 'cursor', value: cursor, expected: 'the nextCursor of a previous page' }],
  });

export const searchJobs = defineService({
  name: 'jobs.search',
  summary: 'Stored jobs matching every given filter, newest first',
  input: z
    .object({
      cluster: clusterField,
      from: instantField.optional().describe('Submitted at or after this instant'),
      to: instantField.optional().describe('Submitted before this instant'),
      user: z.string().min(1).optional().describe('Exact user name'),
      queue: z.string().min(1).optional().describe('Exact queue name'),
      state: z.string().min(1).optional().describe('Final state: COMPLETED, FAILED, CANCELED, …'),
      fingerprint: z.string().min(1).optional().describe('The query shape'),
      text: z.string().min(1).max(500).optional().describe('Case-insensitive part of the SQL text'),
      ...pageInput,
    })
    .refine((o) => o.from === undefined || o.to === undefined || Date.parse(o.from) < Date.parse(o.to), {
      message: 'to must be after from',
      path: ['to'],
    }),
  output: pageOf(jobOutput),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const names = new Map(clusters.map((c) => [c.id, c.name]));
    let after: { submittedAt: Date; clusterId: bigint; jobId: string } | undefined;
    if (options.cursor !== undefined) {
      const [at, clusterId, jobId] = decodeCursor(options.cursor, 3);
      if (
        typeof at !== 'string' ||
        Number.isNaN(Date.parse(at)) ||
        typeof clusterId !== 'number' ||
        !Number.isSafeInteger(clusterId) ||
        typeof jobId !== 'string'
      )
        throw badCursor(options.cursor);
      after = { submittedAt: new Date(at), clusterId: BigInt(clusterId), jobId };
    }
    const rows = await searchJobRows(deps.store.db, {
      clusterIds: [...names.keys()],
      ...(options.from === undefined ? {} : { from: new Date(options.from) }),
      ...(options.to === undefined ? {} : { to: new Date(options.to) }),
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      ...(options.state === undefined ? {} : { state: options.state }),
      ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
      ...(options.text === undefined ? {} : { text: options.text }),
      ...(after === undefined ? {} : { after }),
      limit: options.limit + 1,
    });
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => jobItem(r, names.get(r.cluster_id) ?? '')),
      nextCursor:
        rows.length > options.limit && last !== undefined
          ? encodeCursor([iso(last.submitted_at)!, Number(last.cluster_id), last.job_id])
          : null,
    };
  },
});

export const getJob = defineService({
  name: 'jobs.get',
  summary: 'One stored job with every phase timing and its profile summary when one was fetched',
  input: z.object({
    jobId: z.string().min(1).max(200).describe('Dremio job id'),
    cluster: clusterField,
  }),
  output: jobDetailOutput,
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const row = await getStoredJob(deps.store.db, cluster.id, options.jobId);
    if (row === undefined)
      throw new NotFoundError(`no job ${options.jobId} in cluster ${cluster.name}`, {
        entity: 'job',
        id: options.jobId,
        field: 'jobId',
      });
    const profile = await newestProfileOf(deps.store.db, cluster.id, options.jobId);
    return {
      ...jobItem(row, cluster.name),
      phases: {
        pendingMs: num(row.pending_ms),
        metadataRetrievalMs: num(row.metadata_retrieval_ms),
        planningMs: num(row.planning_ms),
        queuedMs: num(row.queued_ms),
        engineStartMs: num(row.engine_start_ms),
        executionPlanningMs: num(row.execution_planning_ms),
        startingMs: num(row.starting_ms),
        runningMs: num(row.running_ms),
      },
      scannedDatasets: [...row.scanned_datasets],
      bytesReturned: num(row.bytes_returned),
      plannerEstimatedCost: row.planner_estimated_cost,
      reflectionRelationships: wire<unknown>(row.reflection_relationships),
      client: row.client,
      isProfileIncomplete: row.is_profile_incomplete,
      profile:
        profile === undefined
          ? null
          : {
              attempt: profile.attempt,
              dremioVersion: profile.dremio_version,
              fetchedAt: iso(profile.fetched_at)!,
              sizeBytes: Number(profile.size_bytes),
              source: profile.source,
              summary: wire<unknown>(profile.summary),
            },
    };
  },
});
