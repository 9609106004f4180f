import { describe, expect, it } from 'vitest';
import { summarizeProfile } from '../src/profile/summarize.js';
import { createWorld, SIMULATOR_DEFAULTS } from '../src/simulator/index.js';
import { scaleProfile } from './scale-profile.js';

function simulatedProfile(): string {
  const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: 200 });
  for (let i = 0; i < world.jobCount; i++) {
    const job = world.job(i);
    const text = job.hasProfile ? world.profileJson(job.jobId, 0) : undefined;
    if (text !== undefined && text.length > 50_000) return text;
  }
  throw new Error('no simulated profile over 50 KB in 200 jobs');
}

describe('scaleProfile', () => {
  const base = simulatedProfile();

  for (const targetBytes of [1_000_000, 3_000_000]) {
    it(`grows a simulated profile to about ${targetBytes} bytes`, () => {
      const scaled = scaleProfile(base, targetBytes);
      const bytes = Buffer.byteLength(scaled);
      expect(bytes).toBeGreaterThanOrEqual(targetBytes * 0.98);
      expect(bytes).toBeLessThan(targetBytes * 1.05);
    });
  }

  it('is deterministic', () => {
    expect(scaleProfile(base, 500_000)).toBe(scaleProfile(base, 500_000));
  });

  it('adds minor fragments with fresh ids and keeps the operators', () => {
    const scaled = JSON.parse(scaleProfile(base, 1_000_000)) as {
      fragmentProfile: { minorFragmentProfile: { minorFragmentId: number }[] }[];
    };
    for (const fragment of scaled.fragmentProfile) {
      const ids = fragment.minorFragmentProfile.map((m) => m.minorFragmentId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const before = summarizeProfile(JSON.parse(base));
    const after = summarizeProfile(scaled);
    expect(after.operators.map((op) => op.key)).toEqual(before.operators.map((op) => op.key));
    const minors = (s: typeof before) => s.fragments.reduce((n, f) => n + f.minorFragmentCount, 0);
    expect(minors(after)).toBeGreaterThan(minors(before) * 5);
  });

  it('returns a profile that is already big enough unchanged', () => {
    expect(scaleProfile(base, 10)).toBe(base);
  });

  it('says what is wrong with a text that is not a profile', () => {
    expect(() => scaleProfile('{"id":1}', 1_000)).toThrow(/fragmentProfile/);
  });
});
