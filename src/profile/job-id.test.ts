import { describe, expect, it } from 'vitest';
import { jobIdFromParts } from './job-id.js';

describe('jobIdFromParts', () => {
  it('reads a real profile id exactly (dqd profile1.json)', () => {
    expect(jobIdFromParts({ part1: 2069418626012072247n, part2: 7174571401325465344n })).toEqual({
      jobId: '1cb80d46-af06-c937-6391-32ad4fae4f00',
      attempt: 0,
      exact: true,
    });
  });

  it('fidelity-gaps #6: names the job, not the attempt, for a re-attempted profile', () => {
    // The attempt number sits in the lowest byte of part2; the job id is attempt 0's.
    const result = jobIdFromParts({ part1: 2069418626012072247n, part2: 7174571401325465344n + 2n });
    expect(result.jobId).toBe('1cb80d46-af06-c937-6391-32ad4fae4f00');
    expect(result.attempt).toBe(2);
  });

  it('keeps a negative part2 (high bit set) in two-complement form', () => {
    const result = jobIdFromParts({ part1: 1n, part2: -255n });
    expect(result.jobId).toBe('00000000-0000-0001-ffff-ffffffffff00');
    expect(result.attempt).toBe(1);
  });
});

describe('summarizeProfile attempt', () => {
  it('fidelity-gaps #6: takes the attempt from the id when the caller does not know it', async () => {
    const { summarizeProfile } = await import('./summarize.js');
    const raw = { id: { part1: 1n, part2: 0x300n + 2n }, state: 2, user: 'u', start: 1000, end: 2000 };
    expect(summarizeProfile(raw)).toMatchObject({
      jobId: '00000000-0000-0001-0000-000000000300',
      attempt: 2,
    });
    expect(summarizeProfile(raw, { attempt: 1 }).attempt).toBe(1);
  });
});
