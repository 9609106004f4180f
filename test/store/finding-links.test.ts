import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import type { Db } from '../../src/store/db-handle.js';
import { saveFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, upsertJobs } from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const HOUR = 3_600_000;

function finding(id: string, jobIds: readonly string[]): Finding {
  return {
    id,
    detector: 'spill',
    severity: 'high',
    confidence: 0.9,
    title: id,
    subject: { kind: 'fingerprint', fingerprint: `fp-${id}`, sampleSql: null },
    jobIds,
    evidence: { thresholds: [] },
    impactMsPerDay: 1,
  };
}

/** Each link with the transaction that last wrote it (xmin), its duration, by finding and job. */
async function links(db: Db): Promise<Map<string, { xmin: string; ms: number | null }>> {
  const r = await sql<{ finding_id: string; job_id: string; xmin: string; duration_ms: bigint | null }>`
    SELECT finding_id, job_id, xmin::text AS xmin, duration_ms FROM finding_jobs`.execute(db);
  return new Map(
    r.rows.map((l) => [
      `${l.finding_id}/${l.job_id}`,
      { xmin: l.xmin, ms: l.duration_ms === null ? null : Number(l.duration_ms) },
    ]),
  );
}

describe.each(testBackends())('finding job links [$name]', (backend) => {
  it('writes only the links that changed, and refreshes a link whose job had no duration yet', async () => {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const { db } = t.store;
    const cluster = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const job = (jobId: string, durationMs: number | null) => buildJob({ jobId, durationMs });
    await upsertJobs(db, cluster.id, [job('j1', 1000), job('j2', 2000), job('j3', null)]);
    const save = (findings: readonly Finding[], at: number) =>
      saveFindings(db, {
        clusterId: cluster.id,
        findings,
        seenAt: new Date(Date.parse('2026-11-10T00:00:00Z') + at * HOUR),
        evaluatedDetectors: ['spill'],
        windowMs: 30 * 24 * HOUR,
      });

    await save([finding('a', ['j1', 'j2', 'j3']), finding('b', ['j1'])], 0);
    const first = await links(db);
    expect([...first.keys()].sort()).toEqual(['a/j1', 'a/j2', 'a/j3', 'b/j1']);
    expect(first.get('a/j3')?.ms).toBeNull();

    // j3 ends; the next analysis drops j2 from a and adds j4 (not stored yet) to b.
    await upsertJobs(db, cluster.id, [job('j3', 3000)]);
    await save([finding('a', ['j1', 'j3']), finding('b', ['j1', 'j4', 'j4'])], 1);
    const second = await links(db);
    expect([...second.keys()].sort()).toEqual(['a/j1', 'a/j3', 'b/j1', 'b/j4']);
    // Untouched links keep the row the first analysis wrote; the open one took the job's new duration.
    expect(second.get('a/j1')?.xmin).toBe(first.get('a/j1')?.xmin);
    expect(second.get('b/j1')?.xmin).toBe(first.get('b/j1')?.xmin);
    expect(second.get('a/j3')?.ms).toBe(3000);
    expect(second.get('b/j4')).toMatchObject({ ms: null });

    // The same findings again write no link but the one whose job is still unknown.
    await save([finding('a', ['j1', 'j3']), finding('b', ['j1', 'j4'])], 2);
    const third = await links(db);
    for (const key of ['a/j1', 'a/j3', 'b/j1']) expect(third.get(key)?.xmin).toBe(second.get(key)?.xmin);
  });
});
