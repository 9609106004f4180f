import { z } from 'zod';
import { listCycleStates, type Store } from '../store/index.js';

export const cycleHealthOutput = z.object({
  cluster: z.string().describe('The cluster, by its name in the store'),
  status: z
    .enum(['running', 'succeeded', 'failed', 'stopped'])
    .describe('The newest cycle: still running (or its process died mid-cycle), or how it ended'),
  lastStartedAt: z.string(),
  lastSucceededAt: z
    .string()
    .nullable()
    .describe('End of the newest cycle that completed; null when none has'),
  lastFailedAt: z.string().nullable().describe('End of the newest failed cycle; null when none failed'),
});

/** What the schedule (`serve --schedule`, `run --every`) last did on each cluster, from any process. */
export const scheduleHealthOutput = z
  .array(cycleHealthOutput)
  .describe('Per cluster a schedule has run on: its newest cycle; empty when no schedule has run');

export type ScheduleHealth = z.input<typeof scheduleHealthOutput>;

/**
 * The scheduled cycles recorded in the store. Times and outcomes only, no error text: `/health` answers
 * without a key, and an error can name hosts and datasets (`/health/detailed` has the error).
 */
export async function scheduleHealth(store: Store): Promise<ScheduleHealth> {
  const states = await listCycleStates(store.db);
  return states.map((s) => ({
    cluster: s.clusterName,
    status: s.lastFinishedAt === null || s.lastOutcome === null ? 'running' : s.lastOutcome,
    lastStartedAt: s.lastStartedAt.toISOString(),
    lastSucceededAt: s.lastSucceededAt?.toISOString() ?? null,
    lastFailedAt: s.lastFailedAt?.toISOString() ?? null,
  }));
}

/** For `/health/detailed` (behind a key): one check per scheduled cluster, failed when its newest cycle failed. */
export async function scheduleChecks(
  store: Store,
): Promise<readonly { name: string; ok: boolean; detail: string }[]> {
  const states = await listCycleStates(store.db);
  return states.map((s) => ({
    name: `schedule ${s.clusterName}`,
    ok: s.lastOutcome !== 'failed',
    detail:
      s.lastOutcome === 'failed'
        ? `the cycle ended ${s.lastFinishedAt?.toISOString()} failed: ${s.lastError ?? 'unknown error'}`
        : s.lastSucceededAt === null
          ? `no cycle completed yet (newest started ${s.lastStartedAt.toISOString()})`
          : `last cycle completed ${s.lastSucceededAt.toISOString()}`,
  }));
}
