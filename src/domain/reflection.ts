/** A Dremio reflection with what it costs (refreshes, footprint) and what it is used for. */
export interface ReflectionRefresh {
  readonly materializationId: string;
  readonly startedAt: Date | null;
  readonly durationMs: number | null;
  readonly state: string | null;
  readonly sizeBytes: number | null;
  readonly failureMessage: string | null;
}

export interface Reflection {
  readonly reflectionId: string;
  readonly name: string | null;
  readonly type: 'RAW' | 'AGGREGATION' | 'EXTERNAL' | 'UNKNOWN';
  readonly datasetId: string | null;
  readonly datasetPath: string | null;
  readonly enabled: boolean | null;
  /** Dremio's combined status, e.g. CAN_ACCELERATE, FAILED, EXPIRED, CANNOT_ACCELERATE_SCHEDULED. */
  readonly status: string | null;
  readonly refreshStatus: string | null;
  readonly availabilityStatus: string | null;
  readonly dimensions: readonly string[];
  readonly measures: readonly string[];
  readonly displayColumns: readonly string[];
  readonly partitionColumns: readonly string[];
  readonly currentSizeBytes: number | null;
  readonly consideredCount: number | null;
  readonly matchedCount: number | null;
  readonly chosenCount: number | null;
  readonly failureCount: number | null;
  readonly lastFailureMessage: string | null;
  readonly lastRefreshAt: Date | null;
  readonly lastRefreshDurationMs: number | null;
  readonly createdAt: Date | null;
  readonly refreshes: readonly ReflectionRefresh[];
}
