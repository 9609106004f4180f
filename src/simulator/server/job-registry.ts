import type { SimJob, SimJobState, SqlColumn, SqlRow } from '../world.js';

/** The lazily computed rows of a REST job; never the rows themselves. */
export interface ResultSource {
  readonly columns: readonly SqlColumn[];
  readonly rowCount: number;
  rows(offset: number, limit: number): SqlRow[];
}

export const PROGRESS_STATES = ['PLANNING', 'RUNNING'] as const;
export type ObservedJobState = (typeof PROGRESS_STATES)[number] | SimJobState;

export interface RestJob {
  readonly job: SimJob;
  readonly result?: ResultSource;
  polls: number;
  cancellation?: { readonly reason: string; readonly atMs: number };
}

/** Oldest REST jobs are forgotten beyond this, like Dremio's results retention. */
const MAX_REST_JOBS = 20_000;

/**
 * Jobs submitted over REST. Each one walks PLANNING → RUNNING → its final state over the first polls
 * of `GET /job/{id}`, so clients exercise their polling loop; a failed poll response does not lose it.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, RestJob>();
  private readonly pollsBeforeFinal: number;

  constructor(pollsBeforeFinal: number) {
    this.pollsBeforeFinal = Math.max(0, pollsBeforeFinal);
  }

  add(job: SimJob, result?: ResultSource): RestJob {
    const entry: RestJob = result === undefined ? { job, polls: 0 } : { job, result, polls: 0 };
    this.jobs.set(job.jobId, entry);
    if (this.jobs.size > MAX_REST_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest !== undefined) this.jobs.delete(oldest);
    }
    return entry;
  }

  get(jobId: string): RestJob | undefined {
    return this.jobs.get(jobId);
  }

  stateOf(entry: RestJob): ObservedJobState {
    if (entry.cancellation !== undefined) return 'CANCELED';
    if (entry.polls >= this.pollsBeforeFinal) return entry.job.finalState;
    return PROGRESS_STATES[Math.min(entry.polls, PROGRESS_STATES.length - 1)]!;
  }

  /** The state this poll reports; the job advances one step per poll. */
  poll(entry: RestJob): ObservedJobState {
    const state = this.stateOf(entry);
    entry.polls += 1;
    return state;
  }

  /** Cancels a job that has not reached its final state yet. */
  cancel(entry: RestJob, options: { user: string; atMs: number }): boolean {
    if (isFinal(this.stateOf(entry))) return false;
    entry.cancellation = { reason: `Query cancelled by user '${options.user}'`, atMs: options.atMs };
    return true;
  }
}

export function isFinal(state: ObservedJobState): state is SimJobState {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELED';
}
