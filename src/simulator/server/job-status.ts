import { queueNamed } from '../world/actors.js';
import type { SimJob } from '../world.js';
import type { ObservedJobState, RestJob } from './job-registry.js';
import { isFinal } from './job-registry.js';
import { isoTime, stableUuid } from './stable-id.js';

/**
 * `GET /api/v3/job/{id}` as Dremio's `JobStatus` serialises it (dremio-api.md §2.2). Fields that
 * Dremio leaves null for a job in this state are omitted.
 */
export function renderJobStatus(
  job: SimJob,
  state: ObservedJobState,
  cancellation?: RestJob['cancellation'],
): Record<string, unknown> {
  const phases = job.phases;
  const status: Record<string, unknown> = {
    jobState: state,
    rowCount: state === 'COMPLETED' ? job.rowsReturned : 0,
    errorMessage: state === 'FAILED' ? job.errorMessage : '',
    startedAt: isoTime(phases.attemptStarted || job.submittedEpochMs),
    queryType: job.queryType,
    queueName: job.queueName,
    queueId:
      job.queueName === '' ? '' : (queueNamed(job.queueName)?.id ?? stableUuid(`queue:${job.queueName}`)),
  };
  if (isFinal(state))
    status.endedAt = isoTime(cancellation?.atMs ?? (phases.finalState || job.submittedEpochMs));
  if (phases.queryEnqueued > 0) status.resourceSchedulingStartedAt = isoTime(phases.queryEnqueued);
  // The wait ends at EXECUTION_PLANNING; Enterprise's engine start shares the enqueue instant (fidelity-gaps #2).
  if (phases.queryEnqueued > 0 && phases.executionPlanning > 0)
    status.resourceSchedulingEndedAt = isoTime(phases.executionPlanning);
  if (state === 'COMPLETED' && job.reflectionRelationships.length > 0) {
    status.acceleration = { reflectionRelationships: job.reflectionRelationships };
  }
  if (state === 'CANCELED') status.cancellationReason = cancellation?.reason ?? job.errorMessage;
  return status;
}
