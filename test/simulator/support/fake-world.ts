import type {
  CatalogEntity,
  ReflectionEntity,
  SimJob,
  SimTable,
  SimWorld,
  SqlColumn,
  SqlRow,
  SubmitResult,
  WorldOptions,
} from '../../../src/simulator/world.js';

/**
 * A small stand-in SimWorld used only while the real world is not available, and to pin transport
 * behaviour independently of it. Jobs are one per minute, in order; every third one failed.
 */
const JOB_COLUMNS: readonly SqlColumn[] = [
  { name: 'job_id', type: 'VARCHAR' },
  { name: 'status', type: 'VARCHAR' },
  { name: 'user_name', type: 'VARCHAR' },
  { name: 'submitted_epoch_millis', type: 'BIGINT' },
  { name: 'rows_scanned', type: 'BIGINT' },
  { name: 'query', type: 'VARCHAR' },
];

function fakeJob(index: number, startMs: number): SimJob {
  const at = startMs + index * 60_000;
  const failed = index % 3 === 2;
  return {
    jobId: `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
    template: 'fake',
    labels: [],
    sql: `SELECT ${index} FROM lake.t`,
    user: 'alice',
    queryType: 'JDBC',
    finalState: failed ? 'FAILED' : 'COMPLETED',
    errorMessage: failed ? 'boom' : '',
    submittedEpochMs: at,
    phases: {
      attemptStarted: at,
      metadataRetrieval: at + 1,
      planningStart: at + 2,
      queryEnqueued: at + 3,
      engineStart: at + 4,
      executionPlanning: at + 5,
      executionStart: at + 6,
      finalState: at + 100,
    },
    rowsScanned: 9_007_199_254_740_993n,
    bytesScanned: 1000n,
    rowsReturned: 1n,
    bytesReturned: 10n,
    plannerEstimatedCost: 1.5,
    executionCpuTimeMs: 3,
    memoryAllocatedBytes: 1024n,
    accelerated: false,
    reflectionRelationships: [],
    queueName: 'Low Cost User Queries',
    engine: '',
    queriedDatasets: ['lake.t'],
    scannedDatasets: ['lake.t'],
    attemptCount: 1,
    hasProfile: true,
  };
}

function jobRow(job: SimJob): SqlRow {
  return {
    job_id: job.jobId,
    status: job.finalState,
    user_name: job.user,
    submitted_epoch_millis: job.submittedEpochMs,
    rows_scanned: job.rowsScanned,
    query: job.sql,
  };
}

export function fakeWorld(options: WorldOptions): SimWorld {
  const startMs = options.endAt.getTime() - options.jobs * 60_000;
  const extra: SimJob[] = [];
  const all = (i: number) => (i < options.jobs ? fakeJob(i, startMs) : extra[i - options.jobs]!);
  const reflections = new Map<string, ReflectionEntity>([
    ['r1', { id: 'r1', datasetId: 'd1', type: 'RAW', name: 'raw1', tag: 't1', enabled: true }],
  ]);
  const dataset: CatalogEntity = {
    id: 'd1',
    path: ['lake', 't'],
    entityType: 'dataset',
    type: 'PHYSICAL_DATASET',
  };
  const source: CatalogEntity = {
    id: 's1',
    path: ['lake'],
    entityType: 'container',
    containerType: 'SOURCE',
    type: 'S3',
  };
  const jobs: SimTable = {
    name: 'sys.jobs_recent',
    columns: JOB_COLUMNS,
    naturalOrder: ['submitted_epoch_millis', 'job_id'],
    *scan() {
      for (let i = 0; i < options.jobs + extra.length; i++) yield jobRow(all(i));
    },
  };
  let nextExtra = 0;
  const record = (
    sql: string,
    user: string,
    at: number,
    state: SimJob['finalState'],
    message: string,
    rows: number,
  ) => {
    const base = fakeJob(0, at);
    const job: SimJob = {
      ...base,
      jobId: `11111111-0000-0000-0000-${String(nextExtra++).padStart(12, '0')}`,
      sql,
      user,
      template: 'api',
      queryType: 'REST',
      finalState: state,
      errorMessage: message,
      rowsReturned: BigInt(rows),
    };
    extra.push(job);
    return job;
  };
  return {
    options,
    truth: () => ({
      seed: options.seed,
      flavor: options.flavor,
      generatedAt: options.endAt.toISOString(),
      connection: {
        userName: options.userName,
        password: options.password,
        token: options.token,
        projectId: options.projectId,
      },
      jobs: [],
      templates: [],
      datasets: [],
      reflections: [],
    }),
    get jobCount() {
      return options.jobs + extra.length;
    },
    job: all,
    jobById: (id) => {
      for (let i = 0; i < options.jobs + extra.length; i++) if (all(i).jobId === id) return all(i);
      return undefined;
    },
    profileJson: (id, attempt) =>
      attempt === 0 && id.startsWith('0000')
        ? `{"id":{"part1":-4292091133420589012,"part2":1},"query":"${id}"}`
        : undefined,
    table: (name) => (name === 'sys.jobs_recent' ? jobs : undefined),
    tableFunction: () => undefined,
    catalogRoots: () => [source],
    catalogById: (id) => (id === 'd1' ? dataset : id === 's1' ? source : undefined),
    catalogByPath: (path) =>
      path.join('.') === 'lake.t' ? dataset : path.join('.') === 'lake' ? source : undefined,
    reflections: () => [...reflections.values()],
    reflectionById: (id) => reflections.get(id),
    createReflection: (body) => {
      const created = {
        ...body,
        id: `r${reflections.size + 1}`,
        datasetId: String(body.datasetId),
        tag: 'new',
      };
      reflections.set(created.id, created);
      return created;
    },
    updateReflection: (id, body) => {
      if (!reflections.has(id)) return undefined;
      const updated = { ...reflections.get(id)!, ...body, id, tag: `${String(body.tag)}+` };
      reflections.set(id, updated);
      return updated;
    },
    deleteReflection: (id) => reflections.delete(id),
    submitSql: (sql, context): SubmitResult => {
      const job = record(sql, context.user, context.at, 'COMPLETED', '', 3);
      return {
        job,
        result: {
          columns: [{ name: 'n', type: 'INTEGER' }],
          rowCount: 3,
          rows: (offset, limit) => [{ n: 1 }, { n: 2 }, { n: 3 }].slice(offset, offset + limit),
        },
      };
    },
    recordQueryJob: (entry) =>
      record(entry.sql, entry.user, entry.at, entry.finalState, entry.errorMessage, entry.rowsReturned),
  };
}
