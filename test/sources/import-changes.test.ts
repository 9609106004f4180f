import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/domain/recommendation.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/profile/archive-limits.js';
import { recommendationId } from '../../src/recommend/recommendation-id.js';
import { type ImportOptions, importFiles } from '../../src/sources/import-service.js';
import {
  ensureCluster,
  findCluster,
  getRecommendation,
  listChanges,
  saveRecommendations,
} from '../../src/store/index.js';
import { testBackends } from '../support/store-backends.js';

/**
 * Import finds the changes its job history shows: the DDL a user ran (not the product) is dated by its
 * job's end, and importing the same file again records nothing new.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const START = Date.UTC(2026, 10, 2, 9);
const TARGET = { kind: 'dataset', path: 'lake.web.events' } as const;
const OPTIMIZE: Recommendation = {
  id: recommendationId('optimize-table', TARGET),
  kind: 'optimize-table',
  title: 'Compact lake.web.events',
  sql: 'OPTIMIZE TABLE lake.web.events REWRITE DATA USING BIN_PACK (TARGET_FILE_SIZE_MB = 256)',
  action: 'Rewrite the data files of lake.web.events.',
  target: TARGET,
  findingIds: [],
  jobIds: [],
  estimatedSavingsMsPerDay: 1,
  estimatedCost: { storageBytes: 0, refreshMsPerDay: 0, oneOffMs: 0, basis: 'test' },
  netBenefitMsPerDay: 1,
  confidence: 0.5,
  method: 'operator-time-share',
  rationale: 'r',
  risk: { level: 'low', note: 'test' },
  evidence: {},
  status: 'pending',
};
const line = (id: string, offsetMs: number, queryText: string, outcome = 'COMPLETED') =>
  JSON.stringify({
    queryId: id,
    start: START + offsetMs,
    finish: START + offsetMs + 1_500,
    queryText,
    outcome,
    username: 'ana',
  });

describe.each(testBackends())('changes found by import [$name]', (backend) => {
  it('records the DDL of imported history once, dated by its jobs, linked to the recommendation it carries out', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const seeded = await ensureCluster(t.store.db, { name: 'offline', kind: 'unknown' });
    await saveRecommendations(t.store.db, {
      clusterId: seeded.id,
      recommendations: [OPTIMIZE],
      at: new Date(START),
      actor: 'analyze',
    });
    const dir = mkdtempSync(join(tmpdir(), 'do-import-changes-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const create =
      'ALTER TABLE lake.sales.orders CREATE AGGREGATE REFLECTION "orders by day" USING DIMENSIONS (order_ts BY DAY)';
    writeFileSync(
      join(dir, 'queries.json'),
      [
        line('q1', 0, 'SELECT * FROM lake.sales.orders'),
        line('q2', 60_000, create),
        line('q3', 120_000, 'OPTIMIZE TABLE lake.web.events', 'FAILED'),
        line('q4', 180_000, 'OPTIMIZE TABLE lake.web.events'),
      ].join('\n'),
    );
    const options: ImportOptions = {
      paths: [dir],
      clusterName: 'offline',
      redactSql: false,
      storeRawProfiles: false,
      limits: DEFAULT_ARCHIVE_LIMITS,
    };
    const first = await importFiles(t.store, options);
    expect(first.problems).toEqual([]);
    expect(first.changes).toEqual({ detected: 2, linked: 1 });
    const cluster = (await findCluster(t.store.db, 'offline'))!;
    const changes = await listChanges(t.store.db, { clusterId: cluster.id });
    expect(changes.map((c) => [c.kind, c.subject, c.jobId, c.effectiveFrom.getTime(), c.statement])).toEqual([
      ['reflection-created', 'lake.sales.orders::orders by day', 'q2', START + 61_500, create],
      ['table-rewritten', 'lake.web.events', 'q4', START + 181_500, 'OPTIMIZE TABLE lake.web.events'],
    ]);
    // Done by hand: linked, with the status it had, which stays the user's to move.
    expect(changes[1]).toMatchObject({
      recommendationId: OPTIMIZE.id,
      origin: 'detected',
      details: { user: 'ana', matchedRecommendationStatus: 'pending' },
    });
    expect(changes[0]?.recommendationId).toBeNull();
    expect((await getRecommendation(t.store.db, { clusterId: cluster.id, id: OPTIMIZE.id }))?.status).toBe(
      'pending',
    );
    const again = await importFiles(t.store, options);
    expect(again.changes).toEqual({ detected: 0, linked: 1 });
    expect(await listChanges(t.store.db, { clusterId: cluster.id })).toEqual(changes);
  });
});
