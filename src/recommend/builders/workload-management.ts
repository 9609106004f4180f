import type { JobContext } from '../../analysis/detector.js';
import type { Finding } from '../../domain/finding.js';
import { formatBytes, formatDuration } from '../../domain/units.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { median, runningMsOf } from '../job-time.js';
import { absorbedWait, memoryPerQueryBytes, queuedMs, waitingInterval } from '../queue-capacity.js';
import { hasWorkloadManagement, workloadManagementOf } from '../workload-management-edition.js';

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The most intervals open at one instant. */
export function peakOverlap(intervals: readonly Interval[]): number {
  const events = intervals.flatMap((i) => [
    { at: i.start, delta: 1 },
    { at: i.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let peak = 0;
  for (const e of events) {
    open += e.delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

function runningInterval(c: JobContext): Interval | undefined {
  const start = c.job.timestamps.executionStartAt ?? c.job.timestamps.startingAt;
  const end = c.job.timestamps.finalStateAt;
  return start === null || end === null ? undefined : { start: start.getTime(), end: end.getTime() };
}

/** OSS's fixed user queues and the support option that sets how many of their queries run at once. */
const OSS_QUEUE_OPTIONS: Readonly<Record<string, { readonly name: string; readonly max: number }>> = {
  LARGE: { name: 'exec.queue.large', max: 1000 },
  SMALL: { name: 'exec.queue.small', max: 100_000 },
};

/**
 * queue-wait → per queue: raise its concurrency by the peak number of waiting jobs, stated with numbers.
 * With Workload Management a queue rule; on OSS the fixed LARGE/SMALL queues' support option (fidelity-gaps #4).
 */
export function buildQueueChanges(context: BuildContext): RecommendationDraft[] {
  const { snapshot } = context;
  const { settings } = context;
  const fact = settings.workloadManagement ?? workloadManagementOf(settings.cluster);
  const wlm = hasWorkloadManagement(fact, snapshot);
  const byId = new Map(snapshot.jobs.map((c) => [c.job.jobId, c]));
  const byQueue = new Map<string, { findings: Finding[]; jobs: JobContext[] }>();
  for (const finding of context.findings) {
    const jobs = finding.jobIds.flatMap((id) => byId.get(id) ?? []);
    const queue = jobs.find((c) => c.job.queueName !== null)?.job.queueName ?? null;
    if (queue === null) continue;
    const entry = byQueue.get(queue) ?? { findings: [], jobs: [] };
    entry.findings.push(finding);
    entry.jobs.push(...jobs);
    byQueue.set(queue, entry);
  }
  return [...byQueue].flatMap(([queue, entry]): RecommendationDraft[] => {
    const ossOption = OSS_QUEUE_OPTIONS[queue];
    if (!wlm && ossOption === undefined) return [];
    const inQueue = snapshot.jobs.filter((c) => c.job.queueName === queue);
    const running = peakOverlap(inQueue.flatMap((c) => runningInterval(c) ?? []));
    const waiting = peakOverlap(inQueue.flatMap((c) => waitingInterval(c) ?? []));
    const added = Math.max(1, waiting);
    const limit = running + added;
    const windowMs = snapshot.window.to.getTime() - snapshot.window.from.getTime();
    const absorbed = absorbedWait({
      waiting: entry.jobs,
      queueJobs: inQueue,
      slots: Math.max(1, running),
      addedSlots: added,
      windowMs,
      runningMsOf,
    });
    const waitedMs = absorbed.waitedMs;
    const medianWait = formatDuration(median(entry.jobs.map(queuedMs)));
    const perQuery = memoryPerQueryBytes(inQueue);
    const memory =
      perQuery === null
        ? 'memory per query not reported'
        : `${added} more slots × ${formatBytes(perQuery)} per query (median allocated) = ` +
          `${formatBytes(added * perQuery)} more memory at peak`;
    const payoff = {
      savingsMsPerDay: absorbed.absorbedMs / windowDays(snapshot),
      method: 'queue-time' as const,
      jobIds: entry.jobs.map((c) => c.job.jobId),
      basis:
        `${entry.jobs.length} jobs waited ${formatDuration(waitedMs)} in the window; the ${added} added slots ` +
        `start at once only the jobs within the first ${added} of the wait line, and the existing slots ` +
        `were busy ${Math.round(absorbed.busyShare * 100)}% of the window, time the new ones cannot free`,
      methodConfidence: 0.6,
    };
    const evidence = {
      queue,
      peakRunning: running,
      peakWaiting: waiting,
      waitedMs: Math.round(waitedMs),
      absorbedMs: Math.round(absorbed.absorbedMs),
      busyShare: Math.round(absorbed.busyShare * 1000) / 1000,
      memoryPerQueryBytes: perQuery,
      addedMemoryBytes: perQuery === null ? null : added * perQuery,
      medianWaitMs: Math.round(median(entry.jobs.map(queuedMs))),
      jobs: entry.jobs.length,
    };
    const risk = {
      level: 'medium' as const,
      note: 'more queries at once share the same memory: large ones may spill or fail on memory',
    };
    if (!wlm && ossOption !== undefined) {
      // OSS's fixed queues: their concurrency is a support option (Queue Control), not a WLM rule.
      const value = Math.min(ossOption.max, limit);
      return [
        {
          kind: 'set-option',
          target: { kind: 'queue', queueName: queue },
          title: `Let ${value} ${queue}-queue queries run at once`,
          sql: `ALTER SYSTEM SET "${ossOption.name}" = ${value}`,
          action:
            `Raise support option ${ossOption.name} to ${value} (the ${queue} queue ran at most ${running} ` +
            `queries at once while up to ${waiting} waited, ${medianWait} at the median); ` +
            `this edition has no Workload Management, so the option is the queue's only limit.`,
          findings: entry.findings,
          payoff,
          cost: { ...NO_COST, basis: `${memory}; more concurrent queries share the engine` },
          risk,
          evidence: { ...evidence, option: ossOption.name, value },
        },
      ];
    }
    return [
      {
        kind: 'workload-management',
        target: { kind: 'queue', queueName: queue },
        title: `Give queue "${queue}" room for ${limit} concurrent queries`,
        sql: null,
        action:
          `In Workload Management, raise the concurrency limit of queue "${queue}" to ${limit} (it ran at most ` +
          `${running} queries at once while up to ${waiting} waited, ${medianWait} at the median), and raise ` +
          `its memory limit by ${perQuery === null ? 'the memory per query times the added slots' : formatBytes(added * perQuery)}; ` +
          `or add a rule routing the ${entry.findings.length} affected queries to a queue with spare slots.`,
        findings: entry.findings,
        payoff,
        cost: { ...NO_COST, basis: `${memory}; more concurrent queries share the engine` },
        risk,
        evidence,
      },
    ];
  });
}
