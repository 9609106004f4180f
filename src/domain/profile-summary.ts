/**
 * What one Dremio query-profile attempt says, digested for detectors: times per state and planning phase,
 * per-operator and per-fragment totals with skew, scans, joins, spill, reflections and datasets.
 * Counters are `number` (precision above 2^53 is not needed for analysis); the job id stays exact.
 * Anything missing from the profile is 0, `undefined` or `'UNKNOWN'`, and is noted in `warnings`.
 */

/** `QueryResult.QueryState`, indexed by the number a profile's `state` carries (5 is unused). */
export const QUERY_STATES = [
  'STARTING',
  'RUNNING',
  'COMPLETED',
  'CANCELED',
  'FAILED',
  'UNKNOWN',
  'ENQUEUED',
] as const;
export type QueryStateName = (typeof QUERY_STATES)[number];

/** `AttemptEvent.State`, indexed by number, as `stateList[].state` carries it. */
export const ATTEMPT_STATES = [
  'INVALID_STATE',
  'PENDING',
  'METADATA_RETRIEVAL',
  'PLANNING',
  'QUEUED',
  'ENGINE_START',
  'EXECUTION_PLANNING',
  'STARTING',
  'RUNNING',
  'COMPLETED',
  'CANCELED',
  'FAILED',
] as const;
export type AttemptStateName = (typeof ATTEMPT_STATES)[number];

/** The non-terminal attempt states a query spends time in, as keys of {@link StateDurationsMs}. */
export const TIMED_STATES = [
  'pending',
  'metadataRetrieval',
  'planning',
  'queued',
  'engineStart',
  'executionPlanning',
  'starting',
  'running',
] as const;
export type TimedState = (typeof TIMED_STATES)[number];
export type StateDurationsMs = Readonly<Record<TimedState, number>>;

/** Sum, maximum and median of a per-minor-fragment quantity. */
export interface SpreadStats {
  readonly sum: number;
  readonly max: number;
  readonly median: number;
}

export interface ClientInfo {
  readonly name: string;
  readonly version: string;
  readonly application: string;
}

export interface QueueInfo {
  readonly queueName: string;
  readonly queueId: string;
  readonly ruleName: string;
  readonly ruleContent: string;
  readonly ruleAction: string;
  readonly engineName: string;
  readonly queryCost: number | undefined;
  readonly queryType: string;
  readonly schedulingMs: number;
}

export interface NonDefaultOption {
  readonly name: string;
  readonly kind: string;
  readonly scope: string;
  readonly value: string | number | boolean | null;
}

export interface ProfileError {
  readonly message: string;
  readonly verboseMessage: string;
  readonly errorId: string;
  readonly node: string;
  readonly cancelReason: string;
}

export interface StateSpan {
  readonly state: AttemptStateName | `UNKNOWN_STATE_${number}`;
  readonly startEpochMs: number;
  readonly durationMs: number;
}

export interface PlanPhase {
  readonly name: string;
  readonly durationMs: number;
}

export const RECORDS_OUT_SOURCES = [
  'profile',
  'join-metric',
  'own-input',
  'parent-input',
  'unknown',
] as const;
export type RecordsOutSource = (typeof RECORDS_OUT_SOURCES)[number];

