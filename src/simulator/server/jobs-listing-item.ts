import { pathParts } from '../world/dataset-path.js';
import { queueWaitMs } from '../world/job-timing.js';
import type { SimJob } from '../world.js';

type PhaseField = keyof SimJob['phases'];

/**
 * The phases Dremio lists in `durationDetails`, in the order it records them, each with its numeric
 * `phaseID`. Enterprise's ENGINE_START shares the enqueue instant and comes first; `STARTING`
 * (fragments being started) ends where execution starts. A phase that did not happen is left out, and
 * each lasts until the next one that did.
 */
const PHASES: readonly (readonly [string, PhaseField | 'starting'])[] = [
  ['PENDING', 'attemptStarted'],
  ['METADATA_RETRIEVAL', 'metadataRetrieval'],
  ['PLANNING', 'planningStart'],
  ['ENGINE_START', 'engineStart'],
  ['QUEUED', 'queryEnqueued'],
  ['EXECUTION_PLANNING', 'executionPlanning'],
  ['STARTING', 'starting'],
  ['RUNNING', 'executionStart'],
];

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

/** Where STARTING begins: the simulator's execution planning takes its first half. */
function startingAt(job: SimJob): number {
  const { executionPlanning, executionStart } = job.phases;
  if (executionPlanning === 0 || executionStart === 0) return 0;
  return executionPlanning + Math.floor((executionStart - executionPlanning) / 2);
}

function durationDetails(job: SimJob): Record<string, unknown>[] {
  const startOf = (key: PhaseField | 'starting') => (key === 'starting' ? startingAt(job) : job.phases[key]);
  return PHASES.flatMap(([phaseName, from], phaseId) => {
    const start = startOf(from);
    if (start === 0) return [];
    const next = PHASES.slice(phaseId + 1).find(([, key]) => startOf(key) > 0);
    const end = next === undefined ? job.phases.finalState : startOf(next[1]);
    return [
      {
        phaseID: phaseId,
        phaseName,
        phaseStartTime: String(start),
        phaseDuration: String(Math.max(0, end - start)),
      },
    ];
  });
}

/** Dremio leaves `engine`, `subEngine` and `wlmQueue` out of an item when they are empty. */
function unlessEmpty(key: string, value: string): Record<string, string> {
  return value === '' ? {} : { [key]: value };
}

/**
 * One `JobListingItem` of `/apiv2/jobs-listing/v1.0` (dremio-api.md §3.2, corrected by fidelity-gaps:
 * numeric `phaseID`, a `STARTING` phase, empty engine/queue fields omitted, views as VIRTUAL_DATASET).
 */
export function jobListingItem(
  job: SimJob,
  datasetType: (path: string) => 'PHYSICAL_DATASET' | 'VIRTUAL_DATASET',
): Record<string, unknown> {
  const endTime = job.phases.finalState;
  return {
    id: job.jobId,
    queryType: job.queryType,
    queryUser: job.user,
    queryText: job.sql,
    plannerEstimatedCost: job.plannerEstimatedCost,
    ...unlessEmpty('engine', job.engine),
    ...unlessEmpty('wlmQueue', job.queueName),
    queriedDatasets: job.queriedDatasets.map((path) => ({
      datasetName: pathParts(path).pop() ?? path,
      datasetPath: path,
      datasetType: datasetType(path),
      datasetPathsList: pathParts(path),
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
