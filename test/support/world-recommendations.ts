import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { recommendWithReflectionSet } from '../../src/recommend/recommend.js';
import { FLAVOR_SPECS, type Flavor } from '../../src/simulator/flavor.js';
import { buildWorldSnapshot, type WorldSnapshot } from './world-snapshot.js';

export interface WorldRecommendations extends WorldSnapshot {
  readonly findings: readonly Finding[];
  readonly recommendations: readonly Recommendation[];
  /** Left out because they cost more than they save; shown to the user with their numbers. */
  readonly notWorthIt: readonly Recommendation[];
}

/**
 * A simulated world's findings (every detector, default thresholds) and the recommendations for them,
 * with the cluster's kind, version, edition and Workload Management as the flavor has them.
 */
export async function recommendOnWorld(options: {
  readonly flavor: Flavor;
  readonly seed: number;
  readonly jobs: number;
  readonly days: number;
}): Promise<WorldRecommendations> {
  const built = await buildWorldSnapshot(options);
  const detectors = Object.values(DETECTORS);
  const { findings } = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot: built.snapshot,
  });
  const spec = FLAVOR_SPECS[options.flavor];
  const { recommendations, notWorthIt } = recommendWithReflectionSet(findings, built.snapshot, {
    cluster: {
      kind: spec.kind,
      version: spec.dremioVersion,
      edition: spec.enterprise ? 'enterprise' : 'oss',
    },
    workloadManagement: spec.workloadManagement,
  });
  return { ...built, findings, recommendations, notWorthIt };
}
