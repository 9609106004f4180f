import type { WorkloadSnapshot } from '../analysis/detector.js';
import type { Cluster } from '../domain/cluster.js';

/** The fixed queues of Dremio OSS, which has no Workload Management (fidelity-gaps #4). */
const OSS_QUEUES: ReadonlySet<string> = new Set(['SMALL', 'LARGE', 'REFLECTION_SMALL', 'REFLECTION_LARGE']);

/**
 * Whether the cluster has Workload Management (queues with limits and rules), from what collection
 * detected: Cloud and Enterprise do, OSS does not. Undefined when nothing was detected (an import).
 */
export function workloadManagementOf(cluster: {
  readonly kind: Cluster['kind'] | string | null;
  readonly edition: Cluster['edition'] | string | null;
}): boolean | undefined {
  if (cluster.kind === 'cloud' || cluster.edition === 'enterprise') return true;
  if (cluster.edition === 'oss') return false;
  return undefined;
}

/**
 * The detected fact when there is one; otherwise judged from the jobs themselves: a workload whose
 * queues are all OSS's fixed ones runs without Workload Management.
 */
export function hasWorkloadManagement(fact: boolean | undefined, snapshot: WorkloadSnapshot): boolean {
  if (fact !== undefined) return fact;
  const queues = snapshot.jobs.flatMap((c) => c.job.queueName ?? []);
  return queues.length === 0 || !queues.every((q) => OSS_QUEUES.has(q));
}
