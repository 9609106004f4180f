import { queueWaitMs } from '../world/job-timing.js';
import type { SimJob } from '../world.js';

/** In the order Dremio records them: Enterprise's ENGINE_START shares the enqueue instant and comes first. */
const PHASES = [
  ['PENDING', 'attemptStarted'],
  ['METADATA_RETRIEVAL', 'metadataRetrieval'],
  ['PLANNING', 'planningStart'],
  ['ENGINE_START', 'engineStart'],
  ['QUEUED', 'queryEnqueued'],
  ['EXECUTION_PLANNING', 'executionPlanning'],
  ['RUNNING', 'executionStart'],
] as const;

function humanBytes(bytes: bigint): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 2)} ${units[unit]}`;
}

function durationDetails(job: SimJob): Record<string, unknown>[] {
  return PHASES.flatMap(([phaseName, from], phaseId) => {
    const start = job.phases[from];
    if (start === 0) return [];
    const next = PHASES.slice(phaseId + 1).find(([, key]) => job.phases[key] > 0);
    const end = next === undefined ? job.phases.finalState : job.phases[next[1]];
    return [
      {
        phaseID: String(phaseId),
        phaseName,
        phaseStartTime: String(start),
        phaseDuration: String(Math.max(0, end - start)),
      },
    ];
  });
}

/** One `JobListingItem` of `/apiv2/jobs-listing/v1.0` (dremio-api.md §3.2). */
export function jobListingItem(job: SimJob): Record<string, unknown> {
  const endTime = job.phases.finalState;
  return {
    id: job.jobId,
    queryType: job.queryType,
    queryUser: job.user,
    queryText: job.sql,
    plannerEstimatedCost: job.plannerEstimatedCost,
    engine: job.engine,
    subEngine: '',
    wlmQueue: job.queueName,
    queriedDatasets: job.queriedDatasets.map((path) => ({
      datasetName: path.split('.').pop() ?? path,
      datasetPath: path,
      datasetType: 'PHYSICAL_DATASET',
      datasetPathsList: path.split('.'),
    })),
    isAccelerated: job.accelerated,
    state: job.finalState,
    startTime: job.submittedEpochMs,
    endTime,
    duration: Math.max(0, endTime - job.submittedEpochMs),
    durationDetails: durationDetails(job),
    rowsScanned: job.rowsScanned,
    rowsReturned: job.rowsReturned,
    enqueuedTime: String(queueWaitMs(job.phases)),
    waitOnClient: 0,
    input: `${humanBytes(job.bytesScanned)} / ${job.rowsScanned} Records`,
    output: `${humanBytes(job.bytesReturned)} / ${job.rowsReturned} Records`,
    spilled: false,
    totalAttempts: job.attemptCount,
    isStarFlakeAccelerated: false,
    requestType: 'RUN_SQL',
    description: job.sql,
    isComplete: true,
    datasetVersion: '',
    outputLimited: false,
  };
}
