import { describe, expect, it } from 'vitest';
import { withPlausibleTimes } from '../../src/analysis/plausible-job.js';
import { buildJob } from '../support/job-builder.js';

describe('withPlausibleTimes', () => {
  it('makes a 52-year, a negative and a NaN duration unknown and keeps the rest', () => {
    const base = buildJob({ jobId: 'j' });
    const job = buildJob({
      jobId: 'j',
      durationMs: 52 * 365 * 86_400_000,
      phases: { ...base.phases, queuedMs: -5, planningMs: Number.NaN },
    });
    const plausible = withPlausibleTimes(job);
    expect(plausible.durationMs).toBeNull();
    expect(plausible.phases).toEqual({ ...base.phases, queuedMs: null, planningMs: null });
  });

  it('returns a plausible job unchanged', () => {
    const job = buildJob({ jobId: 'j' });
    expect(withPlausibleTimes(job)).toBe(job);
  });
});
