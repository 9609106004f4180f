import type { JobContext } from '../../analysis/detector.js';
import type { Finding } from '../../domain/finding.js';
import { type BuildContext, NO_COST, type RecommendationDraft, windowDays } from '../draft.js';
import { median } from '../job-time.js';
import { hasWorkloadManagement } from '../workload-management-edition.js';

function queuedMs(c: JobContext): number {
  return c.job.phases.queuedMs ?? c.profile?.stateDurationsMs.queued ?? 0;
}

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

function waitingInterval(c: JobContext): Interval | undefined {
  const start = c.job.timestamps.queryEnqueuedAt;
  const ms = queuedMs(c);
  return start === null || ms <= 0 ? undefined : { start: start.getTime(), end: start.getTime() + ms };
}

/**
 * queue-wait → per queue: raise its concurrency by the peak number of waiting jobs, stated with numbers.
 * Only where Workload Management exists: OSS's fixed queues cannot be changed (fidelity-gaps #4).
 */
export function buildQueueChanges(context: BuildContext): RecommendationDraft[] {
  const { snapshot } = context;
  if (!hasWorkloadManagement(context.settings.workloadManagement, snapshot)) return [];
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
  return [...byQueue].map(([queue, entry]) => {
    const inQueue = snapshot.jobs.filter((c) => c.job.queueName === queue);
    const running = peakOverlap(inQueue.flatMap((c) => runningInterval(c) ?? []));
    const waiting = peakOverlap(inQueue.flatMap((c) => waitingInterval(c) ?? []));
    const limit = running + Math.max(1, waiting);
    const waitedMs = entry.jobs.reduce((sum, c) => sum + queuedMs(c), 0);
    const medianWaitS = Math.round(median(entry.jobs.map(queuedMs)) / 1000);
    return {
      kind: 'workload-management',
      target: { kind: 'queue', queueName: queue },
      title: `Give queue "${queue}" room for ${limit} concurrent queries`,
      sql: null,
      action:
        `In Workload Management, raise the concurrency limit of queue "${queue}" to ${limit} (it ran at most ` +
        `${running} queries at once while up to ${waiting} waited, ${medianWaitS} s at the median), and raise ` +
        `its memory limit in proportion; or add a rule routing the ${entry.findings.length} affected queries ` +
        `to a queue with spare slots.`,
      findings: entry.findings,
      payoff: {
        savingsMsPerDay: waitedMs / windowDays(snapshot),
        method: 'queue-time',
        jobIds: entry.jobs.map((c) => c.job.jobId),
        basis: `${entry.jobs.length} jobs waited ${Math.round(waitedMs)} ms in the queue over the window`,
        methodConfidence: 0.6,
      },
      cost: { ...NO_COST, basis: 'more concurrent queries share the engine: memory per query drops' },
      risk: {
        level: 'medium',
        note: 'more queries at once share the same memory: large ones may spill or fail on memory',
      },
      evidence: {
        queue,
        peakRunning: running,
        peakWaiting: waiting,
        waitedMs: Math.round(waitedMs),
        medianWaitMs: Math.round(median(entry.jobs.map(queuedMs))),
        jobs: entry.jobs.length,
      },
    };
  });
}