export interface OperatorSummary {
  /** `MM-OO` as the Dremio UI labels operators: two-digit major fragment, two-digit operator id. */
  readonly key: string;
  readonly majorFragmentId: number;
  readonly operatorId: number;
  readonly operatorType: number;
  readonly typeName: string;
  /** TABLE_FUNCTION subtype (`DATA_FILE_SCAN`, …); undefined for other operators. */
  readonly subtypeName: string | undefined;
  /** The operator name in the plan text (`HashJoin`, `TableFunction`, …) when the plan has this key. */
  readonly planNodeName: string | undefined;
  readonly minorFragmentCount: number;
  readonly recordsIn: number;
  readonly bytesIn: number;
  readonly batchesIn: number;
  /** Per input stream (index 0 = left/probe, 1 = right/build for joins), summed over minors. */
  readonly recordsInByInput: readonly number[];
  readonly recordsOut: number;
  readonly bytesOut: number;
  /**
   * Where `recordsOut` comes from: the profile's `outputRecords`, the join's OUTPUT_RECORDS metric, the
   * operator's own input (scans, senders, Screen pass rows through), the parent operator's input
   * stream (older profiles carry no `outputRecords`), or nowhere (then 0).
   */
  readonly recordsOutSource: RecordsOutSource;
  readonly recordsInPerMinor: SpreadStats;
  readonly setupNanos: SpreadStats;
  readonly processNanos: SpreadStats;
  readonly waitNanos: SpreadStats;
  /**
   * setup + process + wait, summed over minors ({@link operatorTotalNanos}). Absent from summaries
   * stored by earlier versions; read it through `operatorTotalNanos(op)` where those can appear.
   */
  readonly totalNanos?: number;
  /** Largest `peakLocalMemoryAllocated` of any minor fragment. */
  readonly peakMemoryBytes: number;
  /** Metric name → value aggregated over minors (SUM, or MAX where the profile says so). */
  readonly metrics: Readonly<Record<string, number>>;
  /** `rowcount` of the plan line with the same `MM-OO`. */
  readonly estimatedRows: number | undefined;
}

export interface SkewStats {
  readonly processMaxOverMedian: number;
  readonly processMaxOverMean: number;
  readonly recordsMaxOverMedian: number;
  readonly recordsMaxOverMean: number;
}

export interface FragmentSummary {
  readonly majorFragmentId: number;
  readonly minorFragmentCount: number;
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly durationMs: number;
  /** Sum of operators' process time per minor fragment. */
  readonly processNanos: SpreadStats;
  /** Records into all operators of a minor fragment (rows handled, not rows out). */
  readonly recordsProcessed: SpreadStats;
  readonly runDurationMs: number;
  readonly blockedOnUpstreamMs: number;
  readonly blockedOnDownstreamMs: number;
  readonly blockedOnSharedResourceMs: number;
  readonly blockedOnMemoryMs: number;
  readonly peakMemoryBytes: number;
  /** Ratios with denominators floored at 1, so an idle median does not divide by zero. */
  readonly skew: SkewStats;
}

export interface ScanSummary {
  readonly key: string;
  readonly typeName: string;
  readonly subtypeName: string | undefined;
  readonly table: string | undefined;
  readonly columns: readonly string[];
  readonly splits: number | undefined;
  readonly hasFilter: boolean;
  readonly hasPartitionFilter: boolean;
  readonly hasPruneCondition: boolean;
  readonly hasManifestFilter: boolean;
  readonly readsReflection: boolean;
  readonly recordsRead: number;
  readonly bytesRead: number;
  readonly rowGroups: number;
  readonly rowGroupsPruned: number;
  readonly pagesPruned: number;
  readonly partitionsPrunedByRuntimeFilter: number;
  readonly runtimeFilters: number;
  readonly dataFiles: number;
  readonly manifestFiles: number;
  readonly processNanos: number;
  /** For a scan, mostly time blocked on reads (I/O): on a remote file system often larger than process. */
  readonly waitNanos: number;
  /** Absent from summaries stored by earlier versions, like the other optional time fields. */
  readonly setupNanos?: number;
  /** setup + process + wait of the scan operator. */
  readonly totalNanos?: number;
}

export const JOIN_KINDS = ['hash', 'merge', 'nested-loop'] as const;
export type JoinKind = (typeof JOIN_KINDS)[number];

