import { readFileSync } from 'node:fs';
import type { JobContext } from '../../src/analysis/detector.js';
import { ascending } from '../../src/analysis/ladder.js';
import type { StakeThresholds } from '../../src/analysis/stake.js';
import type { Dataset } from '../../src/domain/dataset.js';
import type { JobRecord } from '../../src/domain/job.js';
import type {
  FragmentSummary,
  JoinSummary,
  OperatorSummary,
  ProfileSummary,
  ScanSummary,
  SpreadStats,
  StateSpan,
} from '../../src/domain/profile-summary.js';
import { readProfileBytes } from '../../src/profile/read-profile-file.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { parseDocument } from '../../src/sources/offline/parse-document.js';
import { finishJob } from '../../src/sql/finish-job.js';
import { realFixture } from './fixtures.js';
import { buildJob } from './job-builder.js';

const MS = 1_000_000;

/** Sum, max and median of a per-minor quantity; `spread(n)` is one minor doing `n`. */
export function spread(sum: number, max = sum, median = max): SpreadStats {
  return { sum, max, median };
}

/** An operator that did `processMs` of work and produced `recordsOut` rows; tests override the rest. */
export function buildOperator(
  overrides: Partial<OperatorSummary> & { readonly key: string; readonly processMs?: number },
): OperatorSummary {
  const { processMs = 10, ...rest } = overrides;
  const [major = 0, op = 0] = rest.key.split('-').map(Number);
  return {
    majorFragmentId: major,
    operatorId: op,
    operatorType: 11,
    typeName: 'PROJECT',
    subtypeName: undefined,
    planNodeName: undefined,
    minorFragmentCount: 1,
    recordsIn: 1000,
    bytesIn: 64_000,
    batchesIn: 1,
    recordsInByInput: [1000],
    recordsOut: 1000,
    bytesOut: 64_000,
    recordsOutSource: 'profile',
    recordsInPerMinor: spread(1000),
    setupNanos: spread(100_000),
    processNanos: spread(processMs * MS),
    waitNanos: spread(0),
    peakMemoryBytes: 1_000_000,
    metrics: {},
    estimatedRows: undefined,
    ...rest,
  };
}

export function buildFragment(
  overrides: Partial<FragmentSummary> & { readonly majorFragmentId: number },
): FragmentSummary {
  return {
    minorFragmentCount: 1,
    startEpochMs: 1_700_000_000_000,
    endEpochMs: 1_700_000_001_000,
    durationMs: 1000,
    processNanos: spread(100 * MS),
    recordsProcessed: spread(1000),
    runDurationMs: 100,
    blockedOnUpstreamMs: 0,
    blockedOnDownstreamMs: 0,
    blockedOnSharedResourceMs: 0,
    blockedOnMemoryMs: 0,
    peakMemoryBytes: 1_000_000,
    skew: { processMaxOverMedian: 1, processMaxOverMean: 1, recordsMaxOverMedian: 1, recordsMaxOverMean: 1 },
    ...overrides,
  };
}

export function buildScan(overrides: Partial<ScanSummary> & { readonly key: string }): ScanSummary {
  return {
    typeName: 'TABLE_FUNCTION',
    subtypeName: 'DATA_FILE_SCAN',
    table: 'lakehouse.sales.orders',
    columns: ['order_id', 'amount'],
    splits: undefined,
    hasFilter: false,
    hasPartitionFilter: false,
    hasPruneCondition: false,
    hasManifestFilter: false,
    readsReflection: false,
    recordsRead: 1000,
    bytesRead: 64_000,
    rowGroups: 0,
    rowGroupsPruned: 0,
    pagesPruned: 0,
    partitionsPrunedByRuntimeFilter: 0,
    runtimeFilters: 0,
    dataFiles: 0,
    manifestFiles: 0,
    processNanos: 10 * MS,
    waitNanos: 0,
    ...overrides,
  };
}

export function buildJoin(overrides: Partial<JoinSummary> & { readonly key: string }): JoinSummary {
  const probeRecords = overrides.probeRecords ?? 1000;
  const outputRecords = overrides.outputRecords ?? probeRecords;
  return {
    kind: 'hash',
    joinType: 'inner',
    condition: '=($0, $3)',
    extraCondition: undefined,
    probeRecords,
    buildRecords: overrides.buildRecords ?? 100,
    buildBroadcast: false,
    comparedPairs: probeRecords * (overrides.buildRecords ?? 100),
    outputRecords,
    fanOut: outputRecords / Math.max(probeRecords, 1),
    processNanos: 10 * MS,
    estimatedRows: undefined,
    ...overrides,
  };
}

/** Attempt states laid end to end from `startEpochMs`, as `summarizeStates` reports them. */
export function buildStates(
  durations: Readonly<Partial<Record<'planning' | 'queued' | 'running', number>>>,
  startEpochMs = 1_700_000_000_000,
): readonly StateSpan[] {
  const order = [
    ['PLANNING', durations.planning ?? 50],
    ['QUEUED', durations.queued ?? 10],
    ['RUNNING', durations.running ?? 1000],
  ] as const;
  let at = startEpochMs;
  return order.map(([state, durationMs]) => {
    const span = { state, startEpochMs: at, durationMs };
    at += durationMs;
    return span;
  });
}

/**
 * A complete, healthy profile summary: a one-second query whose operators did `totalProcessMs` of work.
 * Tests override only what they are about (and keep `totalProcessNanos` consistent with `operators`).
 */
