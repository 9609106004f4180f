import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../json/lossless-json.js';
import { createWorld } from '../create-world.js';
import { REATTEMPT_ERRORS } from './job-attempts.js';
import { testWorldOptions } from './test-world.js';

interface Profile {
  readonly id: { readonly part2: bigint };
  readonly state: number;
  readonly start: number;
  readonly end: number;
  readonly error?: string;
}

describe('re-attempted jobs', () => {
  const world = createWorld(testWorldOptions({ flavor: 'software-25.1', jobs: 3000 }));
  const jobs = Array.from({ length: world.jobCount }, (_, i) => world.job(i));
  const reattempted = jobs.filter((j) => j.attemptCount > 1);
  const profile = (jobId: string, attempt: number) => {
    const text = world.profileJson(jobId, attempt);
    return text === undefined ? undefined : (parseLosslessJson(text) as Profile);
  };

  it('fidelity-gaps #6: some jobs ran more than once, with one profile per attempt and the row from the last', () => {
    expect(reattempted.length).toBeGreaterThan(10);
    expect(reattempted.some((j) => j.attemptCount === 3)).toBe(true);
    const rows = new Map(
      [...(world.table('sys.jobs_recent')?.scan([]) ?? [])].map((r) => [String(r.job_id), r] as const),
    );
    for (const job of reattempted) {
      expect(rows.get(job.jobId)?.attempt_count).toBe(job.attemptCount);
      expect(job.phases.attemptStarted).toBeGreaterThan(job.submittedEpochMs);
      const last = profile(job.jobId, job.attemptCount - 1)!;
      expect(last.state).toBe(2);
      expect(last.start).toBe(job.phases.attemptStarted);
      expect(last.end).toBe(job.phases.finalState);
      // The profile's id is its attempt's: the job id with the attempt number in the last byte.
      expect(Number(BigInt.asUintN(8, last.id.part2))).toBe(job.attemptCount - 1);
      let previousEnd = job.submittedEpochMs;
      for (let attempt = 0; attempt < job.attemptCount - 1; attempt++) {
        const early = profile(job.jobId, attempt)!;
        expect(early.state).toBe(4);
        expect(REATTEMPT_ERRORS.some((e) => early.error === e)).toBe(true);
        expect(early.start).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = early.end;
      }
      expect(previousEnd).toBeLessThan(last.start);
      expect(profile(job.jobId, job.attemptCount)).toBeUndefined();
    }
  });

  it('leaves jobs that ran once with attempt 0 only', () => {
    const once = jobs.find((j) => j.attemptCount === 1 && j.hasProfile)!;
    expect(profile(once.jobId, 0)?.start).toBe(once.submittedEpochMs);
    expect(profile(once.jobId, 1)).toBeUndefined();
  });
});
