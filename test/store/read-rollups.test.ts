import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import type { Db } from '../../src/store/db-handle.js';
import { listFindingListings, saveFindings } from '../../src/store/findings-repository.js';
import {
  affectedJobTimePerDay,
  clusterJobStats,
  countJobsBetween,
  ensureCluster,
  loadMigrations,
  migrate,
  openStore,
  upsertJobs,
} from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const HOUR = 3_600_000;
const START = Date.parse('2026-11-01T00:00:00Z');

/** 30 jobs, one every 7 hours from 1 November (UTC), so days hold 3 or 4 and edges fall mid-day. */
function spreadJobs() {
  return Array.from({ length: 30 }, (_, i) =>
    buildJob({
      jobId: `j${String(i).padStart(2, '0')}`,
      timestamps: { ...buildJob({ jobId: 'x' }).timestamps, submittedAt: new Date(START + i * 7 * HOUR) },
      durationMs: 1000 + i,
    }),
  );
}

async function bruteCount(db: Db, clusterId: bigint, from: Date, to: Date): Promise<number> {
  const r = await sql<{ n: bigint }>`
    SELECT count(*) AS n FROM jobs WHERE cluster_id = ${clusterId} AND submitted_at >= ${from} AND submitted_at < ${to}`.execute(
    db,
  );
  return Number(r.rows[0]!.n);
}

const WINDOWS: readonly [string, string][] = [
  ['2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z'], // everything, whole days
  ['2026-11-02T00:00:00Z', '2026-11-05T00:00:00Z'], // whole days only
  ['2026-11-01T13:00:00Z', '2026-11-06T08:00:00Z'], // partial days at both ends
  ['2026-11-03T01:00:00Z', '2026-11-03T20:00:00Z'], // inside one day
  ['2026-11-03T21:00:00Z', '2026-11-04T06:59:59.999Z'], // across one midnight, no whole day
  ['2026-11-02T04:00:00Z', '2026-11-02T04:00:00Z'], // empty
  ['2026-11-02T11:00:00Z', '2026-11-09T11:00:00.001Z'], // ends just after a job (the data-anchored default)
];

