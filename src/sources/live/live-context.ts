import type { DremioDeployment } from '../../domain/dremio-deployment.js';
import type { DremioClient } from '../../dremio/dremio-client.js';
import type { Logger } from '../../log/index.js';
import type { CollectionErrorInput, Store } from '../../store/index.js';

export const COLLECT_STAGES = ['history', 'profiles', 'reflections', 'datasets'] as const;
export type CollectStage = (typeof COLLECT_STAGES)[number];

export interface CollectSettings {
  readonly clusterName: string;
  /** Lower bound of history on the first run (later runs continue from the watermark). */
  readonly since: Date | undefined;
  readonly until: Date | undefined;
  /** Most profiles fetched in one run. */
  readonly profileBudget: number;
  readonly stages: ReadonlySet<CollectStage>;
  readonly redactSql: boolean;
  readonly storeRawProfiles: boolean;
  /** Rows per history query; each query's rows are paged ≤ 500 at a time by the SQL runner. */
  readonly historyPageRows: number;
  /** Re-read this far behind the watermark so jobs that appear late are not missed. */
  readonly overlapMs: number;
  /** Most datasets whose catalog entry and Iceberg file statistics are read per run. */
  readonly maxDatasets: number;
  readonly maxConcurrency: number;
}

/** What every collection stage works with: one run of one cluster. */
export interface LiveContext {
  readonly store: Store;
  readonly client: DremioClient;
  readonly deployment: DremioDeployment;
  readonly clusterId: bigint;
  readonly runId: bigint;
  /** The run's start, also the observation time of file statistics (stable when a run is resumed). */
  readonly runStartedAt: Date;
  readonly settings: CollectSettings;
  readonly logger: Logger;
  readonly signal: AbortSignal | undefined;
  /** `data` has `done` and, when known, `total`: items of the stage (see the CLI's progress). */
  progress(stage: CollectStage | 'changes', text: string, data: Readonly<Record<string, number>>): void;
  recordError(error: CollectionErrorInput): Promise<void>;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
