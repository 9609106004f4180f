import type { ProfileSummary } from '../domain/profile-summary.js';

/** What an earlier attempt of a re-attempted job ended with, kept beside the last attempt's job row. */
export interface EarlierAttempt {
  readonly attempt: number;
  readonly state: string;
  readonly error: string | null;
  readonly sourceRef: string;
}

export interface AttemptInput<T> {
  readonly summary: ProfileSummary;
  readonly ref: string;
  readonly item: T;
}

export interface OrderedAttempt<T> extends AttemptInput<T> {
  /** Set on the job's last attempt only: the job row comes from it (fidelity-gaps #6). */
  readonly job?: { readonly attemptCount: number; readonly earlierAttempts: readonly EarlierAttempt[] };
}

/**
 * Orders the profiles of one bundle so each job's last attempt comes first and alone describes the job:
 * Dremio's history reports the last attempt (`profile_attempt_0..N-1` in a support ZIP), and the job
 * store keeps the first value it is given. Earlier attempts stay as profiles and as evidence.
 */
export function orderAttempts<T>(inputs: readonly AttemptInput<T>[]): OrderedAttempt<T>[] {
  const byJob = new Map<string, AttemptInput<T>[]>();
  for (const input of inputs) {
    const list = byJob.get(input.summary.jobId) ?? [];
    list.push(input);
    byJob.set(input.summary.jobId, list);
  }
  return [...byJob.values()].flatMap((attempts) => {
    const [last, ...earlier] = [...attempts].sort((a, b) => b.summary.attempt - a.summary.attempt);
    if (last === undefined) return [];
    const earlierAttempts = earlier
      .map((a) => ({
        attempt: a.summary.attempt,
        state: a.summary.state,
        error: a.summary.error?.message || null,
        sourceRef: a.ref,
      }))
      .sort((a, b) => a.attempt - b.attempt);
    return [{ ...last, job: { attemptCount: last.summary.attempt + 1, earlierAttempts } }, ...earlier];
  });
}
