import type { FlavorSpec } from '../flavor.js';
import { queueNamed } from '../world/actors.js';
import { pathParts } from '../world/dataset-path.js';
import type { CatalogEntity, SimJob, SimWorld } from '../world.js';
import { stableUuid } from './stable-id.js';

/** protostuff writes enums as numbers: job.proto `JobState` and `QueryType`, UserBitShared `AttemptEvent.State`. */
const JOB_STATE_NUMBER: Readonly<Record<SimJob['finalState'], number>> = {
  COMPLETED: 3,
  CANCELED: 4,
  FAILED: 5,
};
const QUERY_TYPES = [
  'UNKNOWN_0',
  'UI_RUN',
  'UI_PREVIEW',
  'UI_INTERNAL_PREVIEW',
  'UI_INTERNAL_RUN',
  'UI_EXPORT',
  'ODBC',
  'JDBC',
  'REST',
  'ACCELERATOR_CREATE',
  'ACCELERATOR_DROP',
  'UNKNOWN',
  'PREPARE_INTERNAL',
  'ACCELERATOR_EXPLAIN',
  'UI_INITIAL_PREVIEW',
  'FLIGHT',
  'METADATA_REFRESH',
  'INTERNAL_ICEBERG_METADATA_DROP',
  'D2D',
  'ACCELERATOR_OPTIMIZE',
  'COPY_ERRORS_PLAN',
] as const;
const ATTEMPT_EVENTS = [
  ['attemptStarted', 1],
  ['metadataRetrieval', 2],
  ['planningStart', 3],
  // Enterprise records ENGINE_START first, at the enqueue instant (fidelity-gaps #2).
  ['engineStart', 5],
  ['queryEnqueued', 4],
  ['executionPlanning', 6],
  ['executionStart', 8],
] as const;
const FINAL_EVENT: Readonly<Record<SimJob['finalState'], number>> = {
  COMPLETED: 9,
  CANCELED: 10,
  FAILED: 11,
};

function queryTypeNumber(queryType: string): number {
  const index = (QUERY_TYPES as readonly string[]).indexOf(queryType);
  return index < 1 ? 11 : index;
}

function versionParts(version: string): Record<string, unknown> {
  const [numbers = '', qualifier = ''] = version.split(/-(.*)/s);
  const [major = 0, minor = 0, patch = 0] = numbers.split('.').map(Number);
  return { major, minor, patch, buildNumber: 0, qualifier };
}

function sourceOf(entity: CatalogEntity): { name: string; type: string } {
  const type = typeof entity.type === 'string' ? entity.type : 'UNKNOWN';
  return { name: entity.path[0] ?? entity.id, type };
}

function stateList(job: SimJob): { state: number; startTime: number }[] {
  const events: { state: number; startTime: number }[] = ATTEMPT_EVENTS.filter(
    ([phase]) => job.phases[phase] > 0,
  ).map(([phase, state]) => ({ state, startTime: job.phases[phase] }));
  events.push({
    state: FINAL_EVENT[job.finalState],
    startTime: job.phases.finalState || job.submittedEpochMs,
  });
  return events;
}

function jobSection(job: SimJob, spec: FlavorSpec): Record<string, unknown> {
  const info: Record<string, unknown> = {
    jobId: { id: job.jobId },
    sql: job.sql,
    user: job.user,
    startTime: job.submittedEpochMs,
    finishTime: job.phases.finalState,
    parents: job.queriedDatasets.map((path) => ({ datasetPath: pathParts(path), type: 2 })),
    queryType: queryTypeNumber(job.queryType),
    description: job.sql,
    originalCost: job.plannerEstimatedCost,
    context: [],
    resourceSchedulingInfo: {
      queueName: job.queueName,
      queueId: queueNamed(job.queueName)?.id ?? stableUuid(`queue:${job.queueName}`),
    },
    commandPoolWaitMillis: 0,
    executionCpuTimeNs: job.executionCpuTimeMs * 1_000_000,
    memoryAllocated: job.memoryAllocatedBytes,
  };
  if (job.finalState === 'FAILED') info.failureInfo = job.errorMessage;
  return {
    state: JOB_STATE_NUMBER[job.finalState],
    info,
    stats: {
      inputBytes: job.bytesScanned,
      outputBytes: job.bytesReturned,
      inputRecords: job.rowsScanned,
      outputRecords: job.rowsReturned,
      isOutputLimited: false,
    },
    attemptId: job.jobId,
    endpoint: {
      address: 'sim-coordinator',
      userPort: 31010,
      fabricPort: 45678,
      dremioVersion: spec.dremioVersion,
    },
    accelerationDetails: '',
    stateList: stateList(job),
  };
}

/**
 * `header.json` of the support ZIP: `clusterInfo`, `submission`, `job` and `dremioVersion`, the keys
 * of the dqd `testprofile.zip` sample (dremio-api.md §4.1). Every value derives from the job and the
 * seed, so the ZIP is byte-identical across runs.
 */
export function supportHeader(options: { job: SimJob; world: SimWorld; spec: FlavorSpec }): {
  header: Record<string, unknown>;
  submissionId: string;
} {
  const { job, world, spec } = options;
  const submissionId = stableUuid(`submission:${job.jobId}`);
  const sources = [
    { name: 'INFORMATION_SCHEMA', type: 'INFORMATION_SCHEMA' },
    { name: 'sys', type: 'ESYSFLIGHT' },
    ...world.catalogRoots().map(sourceOf),
  ];
  const header = {
    clusterInfo: {
      identity: {
        identity: stableUuid(`cluster:${world.options.seed}`),
        created: world.options.endAt.getTime() - 365 * 24 * 3_600_000,
        version: versionParts(spec.dremioVersion),
      },
      version: { version: spec.dremioVersion },
      source: sources,
      node: [
        { name: 'sim-executor-1', role: 'executor' },
        { name: 'sim-coordinator', role: 'coordinator' },
      ],
      javaVmVersion: '17.0.12+7',
      jreVersion: '17',
      edition: spec.enterprise ? 'enterprise' : 'community',
    },
    submission: {
      first: 'Sim',
      last: 'Admin',
      email: `${world.options.userName}@example.com`,
      date: job.phases.finalState || job.submittedEpochMs,
      submissionId,
    },
    job: jobSection(job, spec),
    dremioVersion: spec.dremioVersion,
  };
  return { header, submissionId };
}
