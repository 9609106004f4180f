import { afterEach, describe, expect, it } from 'vitest';
import { findingId } from '../../src/analysis/finding-id.js';
import { analysisChanges } from '../../src/app/analysis-changes.js';
import type { AppDeps } from '../../src/app/service.js';
import type { DetectorId } from '../../src/domain/detector-id.js';
import type { Finding, FindingSubject } from '../../src/domain/finding.js';
import { saveFindings } from '../../src/store/findings-repository.js';
import { ensureCluster } from '../../src/store/index.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { defaultConfig, silent } from './read-fixture.js';

const T1 = new Date('2026-10-01T00:00:00.000Z');
const T2 = new Date('2026-10-02T00:00:00.000Z');
const T3 = new Date('2026-10-03T00:00:00.000Z');
const WINDOW_MS = 30 * 86_400_000;
const DETECTORS: DetectorId[] = ['spill', 'regression', 'small-files'];

function finding(detector: DetectorId, name: string, impactMsPerDay: number): Finding {
  const subject: FindingSubject = { kind: 'fingerprint', fingerprint: name, sampleSql: null };
  return {
    id: findingId(detector, subject),
    detector,
    severity: 'high',
    confidence: 0.9,
    title: `${detector} on ${name}`,
    subject,
    jobIds: [],
    evidence: { thresholds: [] },
    impactMsPerDay,
  };
}

describe.each(testBackends())('analysis.changes [$name]', (backend) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('tells what the latest analysis found new, resolved and regressed since the one before', async () => {
    t = await backend.fresh();
    const { db } = t.store;
    const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
    const prod = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const idle = await ensureCluster(db, { name: 'idle', kind: 'cloud' });
    const kept = finding('spill', 'a', 500);
    const gone = finding('small-files', 'b', 300);
    const goneToo = finding('spill', 'c', 900);
    const save = (at: Date, findings: Finding[]) =>
      saveFindings(db, {
        clusterId: prod.id,
        findings,
        seenAt: at,
        evaluatedDetectors: DETECTORS,
        windowMs: WINDOW_MS,
      });
    await save(T1, [kept, gone, goneToo]);
    await save(T2, [kept, gone, goneToo]);
    const slower = finding('regression', 'd', 2000);
    const slowerToo = finding('regression', 'e', 100);
    const fresh = finding('spill', 'f', 50);
    await save(T3, [kept, slower, slowerToo, fresh]);

    const all = await analysisChanges(deps, {});
    analysisChanges.output.parse(all);
    expect(all.items.map((i) => i.cluster)).toEqual(['idle', 'prod']);
    expect(all.items[0]).toEqual({
      cluster: 'idle',
      latestAnalysisAt: null,
      previousAnalysisAt: null,
      counts: { new: 0, resolved: 0, regressed: 0 },
      new: [],
      resolved: [],
      regressed: [],
    });
    expect(idle.id).not.toBe(prod.id);

    const one = await analysisChanges(deps, { cluster: 'prod', limit: '2' });
    const changes = one.items[0]!;
    expect(changes).toMatchObject({
      latestAnalysisAt: T3.toISOString(),
      previousAnalysisAt: T2.toISOString(),
      counts: { new: 3, resolved: 2, regressed: 2 },
    });
    // The largest time at stake first, at most `limit` of each.
    expect(changes.new.map((f) => f.id)).toEqual([slower.id, slowerToo.id]);
    expect(changes.resolved.map((f) => f.id)).toEqual([goneToo.id, gone.id]);
    expect(changes.resolved.every((f) => f.status === 'resolved' && f.resolvedAt === T3.toISOString())).toBe(
      true,
    );
    expect(changes.regressed.map((f) => f.detector)).toEqual(['regression', 'regression']);
    expect((await analysisChanges(deps, { cluster: 'prod' })).items[0]!.new.map((f) => f.id)).toEqual([
      slower.id,
      slowerToo.id,
      fresh.id,
    ]);
  });

  it('counts an analysis that only resolved findings as the latest', async () => {
    t = await backend.fresh();
    const { db } = t.store;
    const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
    const prod = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const gone = finding('spill', 'a', 10);
    for (const [at, findings] of [
      [T1, [gone]],
      [T2, []],
    ] as const)
      await saveFindings(db, {
        clusterId: prod.id,
        findings,
        seenAt: at,
        evaluatedDetectors: DETECTORS,
        windowMs: WINDOW_MS,
      });
    const { items } = await analysisChanges(deps, {});
    expect(items[0]).toMatchObject({
      latestAnalysisAt: T2.toISOString(),
      previousAnalysisAt: T1.toISOString(),
      counts: { new: 0, resolved: 1, regressed: 0 },
    });
  });
});
