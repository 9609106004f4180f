/**
 * A workload run answered from the results cache: it is planned (the cache key needs the plan), then
 * served from the stored result in a few ms instead of executing. It scans nothing, uses no reflection,
 * waits in no queue, and has no plan-borne labels: a profile without operators says the same.
 */
import type { JobRecord } from './job-record.js';
import { hash32 } from './prng.js';
import { RESULTS_CACHE_MAX_BYTES } from './results-cache.js';

/** The cache hit `record` becomes; undefined when its result is not one Dremio stores (failed, over 20 MB). */
export function answeredFromCache(record: JobRecord): JobRecord | undefined {
  const { job } = record;
  if (job.finalState !== 'COMPLETED' || record.plan === undefined) return undefined;
  if (job.bytesReturned > BigInt(RESULTS_CACHE_MAX_BYTES)) return undefined;
  const servedMs = 2 + (hash32(job.submittedEpochMs % 2_147_483_647, job.sql.length) % 7);
  const p = job.phases;
  const executionStart = p.queryEnqueued + 1;
  return {
    job: {
      ...job,
      labels: [],
      phases: {
        ...p,
        executionPlanning: p.queryEnqueued,
        executionStart,
        finalState: executionStart + servedMs + record.clientFetchMs,
      },
      rowsScanned: 0n,
      bytesScanned: 0n,
      executionCpuTimeMs: servedMs,
      memoryAllocatedBytes: 0n,
      accelerated: false,
      reflectionRelationships: [],
      scannedDatasets: [],
    },
    client: record.client,
    planningMs: record.planningMs,
    queueMs: 0,
    clientFetchMs: record.clientFetchMs,
    consideredReflections: [],
    wlmQueueId: record.wlmQueueId,
    datasets: record.datasets,
  };
}
