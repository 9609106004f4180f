import { recordCycleEnd, recordCycleStart } from '../store/index.js';
import { type PipelineOutput, runPipeline } from './pipeline.js';
import type { AppDeps } from './service.js';
import { withLease } from './with-lease.js';

export interface ScheduledCycleOptions {
  readonly clusterName: string;
  /** This schedule's lease holder name (see newLeaseHolder). */
  readonly holder: string;
  /** The cycle's time, stamped on its findings and measurements. */
  readonly at: Date;
  /** Most profiles fetched in the cycle (the pipeline's `profiles`). */
  readonly profiles?: number | string;
  readonly leaseMs?: number;
}

export type ScheduledCycleResult =
  | { readonly kind: 'ran'; readonly output: PipelineOutput }
  /** Another process runs this cluster's cycle now; `holder` names it when it is known. */
  | { readonly kind: 'skipped'; readonly holder: string | undefined };

/** The lease that keeps a cluster to one cycle at a time. */
export function cycleLeaseName(clusterName: string): string {
  return `pipeline:${clusterName}`;
}

/**
 * One scheduled pipeline cycle of a cluster: only while holding the cluster's lease (so processes
 * sharing a store never run two cycles of one cluster at once), with its start and outcome recorded in
 * the store for `/health`. A failed cycle is recorded, then rethrown for the schedule to report.
 */
export async function runScheduledCycle(
  deps: AppDeps,
  options: ScheduledCycleOptions,
): Promise<ScheduledCycleResult> {
  const db = deps.store.db;
  const outcome = await withLease(
    deps.store,
    {
      name: cycleLeaseName(options.clusterName),
      holder: options.holder,
      logger: deps.logger,
      ...(options.leaseMs === undefined ? {} : { ttlMs: options.leaseMs }),
    },
    async () => {
      await recordCycleStart(db, { clusterName: options.clusterName, holder: options.holder });
      let output: PipelineOutput;
      try {
        output = await runPipeline(deps, {
          cluster: options.clusterName,
          at: options.at.toISOString(),
          ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
        });
      } catch (error) {
        // Stopped on request (a second Ctrl-C) is not a failure of the cycle, whatever error it caused.
        const stopped = deps.signal?.aborted === true;
        await recordCycleEnd(db, {
          clusterName: options.clusterName,
          outcome: stopped ? 'stopped' : 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
      await recordCycleEnd(db, {
        clusterName: options.clusterName,
        outcome: output.stoppedEarly ? 'stopped' : 'succeeded',
      });
      return output;
    },
  );
  return outcome.kind === 'ran'
    ? { kind: 'ran', output: outcome.value }
    : { kind: 'skipped', holder: outcome.holder };
}
