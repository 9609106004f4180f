import type { JobContext } from '../../analysis/detector.js';
import type { Finding } from '../../domain/finding.js';
import type { RecommendationTarget } from '../../domain/recommendation.js';
import { formatBytes } from '../../domain/units.js';
import { type BuildContext, type RecommendationDraft, windowDays } from '../draft.js';
import { operatorSharePayoff } from '../payoff.js';
import { queryMemoryBytesOf } from '../query-memory.js';
import { hasWorkloadManagement } from '../workload-management-edition.js';
import { jobsOfFindings } from './finding-jobs.js';

/** Share of a spilling operator's time that is spill I/O, removed when it fits in memory. */
const SPILL_IO_SHARE = 0.5;
const GIB = 1024 ** 3;

function numberOf(finding: Finding, key: string): number {
  const value = finding.evidence[key];
  return typeof value === 'number' ? value : 0;
}

/** OSS's two fixed queues have a per-node memory cap each (BasicResourceConstants); spilling queries are LARGE ones. */
function optionFor(queue: string | null): 'exec.queue.memory.large' | 'exec.queue.memory.small' {
  return queue?.toUpperCase().includes('SMALL') ? 'exec.queue.memory.small' : 'exec.queue.memory.large';
}

/** What the run needed: what it held plus what it spilled, rounded up to a whole GiB (at least 1). */
function neededBytes(c: JobContext, spilledBytes: number): number {
  const held = queryMemoryBytesOf(c) ?? 0;
  return Math.max(1, Math.ceil((held + spilledBytes) / GIB)) * GIB;
}

function spillTarget(findings: readonly Finding[]): RecommendationTarget {
  const worst = findings.reduce((a, b) => (b.impactMsPerDay > a.impactMsPerDay ? b : a));
  const subject = worst.subject;
  if (subject.kind === 'fingerprint')
    return { kind: 'fingerprint', fingerprint: subject.fingerprint, datasetPath: null };
  return { kind: 'fingerprint', fingerprint: `spill:${worst.id}`, datasetPath: null };
}

/**
 * spill → per queue: the memory a spilling query may use per node, raised to what the worst run held
 * plus what it spilled. OSS: `ALTER SYSTEM SET "exec.queue.memory.large|small"`; editions with
 * Workload Management: the queue's query memory limit, a setting with no SQL.
 */
export function buildSpillMemory(context: BuildContext): RecommendationDraft[] {
  const wlm = hasWorkloadManagement(context.settings.workloadManagement, context.snapshot);
  const groups = new Map<
    string,
    { findings: Finding[]; jobs: JobContext[]; need: number; spilled: number }
  >();
  const shareOfJob = new Map<string, number>();
  for (const finding of context.findings) {
    const spilled = numberOf(finding, 'spilledBytes');
    for (const c of jobsOfFindings(context.snapshot, [finding])) {
      const queue = wlm ? (c.job.queueName ?? 'default') : optionFor(c.job.queueName);
      const entry = groups.get(queue) ?? {
        findings: [] as Finding[],
        jobs: [] as JobContext[],
        need: 0,
        spilled: 0,
      };
      if (!entry.findings.includes(finding)) entry.findings.push(finding);
      entry.jobs.push(c);
      entry.need = Math.max(entry.need, neededBytes(c, spilled));
      entry.spilled = Math.max(entry.spilled, spilled);
      groups.set(queue, entry);
      shareOfJob.set(c.job.jobId, numberOf(finding, 'timeShare') * SPILL_IO_SHARE);
    }
  }
  const days = windowDays(context.snapshot);
  return [...groups].map(([queue, g]) => {
    const payoff = operatorSharePayoff({
      jobs: g.jobs,
      days,
      removedShare: (c) => shareOfJob.get(c.job.jobId),
      what: `spilling (×${SPILL_IO_SHARE}, their spill I/O)`,
    });
    const evidence = {
      spilledBytesMax: g.spilled,
      memoryPerNodeBytes: g.need,
      runs: g.jobs.length,
      spillIoShare: SPILL_IO_SHARE,
    };
    const risk = {
      level: 'medium' as const,
      note: 'a higher per-query cap lets one query take memory others need: concurrent queries may queue or fail',
    };
    const cost = {
      storageBytes: 0,
      refreshMsPerDay: 0,
      oneOffMs: 0,
      basis: `up to ${formatBytes(g.need)} per node reserved for each such query while it runs`,
    };
    const common = { findings: g.findings, payoff, cost, risk };
    if (wlm)
      return {
        ...common,
        kind: 'workload-management' as const,
        // Keyed by the spilling query shape, not the queue: queue-wait's concurrency advice on the same
        // queue is a different change and must not replace this one.
        target: spillTarget(g.findings),
        title: `Let queue "${queue}" give spilling queries ${formatBytes(g.need)} per node`,
        sql: null,
        action:
          `In Workload Management, raise the query memory limit per node of queue "${queue}" to ` +
          `${formatBytes(g.need)} (${g.need} bytes): ${g.jobs.length} runs spilled up to ` +
          `${formatBytes(g.spilled)}. Or route them to a queue with that limit.`,
        evidence: { ...evidence, queue },
      };
    return {
      ...common,
      kind: 'set-option' as const,
      target: { kind: 'queue' as const, queueName: queue === 'exec.queue.memory.small' ? 'SMALL' : 'LARGE' },
      title: `Raise ${queue} to ${formatBytes(g.need)} so ${g.jobs.length} runs stop spilling`,
      sql: `ALTER SYSTEM SET "${queue}" = ${g.need}`,
      action:
        `Set ${queue} to ${g.need} bytes (${formatBytes(g.need)}): ${g.jobs.length} runs spilled up to ` +
        `${formatBytes(g.spilled)}. Dremio gives a query the lower of this cap and the node's own limit, so ` +
        `raising it helps only where it is set below that (check: SELECT num_val FROM sys.options WHERE name = '${queue}'); ` +
        "at 0 (no cap, the default) or with exec.queue.memory.enable off, the node's direct memory is the limit: " +
        'add executor memory, or pre-aggregate with a reflection.',
      evidence: { ...evidence, option: queue },
    };
  });
}
