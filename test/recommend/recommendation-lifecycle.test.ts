import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import { listRecommendations } from '../../src/app/recommendations.js';
import { loadConfig } from '../../src/config/index.js';
import { DETECTOR_IDS, type DetectorId } from '../../src/domain/detector-id.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { createLogger } from '../../src/log/index.js';
import {
  changeRecommendationStatus,
  listStoredRecommendations,
  recommendAndSave,
  showRecommendation,
} from '../../src/recommend/recommend-service.js';
import { saveFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, type Store } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { buildWorldSnapshot, type WorldSnapshot } from '../support/world-snapshot.js';

let built: WorldSnapshot;
let findings: readonly Finding[];
const DAY_MS = 86_400_000;
const WINDOW_MS = 7 * DAY_MS;

beforeAll(async () => {
  built = await buildWorldSnapshot({ flavor: 'software-25.1', seed: 1, jobs: 1500, days: 7 });
  const detectors = Object.values(DETECTORS);
  findings = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot: built.snapshot,
  }).findings;
}, 120_000);

/** One analysis as analyzeWorkload runs it: findings stored (and resolved) first, then recommendations. */
async function analyse(
  store: Store,
  run: {
    clusterId: bigint;
    findings: readonly Finding[];
    evaluated: readonly DetectorId[];
    at: Date;
    dryRun?: boolean;
  },
): Promise<Recommendation[]> {
  if (run.dryRun !== true)
    await saveFindings(store.db, {
      clusterId: run.clusterId,
      findings: run.findings,
      seenAt: run.at,
      evaluatedDetectors: run.evaluated,
      windowMs: WINDOW_MS,
    });
  return recommendAndSave(store, {
    clusterId: run.clusterId,
    findings: run.findings,
    snapshot: built.snapshot,
    at: run.at,
    dryRun: run.dryRun === true,
  });
}

function detectorsOf(rec: Recommendation): Set<DetectorId> {
  return new Set(findings.filter((f) => rec.findingIds.includes(f.id)).map((f) => f.detector));
}

describe.each(testBackends())('recommendation lifecycle [$name]', (backend) => {
  it('closes what resolved with the reason, leaves uncovered and applied ones, reopens what comes back', async () => {
    const { store, dispose } = await backend.fresh();
    try {
      const { id: clusterId } = await ensureCluster(store.db, { name: 'sim', kind: 'software' });
      const t0 = new Date('2026-11-01T00:00:00Z');
      const first = await analyse(store, { clusterId, findings, evaluated: DETECTOR_IDS, at: t0 });
      const byDetector = (d: DetectorId) => first.filter((r) => [...detectorsOf(r)].every((x) => x === d));
      const [resolving] = byDetector('reflection-missing');
      const [applied] = byDetector('select-star');
      const [uncovered] = byDetector('reflection-unused');
      expect(resolving && applied && uncovered).toBeTruthy();
      const common = { actor: 'ana', reason: null, at: t0 };
      await changeRecommendationStatus(store, { ...common, id: applied!.id, to: 'accepted' });
      await changeRecommendationStatus(store, { ...common, id: applied!.id, to: 'applied' });
      await changeRecommendationStatus(store, { ...common, id: resolving!.id, to: 'dismissed' });

      // The next analysis no longer sees the findings of `resolving` and `applied`; reflection-unused
      // was not run, so its findings tell nothing.
      const gone = new Set([...resolving!.findingIds, ...applied!.findingIds]);
      const later = findings.filter((f) => !gone.has(f.id) && f.detector !== 'reflection-unused');
      const evaluated = DETECTOR_IDS.filter((d) => d !== 'reflection-unused');
      const t1 = new Date(t0.getTime() + DAY_MS);

      const before = await listStoredRecommendations(store);
      await analyse(store, { clusterId, findings: later, evaluated, at: t1, dryRun: true });
      expect(await listStoredRecommendations(store)).toEqual(before);

      await analyse(store, { clusterId, findings: later, evaluated, at: t1 });
      const closed = await showRecommendation(store, { id: resolving!.id });
      expect(closed.recommendation.status).toBe('closed');
      expect(closed.history.at(-1)).toEqual({
        fromStatus: 'dismissed',
        toStatus: 'closed',
        actor: 'analyze',
        reason: `its ${resolving!.findingIds.length === 1 ? 'finding' : `${resolving!.findingIds.length} findings`} resolved: ${resolving!.findingIds.join(', ')}`,
        at: t1,
      });
      // The API's list, like the CLI's, leaves closed ones out unless asked for them.
      const cwd = mkdtempSync(join(tmpdir(), 'do-lifecycle-'));
      try {
        const deps = {
          store,
          config: loadConfig({ env: {}, cwd }).config,
          logger: createLogger({ level: 'silent' }),
        };
        const listed = await listRecommendations(deps, {});
        expect(listed.items.map((r) => r.id)).not.toContain(resolving!.id);
        const onlyClosed = await listRecommendations(deps, { status: 'closed' });
        expect(onlyClosed.items.map((r) => r.id)).toEqual([resolving!.id]);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
      expect((await showRecommendation(store, { id: applied!.id })).recommendation.status).toBe('applied');
      expect((await showRecommendation(store, { id: uncovered!.id })).recommendation.status).toBe('pending');
      const stillMade = first.filter((r) => r.findingIds.every((id) => !gone.has(id)));
      for (const r of stillMade)
        expect((await showRecommendation(store, { id: r.id })).recommendation.status).not.toBe('closed');

      const t2 = new Date(t1.getTime() + DAY_MS);
      const again = await analyse(store, { clusterId, findings, evaluated: DETECTOR_IDS, at: t2 });
      expect(again.find((r) => r.id === resolving!.id)?.status).toBe('pending');
      const reopened = await showRecommendation(store, { id: resolving!.id });
      expect(reopened.recommendation.status).toBe('pending');
      expect(reopened.history.at(-1)).toMatchObject({
        fromStatus: 'closed',
        toStatus: 'pending',
        actor: 'analyze',
        reason: 'recommended again by analysis',
      });
    } finally {
      await dispose();
    }
  }, 120_000);
});
