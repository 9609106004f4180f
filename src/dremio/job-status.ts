import { z } from 'zod';
import type { DremioConnection } from './dremio-connection.js';
import { parseResponse, toNumber } from './parse-response.js';

/** Dremio's job states (job.proto `JobState`); unknown future states are kept as strings. */
export const JOB_STATES = [
  'NOT_SUBMITTED',
  'STARTING',
  'RUNNING',
  'COMPLETED',
  'CANCELED',
  'FAILED',
  'CANCELLATION_REQUESTED',
  'ENQUEUED',
  'PLANNING',
  'PENDING',
  'METADATA_RETRIEVAL',
  'QUEUED',
  'ENGINE_START',
  'EXECUTION_PLANNING',
  'INVALID_STATE',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINAL_JOB_STATES = ['COMPLETED', 'CANCELED', 'FAILED'] as const;
export type FinalJobState = (typeof FINAL_JOB_STATES)[number];

export interface ReflectionRelationship {
  readonly datasetId: string;
  readonly reflectionId: string;
  /** `CONSIDERED`, `MATCHED` or `CHOSEN`; kept as text so new values do not break parsing. */
  readonly relationship: string;
}

export interface JobStatus {
  readonly jobId: string;
  readonly state: string;
  readonly final: boolean;
  readonly rowCount: number;
  /** Set when FAILED; empty otherwise. */
  readonly errorMessage: string;
  readonly cancellationReason: string;
  readonly queryType: string;
  readonly queueName: string;
  readonly startedAt: string | undefined;
  readonly endedAt: string | undefined;
  readonly reflectionRelationships: readonly ReflectionRelationship[];
}

const integer = z.union([z.number(), z.bigint()]);

const jobStatusSchema = z.looseObject({
  jobState: z.string(),
  rowCount: integer.optional(),
  errorMessage: z.string().optional(),
  cancellationReason: z.string().optional(),
  queryType: z.string().optional(),
  queueName: z.string().optional(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  acceleration: z
    .looseObject({
      reflectionRelationships: z
        .array(z.looseObject({ datasetId: z.string(), reflectionId: z.string(), relationship: z.string() }))
        .optional(),
    })
    .optional(),
});

export function isFinalJobState(state: string): state is FinalJobState {
  return (FINAL_JOB_STATES as readonly string[]).includes(state);
}

export function parseJobStatus(answer: { jobId: string; body: unknown; endpoint: string }): JobStatus {
  const { jobId, body, endpoint } = answer;
  const data = parseResponse(jobStatusSchema, { body, endpoint });
  return {
    jobId,
    state: data.jobState,
    final: isFinalJobState(data.jobState),
    rowCount: toNumber(data.rowCount),
    errorMessage: data.errorMessage ?? '',
    cancellationReason: data.cancellationReason ?? '',
    queryType: data.queryType ?? '',
    queueName: data.queueName ?? '',
    startedAt: data.startedAt,
    endedAt: data.endedAt,
    reflectionRelationships: (data.acceleration?.reflectionRelationships ?? []).map((r) => ({
      datasetId: r.datasetId,
      reflectionId: r.reflectionId,
      relationship: r.relationship,
    })),
  };
}

/** `GET /job/{id}`: the job's state, row count and error. */
export async function getJob(
  connection: DremioConnection,
  jobId: string,
  options: { signal?: AbortSignal } = {},
): Promise<JobStatus> {
  const path = connection.restPath(`/job/${encodeURIComponent(jobId)}`);
  const body = await connection.getJson(path, options.signal ? { signal: options.signal } : {});
  return parseJobStatus({ jobId, body, endpoint: `GET ${path}` });
}

/** `POST /job/{id}/cancel`; a job that already finished answers 4xx, which is not an error here. */
export async function cancelJob(connection: DremioConnection, jobId: string): Promise<void> {
  const path = connection.restPath(`/job/${encodeURIComponent(jobId)}/cancel`);
  await connection.request({ method: 'POST', path, safety: 'read', allowStatuses: [400, 404, 409] });
}
