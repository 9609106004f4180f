import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../../profile/plan-text.js';
import { summarizeProfile } from '../../../profile/summarize.js';
import { createWorld } from '../../create-world.js';
import { testWorldOptions } from '../test-world.js';

const world = createWorld(testWorldOptions({ jobs: 600 }));

/** The plan of the first profiled job whose Iceberg scan was pruned by a manifest filter. */
function prunedIcebergPlan(): { jobId: string; plan: string; profile: unknown } {
  for (let i = 0; i < world.jobCount; i++) {
    const job = world.job(i);
    if (!job.hasProfile) continue;
    const text = world.profileJson(job.jobId, job.attemptCount - 1);
    if (text === undefined || !text.includes('ManifestFile Filter AnyColExpression')) continue;
    const profile = JSON.parse(text) as { plan: string };
    return { jobId: job.jobId, plan: profile.plan, profile };
  }
  throw new Error('no pruned Iceberg scan in the world');
}

describe('simulated plan text', () => {
  it('fidelity-gaps #8: prints every attribute as name=[value], the scanned table and the manifest filter included', () => {
    const { plan } = prunedIcebergPlan();
    expect(plan).not.toContain('=>');
    const nodes = parsePlanText(plan);
    const dataScan = nodes.find((n) => n.attributes['Table Function Type'] === 'DATA_FILE_SCAN');
    const splitGen = nodes.find((n) => n.attributes['Table Function Type'] === 'SPLIT_GEN_MANIFEST_SCAN');
    expect(dataScan?.line).toMatch(/, table=\[[^\]]+\]\)/);
    expect(splitGen?.line).toMatch(/ManifestFile Filter AnyColExpression=\[\(ref\(name="\w+"\) /);
    expect(splitGen?.attributes.columns).toMatch(/^`\w+`(, `\w+`)*$/);
    const list = nodes.find((n) => n.name === 'IcebergManifestList');
    expect(dataScan?.attributes.table).toBe(list?.attributes.table);
  });

  it('fidelity-gaps #8: the product reads the scan of such a plan as a pruned scan of its table', () => {
    const { profile } = prunedIcebergPlan();
    const scans = summarizeProfile(profile).scans.filter(
      (s) => s.subtypeName === 'DATA_FILE_SCAN' || s.table,
    );
    const dataScan = scans.find((s) => s.table?.startsWith('lakehouse.'));
    expect(dataScan).toBeDefined();
    expect(dataScan?.hasManifestFilter).toBe(true);
  });
});
