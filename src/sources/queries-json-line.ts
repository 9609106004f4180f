import type { JobDraft, JobPhaseDurations, ReflectionRelationship } from '../domain/job.js';
import { decimal, epoch, type Fields, flag, integer, isRecord, text } from './field-values.js';
import type { RowResult } from './history-row.js';

const OUTCOME_STATES: Readonly<Record<string, string>> = { CANCELLED: 'CANCELED' };
const RELATIONSHIPS = new Set(['CONSIDERED', 'MATCHED', 'CHOSEN']);

/**
 * One line of the coordinator's `queries.json` audit log → a job draft. Newer builds log phase
 * durations (`planningTime`, `runningTime`, …) next to phase start times; durations are used when they
 * fit inside the job, because some builds log an epoch in `metadataRetrievalTime`.
 */
export function jobFromQueriesJsonLine(line: Fields, options: { readonly sourceRef: string }): RowResult {
  const jobId = text(line, 'queryId');
  if (jobId === null) return { ok: false, reason: 'no queryId' };
  const submittedAt = epoch(line, 'submitted') ?? epoch(line, 'start');
  if (submittedAt === null) return { ok: false, reason: `query ${jobId} has no start or submitted time` };
  const finalStateAt = epoch(line, 'finish');
  const totalMs = finalStateAt === null ? null : finalStateAt.getTime() - submittedAt.getTime();
  const outcome = text(line, 'outcome');
  const draft: JobDraft = {
    jobId,
    sql: text(line, 'queryText'),
    sqlTruncated: flag(line, 'isTruncatedQueryText') ?? false,
    userName: text(line, 'username'),
    queryType: text(line, 'queryType'),
    state: outcome === null ? null : (OUTCOME_STATES[outcome] ?? outcome),
    timestamps: {
      submittedAt,
      attemptStartedAt: epoch(line, 'start'),
      metadataRetrievalAt: epoch(line, 'metadataRetrieval'),
      planningStartAt: epoch(line, 'planningStart'),
      queryEnqueuedAt: epoch(line, 'queryEnqueued'),
      engineStartAt: epoch(line, 'engineStart'),
      executionPlanningAt: epoch(line, 'executionPlanningStart'),
      startingAt: null,
      executionStartAt: epoch(line, 'executionStart'),
      finalStateAt,
    },
    rowsScanned: integer(line, 'inputRecords'),
    bytesScanned: integer(line, 'inputBytes'),
    rowsReturned: integer(line, 'outputRecords'),
    bytesReturned: integer(line, 'outputBytes'),
    plannerEstimatedCost: decimal(line, 'queryCost'),
    cpuTimeMs: nsToMs(integer(line, 'executionCpuTimeNs')),
    memoryAllocatedBytes: integer(line, 'memoryAllocated'),
    accelerated: flag(line, 'accelerated'),
    reflectionRelationships: relationships(line.reflectionRelationships),
    queueName: text(line, 'queueName'),
    engine: text(line, 'engineName'),
    client: null,
    errorMessage: outcome === 'COMPLETED' ? null : text(line, 'outcomeReason'),
    queriedDatasets: datasetPaths(line.parentsList),
    scannedDatasets: datasetPaths(line.scannedDatasets),
    attemptCount: toInt(integer(line, 'attemptCount')),
    isProfileIncomplete: null,
    source: 'queries-json',
    sourceRef: options.sourceRef,
    raw: line,
    durationMs: totalMs === null ? null : Math.max(0, totalMs),
  };
  const phases = loggedPhases(line, totalMs);
  return { ok: true, job: phases === undefined ? draft : { ...draft, phases } };
}

function loggedPhases(line: Fields, totalMs: number | null): JobPhaseDurations | undefined {
  if (!('runningTime' in line || 'planningTime' in line)) return undefined;
  const fits = (key: string): number | null => {
    const v = integer(line, key);
    if (v === null || v < 0n) return null;
    const ms = Number(v);
    return totalMs !== null && ms > totalMs ? null : ms;
  };
  return {
    pendingMs: fits('pendingTime'),
    metadataRetrievalMs: fits('metadataRetrievalTime'),
    planningMs: fits('planningTime'),
    queuedMs: fits('queuedTime'),
    engineStartMs: fits('engineStartTime'),
    executionPlanningMs: fits('executionPlanningTime'),
    startingMs: fits('startingTime'),
    runningMs: fits('runningTime'),
  };
}

function relationships(value: unknown): readonly ReflectionRelationship[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((r) => {
    const reflectionId = text(r, 'reflectionId') ?? text(r, 'reflection_id');
    const relationship = text(r, 'relationship') ?? text(r, 'state');
    if (reflectionId === null || relationship === null || !RELATIONSHIPS.has(relationship)) return [];
    return [
      {
        reflectionId,
        datasetId: text(r, 'datasetId'),
        relationship: relationship as ReflectionRelationship['relationship'],
      },
    ];
  });
}

function datasetPaths(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d) => {
    if (typeof d === 'string') return d === '' ? [] : [d];
    if (!isRecord(d)) return [];
    const path = d.datasetPath ?? d.datasetPathList ?? d.path;
    if (Array.isArray(path)) return [path.join('.')];
    return typeof path === 'string' && path !== '' ? [path] : [];
  });
}

function nsToMs(ns: bigint | null): bigint | null {
  return ns === null ? null : ns / 1_000_000n;
}

function toInt(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}
