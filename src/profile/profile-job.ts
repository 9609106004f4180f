import type { JobDraft, JobTimestamps } from '../domain/job.js';
import type { ProfileSummary } from '../domain/profile-summary.js';

const STATE_STARTS: readonly [keyof JobTimestamps, string][] = [
  ['metadataRetrievalAt', 'METADATA_RETRIEVAL'],
  ['planningStartAt', 'PLANNING'],
  ['queryEnqueuedAt', 'QUEUED'],
  ['engineStartAt', 'ENGINE_START'],
  ['executionPlanningAt', 'EXECUTION_PLANNING'],
  ['startingAt', 'STARTING'],
  ['executionStartAt', 'RUNNING'],
];

/**
 * A job row from a profile alone (offline imports): the profile knows the job's id, user, SQL, state,
 * phase times, rows and reflections, so a profile file is a complete source on its own.
 */
export function jobFromProfileSummary(
  summary: ProfileSummary,
  options: { readonly sourceRef: string },
): JobDraft {
  const at = (state: string) => {
    const span = summary.states.find((s) => s.state === state);
    return span === undefined || span.startEpochMs <= 0 ? null : new Date(span.startEpochMs);
  };
  const submittedAt = new Date(summary.states[0]?.startEpochMs || summary.startEpochMs);
  const timestamps: Record<keyof JobTimestamps, Date | null> = {
    submittedAt,
    attemptStartedAt: new Date(summary.startEpochMs),
    metadataRetrievalAt: null,
    planningStartAt: null,
    queryEnqueuedAt: null,
    engineStartAt: null,
    executionPlanningAt: null,
    startingAt: null,
    executionStartAt: null,
    finalStateAt: summary.endEpochMs > 0 ? new Date(summary.endEpochMs) : null,
  };
  for (const [key, state] of STATE_STARTS) timestamps[key] = at(state);
  const scans = summary.scans;
  const chosen = summary.acceleration.reflections.filter((r) => r.chosen);
  return {
    jobId: summary.jobId,
    sql: summary.queryText === '' ? null : summary.queryText,
    sqlTruncated: false,
    userName: summary.user === '' ? null : summary.user,
    queryType: summary.queue?.queryType || summary.queryType || null,
    state: summary.state,
    timestamps: { ...timestamps, submittedAt },
    rowsScanned: wholeOrNull(scans.reduce((n, s) => n + s.recordsRead, 0)),
    bytesScanned: wholeOrNull(scans.reduce((n, s) => n + s.bytesRead, 0)),
    rowsReturned: null,
    bytesReturned: null,
    plannerEstimatedCost: summary.queue?.queryCost ?? null,
    cpuTimeMs: wholeOrNull(summary.totalProcessNanos / 1e6),
    memoryAllocatedBytes: null,
    accelerated: summary.acceleration.accelerated || chosen.length > 0,
    reflectionRelationships: summary.acceleration.reflections.map((r) => ({
      reflectionId: r.reflectionId,
      datasetId: null,
      relationship: r.chosen ? 'CHOSEN' : r.matched ? 'MATCHED' : 'CONSIDERED',
    })),
    queueName: summary.queue?.queueName || null,
    engine: summary.queue?.engineName || null,
    client: summary.client.name || null,
    errorMessage: summary.error?.message || null,
    queriedDatasets: summary.datasets.map((d) => d.path),
    scannedDatasets: scans.flatMap((s) => (s.table === undefined || s.table === '' ? [] : [s.table])),
    attemptCount: summary.attempt + 1,
    isProfileIncomplete: null,
    source: 'file',
    sourceRef: options.sourceRef,
    raw: undefined,
    durationMs: summary.durationMs,
  };
}

// A hostile or corrupt profile can sum to Infinity or NaN, which BigInt() throws on; unknown is null.
function wholeOrNull(n: number): bigint | null {
  return Number.isFinite(n) ? BigInt(Math.round(n)) : null;
}
