import type { ConfiguredCluster } from '../app/configured-clusters.js';
import type { PipelineOutput } from '../app/pipeline.js';
import { runScheduledCycle } from '../app/scheduled-cycle.js';
import type { AppDeps } from '../app/service.js';
import { parseInterval } from './interval.js';
import { runEvery } from './run-every.js';

/** A cluster and the time between its cycle starts. */
export interface ScheduledCluster {
  readonly name: string;
  readonly intervalMs: number;
}

/**
 * The clusters a schedule runs and how often: each at its own `schedule` when configured, else at the
 * command's interval (`run --every`, `serve --schedule`); one with neither is not scheduled.
 */
export function scheduledClusters(
  clusters: readonly ConfiguredCluster[],
  intervalMs: number | undefined,
): readonly ScheduledCluster[] {
  return clusters.flatMap((c) => {
    // The configuration's schema accepts only what parseInterval reads.
    const own = c.schedule === undefined ? undefined : parseInterval(c.schedule);
    const ms = own ?? intervalMs;
    return ms === undefined ? [] : [{ name: c.name, intervalMs: ms }];
  });
}

export interface PipelineScheduleOptions {
  /** The clusters to run on (scheduledClusters); each has a schedule of its own. */
  readonly clusters: readonly ScheduledCluster[];
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
 * The long-running service's loop: the pipeline on every cluster at its fixed rate, the clusters side by
 * side (one failing never stops the others), each cycle under its cluster's lease. A failing cycle is reported and the schedule goes on.
 * Resolves with the number of cycles started once `stop` fires and the cycles under way end.
 */
export async function runPipelineSchedule(deps: AppDeps, options: PipelineScheduleOptions): Promise<number> {
  const counts = await Promise.all(
    options.clusters.map(({ name: cluster, intervalMs }) =>
      runEvery({
        intervalMs,
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
