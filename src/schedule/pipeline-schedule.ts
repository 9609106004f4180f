import type { PipelineOutput } from '../app/pipeline.js';
import { runScheduledCycle } from '../app/scheduled-cycle.js';
import type { AppDeps } from '../app/service.js';
import { runEvery } from './run-every.js';

export interface PipelineScheduleOptions {
  readonly intervalMs: number;
  /** The clusters to run on (configuredClusters); each has a schedule of its own. */
  readonly clusters: readonly string[];
  /**
   * Ends the schedule: no cycle starts after it fires, the cycles under way finish. Aborting those is
   * `deps.signal`'s job (a second Ctrl-C).
   */
  readonly stop: AbortSignal;
  /** This process's lease holder name (newLeaseHolder). */
  readonly holder: string;
  readonly profiles?: number | string;
  readonly leaseMs?: number;
  /** After each cycle of a cluster: what it did, or that another process had the cluster's lease. */
  readonly onCycle?: (event: CycleEvent) => void;
}

export type CycleEvent =
  | {
      readonly kind: 'ran';
      readonly cluster: string;
      readonly index: number;
      readonly at: Date;
      readonly output: PipelineOutput;
    }
  | {
      readonly kind: 'skipped';
      readonly cluster: string;
      readonly index: number;
      readonly at: Date;
      readonly holder: string | undefined;
    }
  | { readonly kind: 'failed'; readonly cluster: string; readonly index: number; readonly error: unknown };

/**
 * The long-running service's loop: the pipeline on every cluster at a fixed rate, the clusters side by
 * side, each cycle under its cluster's lease. A failing cycle is reported and the schedule goes on.
 * Resolves with the number of cycles started once `stop` fires and the cycles under way end.
 */
export async function runPipelineSchedule(deps: AppDeps, options: PipelineScheduleOptions): Promise<number> {
  const counts = await Promise.all(
    options.clusters.map((cluster) =>
      runEvery({
        intervalMs: options.intervalMs,
        signal: options.stop,
        // A cycle stopped on request is the command's to report (as interrupted), not a failure.
        onError: (error, index) => {
          if (deps.signal?.aborted !== true) options.onCycle?.({ kind: 'failed', cluster, index, error });
        },
        cycle: async (index) => {
          // Runtime, not data: the cycle's own time, stamped on what it finds.
          const at = new Date();
          const result = await runScheduledCycle(deps, {
            clusterName: cluster,
            holder: options.holder,
            at,
            ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
            ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          });
          options.onCycle?.(
            result.kind === 'ran'
              ? { kind: 'ran', cluster, index, at, output: result.output }
              : { kind: 'skipped', cluster, index, at, holder: result.holder },
          );
        },
      }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
