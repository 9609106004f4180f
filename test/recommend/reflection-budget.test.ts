import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Finding } from '../../src/domain/finding.js';
import { listStoredRecommendations, recommendAndSave } from '../../src/recommend/recommend-service.js';
import type { LeftOutReflection } from '../../src/recommend/reflection-set/plan.js';
import { ensureCluster } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { buildWorldSnapshot, type WorldSnapshot } from '../support/world-snapshot.js';

let built: WorldSnapshot;
let findings: readonly Finding[];

beforeAll(async () => {
  built = await buildWorldSnapshot({ flavor: 'software-25.1', seed: 2, jobs: 1500, days: 7 });
  const detectors = Object.values(DETECTORS);
  findings = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot: built.snapshot,
  }).findings;
}, 120_000);

const isReflection = (kind: string) =>
  kind === 'create-aggregate-reflection' || kind === 'create-raw-reflection';

describe.each(testBackends())('reflection budget on the simulator [$name]', (backend) => {
  it('records only the reflections the storage budget holds and reports the rest with their numbers', async () => {
    const { store, dispose } = await backend.fresh();
    try {
      const cluster = await ensureCluster(store.db, { name: 'sim', kind: 'software' });
      const at = new Date('2026-11-01T00:00:00Z');
      const base = { clusterId: cluster.id, findings, snapshot: built.snapshot, at, dryRun: true };
      const free = (await recommendAndSave(store, base)).filter((r) => isReflection(r.kind));
      expect(free.length).toBeGreaterThan(2);
      // A budget that holds the smallest reflection but not all of them.
      const sizes = free.map((r) => r.estimatedCost.storageBytes).sort((a, b) => a - b);
      const storageBytes = sizes[0]! + sizes[1]! / 2;
      let leftOut: readonly LeftOutReflection[] = [];
      const tight = await recommendAndSave(store, {
        ...base,
        dryRun: false,
        budget: { storageBytes },
        onReflectionsLeftOut: (l) => {
          leftOut = l;
        },
      });
      const stored = (await listStoredRecommendations(store)).filter((r) => isReflection(r.kind));
      expect(stored.map((r) => r.id).sort()).toEqual(
        tight
          .filter((r) => isReflection(r.kind))
          .map((r) => r.id)
          .sort(),
      );
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThan(free.length);
      expect(stored.reduce((sum, r) => sum + r.estimatedCost.storageBytes, 0)).toBeLessThanOrEqual(
        storageBytes,
      );
      const forBudget = leftOut.filter((l) => l.reason === 'budget');
      expect(forBudget.length).toBeGreaterThan(0);
      for (const l of forBudget) {
        expect(l.savingsMsPerDay).toBeGreaterThan(l.refreshMsPerDay);
        expect(l.storageBytes).toBeGreaterThan(0);
      }
    } finally {
      await dispose();
    }
  }, 120_000);
});