describe.each(testBackends())('read rollups [$name]', (backend) => {
  async function fresh() {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    return t.store;
  }

  it('counts the jobs of any window exactly as a scan does, through inserts, re-upserts, updates and deletes', async () => {
    const store = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const other = await ensureCluster(store.db, { name: 'other', kind: 'software' });
    const jobs = spreadJobs();
    await upsertJobs(store.db, cluster.id, jobs.slice(0, 20));
    await upsertJobs(store.db, other.id, jobs.slice(0, 5));
    // Overlapping re-collection: 10 known (unchanged or updated), 10 new.
    await upsertJobs(store.db, cluster.id, [
      ...jobs.slice(10, 15),
      ...jobs.slice(15, 20).map((j) => ({ ...j, errorMessage: 'late error' })),
      ...jobs.slice(20),
    ]);
    const check = async (expected: number) => {
      for (const [from, to] of WINDOWS) {
        const f = new Date(from);
        const t = new Date(to);
        expect(await countJobsBetween(store.db, cluster.id, f, t), `${from} → ${to}`).toBe(
          await bruteCount(store.db, cluster.id, f, t),
        );
      }
      expect((await clusterJobStats(store.db)).get(cluster.id)?.jobs).toBe(expected);
    };
    await check(30);
    expect((await clusterJobStats(store.db)).get(other.id)?.jobs).toBe(5);

    // A writer that moves a job to another day, and one that deletes (a retention prune).
    await sql`UPDATE jobs SET submitted_at = submitted_at + interval '3 days' WHERE cluster_id = ${cluster.id} AND job_id IN ('j01', 'j02')`.execute(
      store.db,
    );
    await sql`DELETE FROM jobs WHERE cluster_id = ${cluster.id} AND job_id IN ('j07', 'j08', 'j09')`.execute(
      store.db,
    );
    await check(27);
    expect((await clusterJobStats(store.db)).get(other.id)?.jobs).toBe(5);
  });

  it('fills the per-day counts and the link times of a store written before they existed', async () => {
    const location = await backend.emptyLocation();
    cleanups.push(() => location.dispose());
    const store = await openStore({ ...location, migrate: false });
    cleanups.push(() => store.close());
    const all = loadMigrations();
    await store.withSession((s) =>
      migrate(
        s,
        all.filter((m) => m.version < 7),
      ),
    );
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(store.db, cluster.id, spreadJobs());
    await sql`INSERT INTO findings (cluster_id, id, detector, severity, confidence, title, subject_kind, subject_key,
                                    subject, evidence, first_seen_at, last_seen_at)
              VALUES (${cluster.id}, 'f1', 'spill', 'high', 0.9, 't', 'fingerprint', 'fp-1', '{}', '{}', now(), now())`.execute(
      store.db,
    );
    await sql`INSERT INTO finding_jobs (cluster_id, finding_id, job_id) VALUES (${cluster.id}, 'f1', 'j03'), (${cluster.id}, 'f1', 'j04')`.execute(
      store.db,
    );
    await store.withSession((s) => migrate(s, all));

    expect((await clusterJobStats(store.db)).get(cluster.id)?.jobs).toBe(30);
    const from = new Date('2026-11-01T13:00:00Z');
    const to = new Date('2026-11-06T08:00:00Z');
    expect(await countJobsBetween(store.db, cluster.id, from, to)).toBe(
      await bruteCount(store.db, cluster.id, from, to),
    );
    // j03 at 21:00 on 1 Nov, j04 at 04:00 on 2 Nov.
    expect(
      await affectedJobTimePerDay(store.db, {
        clusterId: cluster.id,
        from: new Date(START),
        to: new Date(START + 5 * 24 * HOUR),
      }),
    ).toEqual([
      { day: '2026-11-01', detector: 'spill', jobs: 1, ms: 1003 },
      { day: '2026-11-02', detector: 'spill', jobs: 1, ms: 1004 },
    ]);
  });

  it('sums the time at stake per day from the links alone, each job once per detector', async () => {
    const store = await fresh();
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(store.db, cluster.id, spreadJobs());
    const finding = (id: string, detector: Finding['detector'], jobIds: string[]): Finding => ({
      id,
      detector,
      severity: 'high',
      confidence: 0.9,
      title: id,
      subject: { kind: 'fingerprint', fingerprint: `fp-${id}`, sampleSql: null },
      jobIds,
      evidence: { thresholds: [] },
      impactMsPerDay: 1,
    });
    await saveFindings(store.db, {
      clusterId: cluster.id,
      findings: [
        finding('a', 'spill', ['j00', 'j01', 'j05']),
        finding('b', 'spill', ['j01', 'j04']), // j01 again: counted once for spill
        finding('c', 'skew', ['j01', 'not-stored']),
      ],
      seenAt: new Date('2026-11-10T00:00:00Z'),
      evaluatedDetectors: ['spill', 'skew'],
      windowMs: 30 * 24 * HOUR,
    });
    const links = await sql<{ job_id: string; duration_ms: bigint | null }>`
      SELECT job_id, duration_ms FROM finding_jobs WHERE finding_id = 'c' ORDER BY job_id`.execute(store.db);
    expect(links.rows.map((r) => [r.job_id, r.duration_ms === null ? null : Number(r.duration_ms)])).toEqual([
      ['j01', 1001],
      ['not-stored', null],
    ]);
    // Window from 07:00 on 1 Nov: j00 (00:00) falls outside.
    expect(
      await affectedJobTimePerDay(store.db, {
        clusterId: cluster.id,
        from: new Date(START + 7 * HOUR),
        to: new Date(START + 3 * 24 * HOUR),
      }),
    ).toEqual([
      { day: '2026-11-01', detector: 'skew', jobs: 1, ms: 1001 },
      { day: '2026-11-01', detector: 'spill', jobs: 1, ms: 1001 },
      { day: '2026-11-02', detector: 'spill', jobs: 2, ms: 1004 + 1005 },
    ]);
  });
});

describe.each(testBackends())('finding listings read at once [$name]', (backend) => {
  it('shares a read already under way, but never across a write of findings in between', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const { store } = t;
    const cluster = await ensureCluster(store.db, { name: 'prod', kind: 'software' });
    const finding = (id: string): Finding => ({
      id,
      detector: 'spill',
      severity: 'high',
      confidence: 0.9,
      title: id,
      subject: { kind: 'fingerprint', fingerprint: `fp-${id}`, sampleSql: "SELECT 'x'" },
      jobIds: [],
      evidence: { thresholds: [] },
      impactMsPerDay: 1,
    });
    const save = (ids: string[]) =>
      saveFindings(store.db, {
        clusterId: cluster.id,
        findings: ids.map(finding),
        seenAt: new Date('2026-11-10T00:00:00Z'),
        evaluatedDetectors: [],
        windowMs: 1,
      });
    await save(['a']);
    const first = listFindingListings(store.db, cluster.id);
    const second = listFindingListings(store.db, cluster.id);
    expect(second).toBe(first);
    expect((await first).map((f) => f.subject)).toEqual([
      { kind: 'fingerprint', fingerprint: 'fp-a', sampleSql: "SELECT 'x'" },
    ]);

    const before = listFindingListings(store.db, cluster.id);
    const saving = save(['a', 'b']);
    const during = listFindingListings(store.db, cluster.id);
    expect(during).not.toBe(before);
    await Promise.all([before, saving, during]);
    const after = listFindingListings(store.db, cluster.id);
    expect((await after).map((f) => f.id).sort()).toEqual(['a', 'b']);
    // Once a read has finished, the next one reads again.
    const again = listFindingListings(store.db, cluster.id);
    expect(again).not.toBe(after);
    await again;
    await store.db.transaction().execute(async (trx) => {
      const one = listFindingListings(trx, cluster.id);
      const two = listFindingListings(trx, cluster.id);
      expect(two).not.toBe(one);
      await Promise.all([one, two]);
    });
  });
});
