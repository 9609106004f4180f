import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { findingsForProfile, profileFindingsStep } from '../../src/analysis/profile-findings.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import type { ProfileSummary } from '../../src/domain/profile-summary.js';
import { ConfigError } from '../../src/errors.js';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { analyzeProfileFiles } from '../../src/profile/analyze-profile-service.js';
import { summarizeProfile } from '../../src/profile/summarize.js';
import { realFixture } from '../support/fixtures.js';

const GIB = 1024 ** 3;
const detectors = Object.values(DETECTORS);
const thresholds = resolveThresholds({ detectors, overrides: {} });

function summary(name: string): ProfileSummary {
  return summarizeProfile(parseLosslessJson(readFileSync(realFixture(name), 'utf8')), { attempt: 0 });
}

describe('findingsForProfile', () => {
  it.each(['dqd/profile1.json', 'dqd/profile2.json', 'dqd/profileWithEmptyClientInfo.json'])(
    'finds nothing in the healthy real profile %s and runs no workload detector',
    (name) => {
      const run = findingsForProfile(summary(name), { detectors, thresholds });
      expect(run.findings).toEqual([]);
      const jobScope = detectors.filter((d) => d.scope === 'job').map((d) => d.id);
      expect(run.evaluated.length).toBeGreaterThan(0);
      for (const n of run.notEvaluated) expect(jobScope).toContain(n.detector);
      for (const id of run.evaluated) expect(jobScope).toContain(id);
    },
  );

  it('reports a profile that spilled heavily for ten minutes as a job-level spill finding', () => {
    const base = summary('dqd/profile1.json');
    const heaviest = [...base.operators].sort((a, b) => b.processNanos.sum - a.processNanos.sum)[0]!;
    const spilled: ProfileSummary = {
      ...base,
      stateDurationsMs: { ...base.stateDurationsMs, running: 600_000 },
      spill: {
        spilled: true,
        hashAggBytes: 20 * GIB,
        sortBytes: 0,
        hashJoinBytes: 0,
        totalBytes: 20 * GIB,
        operatorKeys: [heaviest.key],
      },
    };
    const run = findingsForProfile(spilled, { detectors, thresholds });
    const spill = run.findings.find((f) => f.detector === 'spill');
    expect(spill).toBeDefined();
    expect(spill!.jobIds).toEqual([base.jobId]);
    expect(spill!.evidence).toMatchObject({ spilledBytes: 20 * GIB, exampleJobId: base.jobId, runCount: 1 });
  });
});

describe('analyzeProfileFiles with the findings step', () => {
  it('fills findings for each profile, and an override error stops before any file is read', async () => {
    const findings = await profileFindingsStep({ overrides: {} });
    const result = await analyzeProfileFiles([realFixture('dqd/profile1.json')], { findings });
    expect(result.profiles).toHaveLength(1);
    expect(result.profiles[0]!.findings).toEqual([]);
    await expect(
      profileFindingsStep({ overrides: { spill: { spilledBytes: { low: 1e12 } } } }),
    ).rejects.toThrow(ConfigError);
  });
});
