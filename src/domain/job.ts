/** One Dremio job as every source (live history, queries.json, profile files) delivers it to the store. */
export const JOB_SOURCES = ['live', 'queries-json', 'file'] as const;
export type JobSource = (typeof JOB_SOURCES)[number];

export interface ReflectionRelationship {
  readonly reflectionId: string;
  readonly datasetId: string | null;
  readonly relationship: 'CONSIDERED' | 'MATCHED' | 'CHOSEN';
}

/** The start of each phase Dremio reports; null when the phase did not happen or is unknown. */
export interface JobTimestamps {
  readonly submittedAt: Date;
  readonly attemptStartedAt: Date | null;
  readonly metadataRetrievalAt: Date | null;
  readonly planningStartAt: Date | null;
  readonly queryEnqueuedAt: Date | null;
  readonly engineStartAt: Date | null;
  readonly executionPlanningAt: Date | null;
  readonly startingAt: Date | null;
  readonly executionStartAt: Date | null;
  readonly finalStateAt: Date | null;
}

/** Time spent in each state, as Dremio's job page shows it. */
export interface JobPhaseDurations {
  readonly pendingMs: number | null;
  readonly metadataRetrievalMs: number | null;
  readonly planningMs: number | null;
  readonly queuedMs: number | null;
  readonly engineStartMs: number | null;
  readonly executionPlanningMs: number | null;
  readonly startingMs: number | null;
  readonly runningMs: number | null;
}

export interface JobRecord {
  readonly jobId: string;
  readonly fingerprint: string | null;
  /** The SQL as stored: redacted when REDACT_SQL is on. */
  readonly sqlText: string | null;
  readonly sqlRedacted: boolean;
  readonly sqlTruncated: boolean;
  readonly userName: string | null;
  readonly queryType: string | null;
  /** Final state name: COMPLETED, FAILED, CANCELED (or a running state for active jobs). */
  readonly state: string | null;
  readonly timestamps: JobTimestamps;
  readonly durationMs: number | null;
  readonly phases: JobPhaseDurations;
  readonly rowsScanned: bigint | null;
  readonly bytesScanned: bigint | null;
  readonly rowsReturned: bigint | null;
  readonly bytesReturned: bigint | null;
  readonly plannerEstimatedCost: number | null;
  readonly cpuTimeMs: bigint | null;
  readonly memoryAllocatedBytes: bigint | null;
  readonly accelerated: boolean | null;
  readonly reflectionRelationships: readonly ReflectionRelationship[];
  readonly queueName: string | null;
  readonly engine: string | null;
  readonly client: string | null;
  readonly errorMessage: string | null;
  readonly queriedDatasets: readonly string[];
  readonly scannedDatasets: readonly string[];
  readonly attemptCount: number | null;
  readonly isProfileIncomplete: boolean | null;
  readonly source: JobSource;
  /** Where the record was read: a file and line, or the history table. */
  readonly sourceRef: string | null;
  /** The record as the source gave it, for audit and for fields we do not model yet. */
  readonly raw: unknown;
}

/** A job as a reader produced it, before the product's own derivations. */
export type JobDraft = Omit<
  JobRecord,
  'fingerprint' | 'sqlText' | 'sqlRedacted' | 'phases' | 'durationMs'
> & {
  readonly sql: string | null;
  /** Set when the source reports durations itself (queries.json); otherwise derived from timestamps. */
  readonly phases?: JobPhaseDurations;
  readonly durationMs?: number | null;
};