export interface JoinSummary {
  readonly key: string;
  readonly kind: JoinKind;
  /** `joinType` from the plan (`inner`, `left`, …) or `unknown`. */
  readonly joinType: string;
  readonly condition: string | undefined;
  readonly extraCondition: string | undefined;
  readonly probeRecords: number;
  /** Build rows, counted once when every minor fragment received the same broadcast build side. */
  readonly buildRecords: number;
  /** True when each minor fragment received the whole build side (a broadcast exchange). */
  readonly buildBroadcast: boolean;
  /** Probe × build rows met in each minor fragment, summed: the pairs a nested loop compares. */
  readonly comparedPairs: number;
  readonly outputRecords: number;
  /** outputRecords / max(probeRecords, 1). */
  readonly fanOut: number;
  readonly processNanos: number;
  readonly estimatedRows: number | undefined;
}

/** Spill as Dremio's `QueryProfileParser` computes the job's `spilled` flag. */
export interface SpillSummary {
  readonly spilled: boolean;
  readonly hashAggBytes: number;
  readonly sortBytes: number;
  readonly hashJoinBytes: number;
  readonly totalBytes: number;
  /** `MM-OO` keys of operators that spilled. */
  readonly operatorKeys: readonly string[];
}

export const REFLECTION_TYPES = ['RAW', 'AGG', 'EXTERNAL', 'UNKNOWN'] as const;
export type ReflectionType = (typeof REFLECTION_TYPES)[number];

export interface ReflectionUse {
  readonly reflectionId: string;
  readonly materializationId: string;
  readonly name: string;
  readonly type: ReflectionType;
  /** Every `layoutProfiles` entry was considered. */
  readonly considered: true;
  readonly matched: boolean;
  readonly chosen: boolean;
  readonly substitutions: number;
  readonly substitutingMs: number;
}

export interface AccelerationSummary {
  readonly accelerated: boolean;
  readonly substitutions: number;
  readonly gettingMaterializationsMs: number;
  readonly normalizingMs: number;
  readonly substitutingMs: number;
  readonly reflections: readonly ReflectionUse[];
}

export interface DatasetRef {
  readonly path: string;
  readonly kind: 'physical' | 'virtual' | 'unknown';
  /** View SQL for a virtual dataset. */
  readonly sql: string | undefined;
}

export interface ProfileSummary {
  /** Job id as Dremio prints it, e.g. `1cb80d46-af06-c937-6391-32ad4fae4f00`. */
  readonly jobId: string;
  /** False when the id parts arrived already rounded (parsed without lossless JSON). */
  readonly jobIdExact: boolean;
  readonly attempt: number;
  readonly state: QueryStateName | `UNKNOWN_STATE_${number}`;
  readonly queryType: string;
  readonly user: string;
  readonly queryText: string;
  readonly dremioVersion: string;
  readonly client: ClientInfo;
  readonly queue: QueueInfo | undefined;
  readonly nonDefaultOptions: readonly NonDefaultOption[];
  readonly error: ProfileError | undefined;
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  /** `end - start`. */
  readonly durationMs: number;
  readonly planningMs: number;
  readonly states: readonly StateSpan[];
  readonly stateDurationsMs: StateDurationsMs;
  /**
   * Percent of the query's time in each state ({@link stateSharesPercent}). This and the totals
   * below are absent from summaries stored by earlier versions: derive them from the fields they
   * come from where stored summaries can appear.
   */
  readonly stateSharesPercent?: Readonly<Record<TimedState, number>>;
  readonly planPhases: readonly PlanPhase[];
  readonly totalProcessNanos: number;
  /** Setup time of all operators, summed over minor fragments. */
  readonly totalSetupNanos?: number;
  /** Wait time of all operators (scans blocked on I/O, exchanges and Screen on their peers). */
  readonly totalWaitNanos?: number;
  /** setup + process + wait of all operators. */
  readonly totalOperatorNanos?: number;
  readonly operators: readonly OperatorSummary[];
  readonly fragments: readonly FragmentSummary[];
  readonly scans: readonly ScanSummary[];
  readonly joins: readonly JoinSummary[];
  readonly spill: SpillSummary;
  readonly acceleration: AccelerationSummary;
  readonly datasets: readonly DatasetRef[];
  /** The final physical plan text, unchanged. */
  readonly planText: string;
  /** What was missing or guessed while summarising, in plain words. */
  readonly warnings: readonly string[];
}