export function buildProfileSummary(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  const operators = overrides.operators ?? [
    buildOperator({ key: '00-00', typeName: 'SCREEN', processMs: 1 }),
  ];
  const totalProcessNanos =
    overrides.totalProcessNanos ?? operators.reduce((sum, op) => sum + op.processNanos.sum, 0);
  const startEpochMs = overrides.startEpochMs ?? 1_700_000_000_000;
  const durationMs = overrides.durationMs ?? 1060;
  return {
    jobId: '1cb80d46-af06-c937-6391-32ad4fae4f00',
    jobIdExact: true,
    attempt: 0,
    state: 'COMPLETED',
    queryType: 'JDBC',
    user: 'alice',
    queryText: 'SELECT 1',
    dremioVersion: '25.1.0',
    client: { name: 'Arrow Flight', version: '15.0.0', application: 'flight' },
    queue: undefined,
    nonDefaultOptions: [],
    error: undefined,
    startEpochMs,
    endEpochMs: startEpochMs + durationMs,
    durationMs,
    planningMs: 50,
    states: buildStates({}, startEpochMs),
    stateDurationsMs: {
      pending: 0,
      metadataRetrieval: 0,
      planning: 50,
      queued: 10,
      engineStart: 0,
      executionPlanning: 0,
      starting: 0,
      running: 1000,
    },
    planPhases: [],
    operators,
    fragments: [buildFragment({ majorFragmentId: 0 })],
    scans: [],
    joins: [],
    spill: {
      spilled: false,
      hashAggBytes: 0,
      sortBytes: 0,
      hashJoinBytes: 0,
      totalBytes: 0,
      operatorKeys: [],
    },
    acceleration: {
      accelerated: false,
      substitutions: 0,
      gettingMaterializationsMs: 0,
      normalizingMs: 0,
      substitutingMs: 0,
      reflections: [],
    },
    datasets: [],
    planText: '',
    warnings: [],
    ...overrides,
    totalProcessNanos,
  };
}

/**
 * A job context around a profile: the job row agrees with the profile's duration and phase times unless
 * `job` overrides them. `runsPerDay` defaults to 1000 so the stake never damps unless a test wants it to.
 */
export function buildContext(
  options: {
    readonly profile?: ProfileSummary;
    readonly job?: Partial<JobRecord>;
    readonly runsPerDay?: number;
    readonly datasets?: ReadonlyMap<string, Dataset>;
  } = {},
): JobContext {
  const { profile } = options;
  const d = profile?.stateDurationsMs;
  const job = buildJob({
    jobId: profile?.jobId ?? 'job-1',
    ...(profile === undefined
      ? {}
      : {
          durationMs: profile.durationMs,
          phases: {
            pendingMs: d?.pending ?? null,
            metadataRetrievalMs: d?.metadataRetrieval ?? null,
            planningMs: d?.planning ?? null,
            queuedMs: d?.queued ?? null,
            engineStartMs: d?.engineStart ?? null,
            executionPlanningMs: d?.executionPlanning ?? null,
            startingMs: d?.starting ?? null,
            runningMs: d?.running ?? null,
          },
        }),
    ...options.job,
  });
  return {
    job,
    profile,
    facts: undefined,
    runsPerDay: options.runsPerDay ?? 1000,
    ...(options.datasets === undefined ? {} : { datasets: options.datasets }),
  };
}

/** The real profiles under `test/fixtures/real/` (copied from `../shared`): small, healthy queries no detector should flag. */
export const REAL_PROFILES = [
  'dqd/profile1.json',
  'dqd/profile2.json',
  'dqd/profileWithEmptyClientInfo.json',
  'dqd/testprofile.zip',
] as const;

/** A real Dremio profile (JSON or support ZIP), summarised, in a context whose job row agrees with it. */
export function realProfileContext(relative: string, runsPerDay = 1000): JobContext {
  const read = readProfileBytes({ file: relative, bytes: readFileSync(realFixture(relative)) });
  const entry = read.profiles[0];
  if (entry === undefined)
    throw new Error(`no profile in ${relative}: ${read.errors.map((e) => e.message).join('; ')}`);
  const profile = summarizeProfile(entry.raw, { attempt: entry.attempt });
  return buildContext({ profile, runsPerDay });
}

/** A ladder every positive value reaches at the critical rung: for "does it apply, and with what numbers" tests. */
export const ANY_POSITIVE = ascending(1e-9, 1e-9, 1e-9, 1e-9);

/** Stake thresholds that never damp or silence. */
export const NO_STAKE: StakeThresholds = {
  timeShare: ascending(0, 0, 0, 0),
  impactMsPerDay: ascending(0, 0, 0, 0),
  minImpactMsPerDay: 0,
};

/**
 * Every job the real history files hold (`queries.json` lines, a `sys.jobs_recent` results page), as
 * the offline import reads them, each in a context with no profile.
 */
export function realHistoryContexts(runsPerDay = 1000): readonly JobContext[] {
  const files = ['dqd/queries.json', 'ddc/queries.json', 'ddc/sys.jobs_recent.json'];
  return files.flatMap((relative) => {
    const bytes = readFileSync(realFixture(relative));
    const parsed = parseDocument({ ref: relative, name: relative.split('/').pop() ?? relative, bytes });
    return [...parsed.records].flatMap((record) => {
      if (!record.ok) return [];
      return [
        {
          job: finishJob(record.job, { redactSql: false }),
          profile: undefined,
          facts: undefined,
          runsPerDay,
        },
      ];
    });
  });
}
