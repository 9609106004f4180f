/** Jobs the server runs outside the workload model: system-table queries, DDL, rejected SQL. */
import type { FlavorSpec } from '../flavor.js';
import type { SimJob, SimJobState } from '../world.js';
import { queueNamed } from './actors.js';
import type { JobRecord } from './job-record.js';

export const API_TEMPLATE = 'api';

export function apiJobRecord(options: {
  readonly flavor: FlavorSpec;
  readonly jobId: string;
  readonly sql: string;
  readonly user: string;
  readonly submittedMs: number;
  readonly finalState: SimJobState;
  readonly errorMessage: string;
  readonly rowsReturned: number;
  readonly queried: readonly string[];
  readonly durationMs: number;
  readonly queueName?: string;
}): JobRecord {
  const at = options.submittedMs;
  const failed = options.finalState !== 'COMPLETED';
  const planningEnd = at + 2 + Math.round(options.durationMs * 0.3);
  const end = at + 2 + Math.max(3, Math.round(options.durationMs));
  const wlm = options.flavor.workloadManagement;
  const queueName = failed ? '' : (options.queueName ?? (wlm ? 'Low Cost User Queries' : 'SMALL'));
  const job: SimJob = {
    jobId: options.jobId,
    template: API_TEMPLATE,
    labels: [],
    sql: options.sql,
    user: options.user,
    queryType: 'REST',
    finalState: options.finalState,
    errorMessage: options.errorMessage,
    submittedEpochMs: at,
    phases: {
      attemptStarted: at,
      metadataRetrieval: at,
      planningStart: at + 1,
      queryEnqueued: failed ? 0 : planningEnd,
      engineStart: failed || !wlm ? 0 : planningEnd,
      executionPlanning: failed ? 0 : planningEnd + 1,
      executionStart: failed ? 0 : planningEnd + 2,
      finalState: failed ? planningEnd : end,
    },
    rowsScanned: BigInt(options.rowsReturned),
    bytesScanned: 0n,
    rowsReturned: BigInt(options.rowsReturned),
    bytesReturned: BigInt(options.rowsReturned * 120),
    plannerEstimatedCost: Math.max(1, options.rowsReturned),
    executionCpuTimeMs: failed ? 0 : Math.max(1, Math.round(options.durationMs * 0.5)),
    memoryAllocatedBytes: failed ? 0n : 4_000_000n,
    accelerated: false,
    reflectionRelationships: [],
    queueName,
    engine: '',
    queriedDatasets: options.queried,
    scannedDatasets: failed ? [] : options.queried,
    attemptCount: 1,
    hasProfile: true,
  };
  return {
    job,
    client: 'rest',
    planningMs: planningEnd - at - 1,
    queueMs: 0,
    clientFetchMs: 0,
    consideredReflections: [],
    wlmQueueId: queueNamed(queueName)?.id ?? '',
    datasets: options.queried.map((path) => ({ path })),
  };
}
