import { z } from 'zod';
import { affectedJobTimePerDay } from '../store/read-queries.js';
import { windowInput, windowOf } from './metrics.js';
import { iso, oneCluster } from './read-scope.js';
import { defineService } from './service.js';

const DAY_MS = 86_400_000;

/**
 * What the overview's chart needs and nothing more: `metrics.trends` also ranks every day's durations
 * (p50/p95), which at a million jobs costs a second; the time at stake reads only the jobs that open
 * findings name.
 */
export const timeAtStake = defineService({
  name: 'metrics.time-at-stake',
  summary: 'Per UTC day of the window: the time of the jobs open findings name, by detector',
  input: z.object(windowInput),
  output: z.object({
    cluster: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable().describe('Exclusive end; null when the store holds no job of the cluster'),
    days: z
      .array(
        z.object({
          day: z.string().describe('UTC day, YYYY-MM-DD; every day of the window, with or without jobs'),
          timeAtStakeMs: z
            .record(z.string(), z.number())
            .describe(
              'Per detector: total duration of that day’s jobs an open finding of the detector names',
            ),
        }),
      )
      .describe('Oldest first'),
  }),
  async run(deps, options) {
    const cluster = await oneCluster(deps, options.cluster);
    const window = await windowOf(deps, cluster, options);
    if (window === undefined) return { cluster: cluster.name, from: null, to: null, days: [] };
    const stake = await affectedJobTimePerDay(deps.store.db, { clusterId: cluster.id, ...window });
    const byDay = new Map<string, Record<string, number>>();
    for (const s of stake) byDay.set(s.day, { ...(byDay.get(s.day) ?? {}), [s.detector]: s.ms });
    const days: { day: string; timeAtStakeMs: Record<string, number> }[] = [];
    const first = Math.floor(window.from.getTime() / DAY_MS) * DAY_MS;
    for (let at = first; at < window.to.getTime(); at += DAY_MS) {
      const day = new Date(at).toISOString().slice(0, 10);
      days.push({ day, timeAtStakeMs: byDay.get(day) ?? {} });
    }
    return { cluster: cluster.name, from: iso(window.from), to: iso(window.to), days };
  },
});
