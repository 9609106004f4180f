import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import { recommend } from '../../src/recommend/recommend.js';
import { workloadManagementOf } from '../../src/recommend/workload-management-edition.js';
import type { Flavor } from '../../src/simulator/flavor.js';
import { buildWorldSnapshot } from '../support/world-snapshot.js';

const snapshots = new Map<Flavor, ReturnType<typeof buildWorldSnapshot>>();

async function queueAdvice(flavor: Flavor, workloadManagement?: boolean) {
  if (!snapshots.has(flavor))
    snapshots.set(flavor, buildWorldSnapshot({ flavor, seed: 1, jobs: 800, days: 4 }));
  const { snapshot } = await snapshots.get(flavor)!;
  const detectors = [DETECTORS['queue-wait']];
  const run = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot,
  });
  const recs = recommend(
    run.findings,
    snapshot,
    workloadManagement === undefined ? {} : { workloadManagement },
  );
  return { findings: run.findings, advice: recs.filter((r) => r.kind === 'workload-management') };
}

describe('Workload Management advice by edition', () => {
  it('fidelity-gaps #4: OSS jobs that waited get no advice to change WLM queues, which OSS does not have', async () => {
    const oss = await queueAdvice('software-24.3', false);
    expect(oss.findings.length).toBeGreaterThan(0);
    expect(oss.advice).toEqual([]);
    // An import says nothing about the edition: OSS's fixed queue names tell.
    expect((await queueAdvice('software-24.3')).advice).toEqual([]);
  });

  it('fidelity-gaps #4: Enterprise and Cloud get queue advice for the same waits', async () => {
    const enterprise = await queueAdvice('software-25.1', true);
    expect(enterprise.advice.length).toBeGreaterThan(0);
    expect((await queueAdvice('software-25.1')).advice.length).toBe(enterprise.advice.length);
    expect((await queueAdvice('cloud', true)).advice.length).toBeGreaterThan(0);
  });

  it('reads the edition the collector detected', () => {
    expect(workloadManagementOf({ kind: 'cloud', edition: null })).toBe(true);
    expect(workloadManagementOf({ kind: 'software', edition: 'enterprise' })).toBe(true);
    expect(workloadManagementOf({ kind: 'software', edition: 'oss' })).toBe(false);
    expect(workloadManagementOf({ kind: 'unknown', edition: null })).toBeUndefined();
  });
});
