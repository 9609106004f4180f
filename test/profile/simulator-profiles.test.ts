import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { createWorld } from '../../src/simulator/create-world.js';
import { FLAVOR_SPECS, FLAVORS } from '../../src/simulator/flavor.js';

/**
 * The profile reader against the simulator's profiles of every flavor: what the simulator injected (spill,
 * fan-out, nested loops) must come out of the summary, with metric ids resolved per version, and the job
 * row's rows scanned must equal the scans' output.
 */
describe.each(FLAVORS)('simulated %s profiles read back as injected', (flavor) => {
  const world = createWorld({
    flavor,
    seed: 7,
    jobs: 700,
    days: 5,
    endAt: new Date('2026-11-01T00:00:00.000Z'),
    userName: 'dremio',
    password: 'dremio123',
    token: 't',
    projectId: 'p',
  });
  const summaries = Array.from({ length: world.jobCount }, (_, i) => world.job(i))
    .filter((job) => job.hasProfile)
    // The last attempt is the one the job row describes (fidelity-gaps #6: earlier attempts failed partway).
    .map((job) => ({
      job,
      summary: summarizeProfile(parseLosslessJson(world.profileJson(job.jobId, job.attemptCount - 1)!)),
    }));

  it('keeps job ids, version and user exactly', () => {
    for (const { job, summary } of summaries) {
      expect(summary.jobId).toBe(job.jobId);
      expect(summary.jobIdExact).toBe(true);
      expect(summary.user).toBe(job.user);
    }
    expect(summaries[0]?.summary.dremioVersion).toBe(FLAVOR_SPECS[flavor].dremioVersion);
  });

  it("reports the spill the simulator injected, via this version's metric ids", () => {
    const spilled = summaries.filter(({ job }) => job.labels.includes('spill'));
    expect(spilled.length).toBeGreaterThan(0);
    for (const { summary } of spilled) {
      expect(summary.spill.spilled).toBe(true);
      expect(summary.spill.totalBytes).toBeGreaterThan(0);
    }
  });

  it('reports the join fan-out the simulator injected', () => {
    const fanned = summaries.filter(({ job }) => job.labels.includes('join-fanout'));
    expect(fanned.length).toBeGreaterThan(0);
    for (const { summary } of fanned)
      expect(Math.max(...summary.joins.map((j) => j.fanOut))).toBeGreaterThanOrEqual(10);
  });

  it('finds the nested-loop joins the simulator injected', () => {
    const nested = summaries.filter(({ job }) => job.labels.includes('nested-loop-join'));
    expect(nested.length).toBeGreaterThan(0);
    for (const { summary } of nested) expect(summary.joins.some((j) => j.kind === 'nested-loop')).toBe(true);
  });

  it('agrees with the job row on rows scanned', () => {
    for (const { job, summary } of summaries.filter(({ job }) => job.finalState === 'COMPLETED')) {
      const scanned = summary.scans.reduce((n, s) => n + s.recordsRead, 0);
      expect(scanned).toBe(Number(job.rowsScanned));
    }
  });
});
