import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { resolveThresholds } from '../../src/analysis/resolve-thresholds.js';
import { runDetectors } from '../../src/analysis/run-detectors.js';
import type { Finding } from '../../src/domain/finding.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING } from '../../src/dremio/index.js';
import { ConflictError } from '../../src/errors.js';
import { createLogger } from '../../src/log/index.js';
import {
  applyRecommendation,
  changeRecommendationStatus,
  listStoredRecommendations,
  recommendAndSave,
  showRecommendation,
} from '../../src/recommend/recommend-service.js';
import { startSimulator } from '../../src/simulator/index.js';
import { ensureCluster } from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';
import { buildWorldSnapshot, SNAPSHOT_END, type WorldSnapshot } from '../support/world-snapshot.js';

const SEED = 1;
const FLAVOR = 'software-25.1' as const;

let built: WorldSnapshot;
let findings: readonly Finding[];

beforeAll(async () => {
  built = await buildWorldSnapshot({ flavor: FLAVOR, seed: SEED, jobs: 1500, days: 7 });
  const detectors = Object.values(DETECTORS);
  findings = runDetectors({
    detectors,
    thresholds: resolveThresholds({ detectors, overrides: {} }),
    snapshot: built.snapshot,
  }).findings;
}, 120_000);

describe.each(testBackends())('recommend service [$name]', (backend) => {
  it('keeps statuses across analyses and records who, when and why', async () => {
    const { store, dispose } = await backend.fresh();
    try {
      const cluster = await ensureCluster(store.db, { name: 'sim', kind: 'software' });
      const at = new Date('2026-11-01T00:00:00Z');
      const first = await recommendAndSave(store, {
        clusterId: cluster.id,
        findings,
        snapshot: built.snapshot,
        at,
      });
      expect(first.length).toBeGreaterThan(0);
      const target = first[0]!;
      await changeRecommendationStatus(store, {
        id: target.id,
        to: 'accepted',
        actor: 'ana',
        reason: 'worth it',
        at,
      });
      const second = await recommendAndSave(store, {
        clusterId: cluster.id,
        findings,
        snapshot: built.snapshot,
        at: new Date(at.getTime() + 86_400_000),
      });
      expect(second.find((r) => r.id === target.id)?.status).toBe('accepted');
      const stored = await listStoredRecommendations(store);
      expect(stored.map((r) => r.id)).toEqual(first.map((r) => r.id));
      expect(stored[0]).toMatchObject({ status: 'accepted', sql: target.sql, kind: target.kind });
      const detail = await showRecommendation(store, { id: target.id });
      expect(detail.history.map((h) => [h.fromStatus, h.toStatus, h.actor, h.reason])).toEqual([
        [null, 'pending', 'analyze', 'recommended by analysis'],
        ['pending', 'accepted', 'ana', 'worth it'],
      ]);
      await expect(
        changeRecommendationStatus(store, { id: target.id, to: 'verified', actor: 'ana', reason: null, at }),
      ).rejects.toThrow(/verified is set by a measurement, not by hand/);
      await changeRecommendationStatus(store, {
        id: target.id,
        to: 'rejected',
        actor: 'bo',
        reason: 'too big',
        at,
      });
      expect((await showRecommendation(store, { id: target.id })).recommendation.status).toBe('rejected');
    } finally {
      await dispose();
    }
  }, 60_000);
});

describe('apply --confirm against the simulator over HTTP', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    sim = await startSimulator({
      flavor: FLAVOR,
      seed: SEED,
      jobs: 1500,
      days: 7,
      endAt: SNAPSHOT_END,
      port: 0,
    });
  }, 60_000);
  afterAll(async () => sim.stop());

  it('refuses without confirm, then runs every reflection DDL and makes its templates faster', async () => {
    const [backend] = testBackends();
    const { store, dispose } = await backend!.fresh();
    const client = createDremioClient({
      url: sim.url,
      auth: { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
      tls: { insecure: false },
      requestTimeoutMs: 30_000,
      maxConcurrency: 2,
      maxRequestsPerSecond: 50,
      retry: DEFAULT_CONNECTION_TUNING.retry,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const cluster = await ensureCluster(store.db, { name: 'sim', kind: 'software' });
      const at = new Date('2026-11-01T00:00:00Z');
      const recs = await recommendAndSave(store, {
        clusterId: cluster.id,
        findings,
        snapshot: built.snapshot,
        at,
      });
      const execute = (sql: string) => client.collectSql(sql, { resendable: false });
      const reflections = recs.filter(
        (r) => r.kind === 'create-aggregate-reflection' || r.kind === 'create-raw-reflection',
      );
      expect(reflections.length).toBeGreaterThan(0);
      for (const rec of reflections) {
        const base = { id: rec.id, actor: 'ana', at: () => new Date(), execute };
        await expect(applyRecommendation(store, { ...base, confirm: false })).rejects.toMatchObject({
          constructor: ConflictError,
          field: 'confirm',
        });
        expect((await showRecommendation(store, { id: rec.id })).recommendation.status).toBe('pending');

        const fingerprints = new Set(
          built.snapshot.jobs.filter((c) => rec.jobIds.includes(c.job.jobId)).map((c) => c.job.fingerprint!),
        );
        const templates = [...fingerprints].map((fp) => built.snapshot.fingerprints.get(fp)!.sampleSql!);
        const runAt = SNAPSHOT_END.getTime() + 7_200_000;
        const before = templates.map((sql) => sim.world.submitSql(sql, { user: 'ana', at: runAt }).job);

        const result = await applyRecommendation(store, { ...base, confirm: true });
        expect(result.recommendation.status).toBe('applied');
        expect(result.recommendation.appliedAt).not.toBeNull();
        expect(result.history.map((h) => h.toStatus)).toEqual(['pending', 'accepted', 'applied']);
        // The name follows REFLECTION; the dataset before it may hold spaces (`"partner feeds"`).
        const name = /REFLECTION (\S+) USING/.exec(rec.sql!)?.[1];
        expect(sim.world.reflections().some((r) => r.name === name)).toBe(true);

        templates.forEach((sql, i) => {
          const after = sim.world.submitSql(sql, { user: 'ana', at: Date.now() + 86_400_000 }).job;
          expect(after.accelerated, sql).toBe(true);
          expect(after.phases.finalState - after.submittedEpochMs).toBeLessThan(
            before[i]!.phases.finalState - before[i]!.submittedEpochMs,
          );
        });
        await expect(applyRecommendation(store, { ...base, confirm: true })).rejects.toThrow(
          /applied; only pending/,
        );
      }
    } finally {
      client.close();
      await dispose();
    }
  }, 120_000);
});
