import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { recommend } from '../../src/recommend/recommend.js';
import { createWorld } from '../../src/simulator/create-world.js';
import { buildWorldSnapshot, SNAPSHOT_END, type WorldSnapshot } from '../support/world-snapshot.js';

/**
 * End to end on a Cloud world with the results cache on (as real Cloud has it): the snapshot recognises
 * exactly the runs the world answered from the cache, and no finding or recommendation counts one.
 */
const OPTIONS = { flavor: 'cloud', seed: 11, jobs: 3000, days: 7 } as const;

let built: WorldSnapshot;
let hitIds: ReadonlySet<string>;
let findings: readonly Finding[];
let recs: readonly Recommendation[];

beforeAll(async () => {
  built = await buildWorldSnapshot({ ...OPTIONS, resultsCache: true });
  // The same world without the cache: a job that scanned there but not here was answered from it.
  const off = createWorld({
    ...OPTIONS,
    endAt: SNAPSHOT_END,
    userName: 'dremio',
    password: 'dremio123',
    token: 'test-token',
    projectId: 'test-project',
  });
  hitIds = new Set(
    built.snapshot.jobs
      .map((c) => c.job.jobId)
      .filter((id) => built.world.jobById(id)?.bytesScanned !== off.jobById(id)?.bytesScanned),
  );
  const detectors = Object.values(DETECTORS);
  const run = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot: built.snapshot,
  });
  findings = run.findings;
  recs = recommend(findings, built.snapshot);
}, 300_000);

describe('a simulated world with the results cache on', () => {
  it('has its cache hits recognised by the snapshot, and only those', () => {
    expect(hitIds.size).toBeGreaterThan(50);
    const marked = built.snapshot.jobs.filter((c) => c.resultsCacheHit === true).map((c) => c.job.jobId);
    expect(new Set(marked)).toEqual(hitIds);
  });

  it('rates each shape by the runs that executed', () => {
    for (const group of built.snapshot.fingerprints.values()) {
      const hits = group.jobs.filter((c) => hitIds.has(c.job.jobId)).length;
      expect(group.cacheHits).toBe(hits);
      expect(group.runsPerDay * OPTIONS.days).toBeCloseTo(group.jobs.length - hits, 6);
    }
  });

  it('credits no cache hit in any finding or recommendation', () => {
    expect(findings.length).toBeGreaterThan(0);
    expect(recs.length).toBeGreaterThan(0);
    const credited = [...findings.flatMap((f) => f.jobIds), ...recs.flatMap((r) => r.jobIds)];
    expect(credited.filter((id) => hitIds.has(id))).toEqual([]);
  });
});
