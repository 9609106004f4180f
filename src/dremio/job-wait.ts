import { DremioError } from '../errors.js';
import type { DremioConnection } from './dremio-connection.js';
import { cancelJob, getJob, type JobStatus } from './job-status.js';
import { sleep } from './request-limiter.js';
import { retryStep } from './retry-step.js';

const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1_000;

/**
 * Polls `GET /job/{id}` with growing pauses until the job is final. When `signal` fires (caller
 * abort or deadline), the job is cancelled on the server so it does not keep running for nobody.
 */
export async function waitForJob(
  connection: DremioConnection,
  jobId: string,
  options: { signal: AbortSignal },
): Promise<JobStatus> {
  let pauseMs = FIRST_POLL_MS;
  try {
    for (;;) {
      // The job lives on the server whatever happens to one poll: a failed poll is polled again.
      const status = await retryStep(
        connection,
        { what: `poll of job ${jobId}`, signal: options.signal },
        () => getJob(connection, jobId, { signal: options.signal }),
      );
      if (status.final) return status;
      await sleep(pauseMs, options.signal);
      pauseMs = Math.min(MAX_POLL_MS, pauseMs * 1.5);
    }
  } catch (error) {
    if (!options.signal.aborted) throw error;
    await cancelQuietly(connection, jobId);
    throw stoppedError({ jobId, signal: options.signal, cause: error });
  }
}

async function cancelQuietly(connection: DremioConnection, jobId: string): Promise<void> {
  try {
    await cancelJob(connection, jobId);
    connection.logger.debug({ jobId }, 'cancelled dremio job');
  } catch (error) {
    connection.logger.warn({ jobId, error: String(error) }, 'could not cancel dremio job');
  }
}

/** Names the deadline when it was the deadline that fired. */
export function stoppedError(stop: { jobId: string; signal: AbortSignal; cause: unknown }): DremioError {
  const { jobId, signal, cause } = stop;
  const deadline = signal.reason instanceof DeadlineExceeded;
  const error = new DremioError(
    deadline
      ? `Job ${jobId} did not finish within ${signal.reason.deadlineMs} ms and was cancelled`
      : `Job ${jobId} was cancelled because the caller aborted`,
    {
      cause,
      code: deadline ? 'DREMIO_DEADLINE' : 'DREMIO_ABORTED',
      ...(deadline ? { hint: 'Raise the deadline, or narrow the query (e.g. a shorter time window).' } : {}),
    },
  );
  stopped.add(error);
  return error;
}

const stopped = new WeakSet<Error>();

/** True for the error {@link stoppedError} made, so callers do not wrap it twice. */
export function isStoppedError(error: unknown): boolean {
  return error instanceof Error && stopped.has(error);
}

export class DeadlineExceeded extends Error {
  readonly deadlineMs: number;

  constructor(deadlineMs: number) {
    super(`deadline of ${deadlineMs} ms exceeded`);
    this.name = 'DeadlineExceeded';
    this.deadlineMs = deadlineMs;
  }
}
