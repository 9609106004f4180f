import { afterEach, describe, expect, it } from 'vitest';
import { findingId } from '../../src/analysis/finding-id.js';
import { getFingerprint } from '../../src/app/fingerprints.js';
import { listFingerprints } from '../../src/app/fingerprints-list.js';
import type { AppDeps } from '../../src/app/service.js';
import type { Finding, FindingSubject } from '../../src/domain/finding.js';
import type { JobRecord } from '../../src/domain/job.js';
import { InvalidInputError } from '../../src/errors.js';
import { normalize } from '../../src/sql/normalize.js';
import { saveFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, upsertJobs } from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { type TestStore, testBackends } from '../support/store-backends.js';
import { defaultConfig, silent } from './read-fixture.js';

const END = Date.parse('2026-11-01T00:00:00.000Z');
const DAY = 86_400_000;
const SALES = 'select * from sales where id = 1';
const ORDERS = 'SELECT count(*) FROM orders';

function job(
  jobId: string,
  options: {
    readonly fingerprint: string | null;
    readonly ago: number;
    readonly durationMs: number;
    readonly sql?: string;
    readonly state?: string;
  },
): JobRecord {
  const base = buildJob({ jobId });
  return buildJob({
    jobId,
    fingerprint: options.fingerprint,
    sqlText: options.sql ?? 'SELECT 1',
    state: options.state ?? 'COMPLETED',
    durationMs: options.durationMs,
    timestamps: { ...base.timestamps, submittedAt: new Date(END - options.ago) },
  });
}

function fpFinding(detector: Finding['detector'], fingerprint: string, evidence: Record<string, unknown>) {
  const subject: FindingSubject = { kind: 'fingerprint', fingerprint, sampleSql: null };
  return {
    id: findingId(detector, subject),
    detector,
    severity: 'high',
    confidence: 0.9,
    title: `${detector} on ${fingerprint}`,
    subject,
    jobIds: [],
    evidence: { ...evidence, thresholds: [] },
    impactMsPerDay: 1000,
  } satisfies Finding;
}

describe.each(testBackends())('fingerprint reads [$name]', (backend) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function world(): Promise<AppDeps> {
    t = await backend.fresh();
    const { db } = t.store;
    const prod = await ensureCluster(db, { name: 'prod', kind: 'software' });
    const other = await ensureCluster(db, { name: 'other', kind: 'software' });
    await upsertJobs(db, prod.id, [
      ...[1000, 2000, 3000, 4000].map((ms, i) =>
        job(`a${i}`, { fingerprint: 'fp-a', ago: (i + 1) * DAY, durationMs: ms, sql: SALES }),
      ),
      job('a-failed', { fingerprint: 'fp-a', ago: 3_600_000, durationMs: 500, state: 'FAILED', sql: SALES }),
      job('b0', { fingerprint: 'fp-b', ago: 2 * DAY, durationMs: 6000, sql: ORDERS }),
      job('b1', { fingerprint: 'fp-b', ago: 10 * DAY, durationMs: 8000, sql: ORDERS }),
      // Outside the default 30 days, and a job without a fingerprint that still counts in the total.
      job('c-old', { fingerprint: 'fp-c', ago: 40 * DAY, durationMs: 100_000 }),
      job('no-fp', { fingerprint: null, ago: 5 * DAY, durationMs: 500 }),
    ]);
    await upsertJobs(db, other.id, [job('x', { fingerprint: 'fp-a', ago: DAY, durationMs: 1_000_000 })]);
    await saveFindings(db, {
      clusterId: prod.id,
      findings: [
        fpFinding('regression', 'fp-a', {
          startedAt: new Date(END - 2 * DAY).toISOString(),
          baselineMedianMs: 1500,
          recentMedianMs: 3500,
        }),
        fpFinding('select-star', 'fp-a', {}),
      ],
      seenAt: new Date(END),
      evaluatedDetectors: ['regression', 'select-star'],
      windowMs: 30 * DAY,
    });
    return { store: t.store, config: defaultConfig(), logger: silent };
  }

  it('ranks query shapes by their share of the run time in a window anchored on the newest job', async () => {
    const deps = await world();
    const page = await listFingerprints(deps, { cluster: 'prod' });
    listFingerprints.output.parse(page);
    // The newest job of prod was submitted an hour before END; the window ends just after it.
    expect(page.to).toBe(new Date(END - 3_600_000 + 1).toISOString());
    expect(Date.parse(page.to!) - Date.parse(page.from!)).toBe(30 * DAY);
    expect(page.items.map((i) => i.fingerprint)).toEqual(['fp-b', 'fp-a']);
    const total = 10_500 + 14_000 + 500;
    expect(page.items[0]).toMatchObject({
      cluster: 'prod',
      runs: 2,
      failed: 0,
      totalDurationMs: 14_000,
      p50Ms: 7000,
      openFindings: 0,
      normalizedSql: normalize(ORDERS),
    });
    expect(page.items[0]!.sharePct).toBeCloseTo((100 * 14_000) / total, 9);
    expect(page.items[1]).toMatchObject({
      fingerprint: 'fp-a',
      runs: 5,
      failed: 1,
      totalDurationMs: 10_500,
      p50Ms: 2500,
      lastRunAt: new Date(END - 3_600_000).toISOString(),
      openFindings: 2,
      normalizedSql: normalize(SALES),
    });
    expect(page.items[1]!.p95Ms).toBeCloseTo(3850, 6);
    expect(page.items[1]!.runsPerDay).toBeCloseTo(5 / 30, 12);
    expect(page.nextCursor).toBeNull();
  });

  it('filters by SQL text, narrows the window, and pages by a cursor', async () => {
    const deps = await world();
    const sales = await listFingerprints(deps, { cluster: 'prod', text: 'FROM SALES' });
    expect(sales.items.map((i) => i.fingerprint)).toEqual(['fp-a']);
    // The share stays of every job in the window, not of the shapes the text kept.
    expect(sales.items[0]!.sharePct).toBeCloseTo((100 * 10_500) / 25_000, 9);
    expect((await listFingerprints(deps, { cluster: 'prod', text: '100%' })).items).toEqual([]);

    const week = await listFingerprints(deps, {
      cluster: 'prod',
      days: '3',
      until: new Date(END).toISOString(),
    });
    expect(week.items.map((i) => [i.fingerprint, i.runs])).toEqual([
      ['fp-a', 4],
      ['fp-b', 1],
    ]);
    expect((await listFingerprints(deps, { cluster: 'prod', days: 365 })).items[0]!.fingerprint).toBe('fp-c');

    const first = await listFingerprints(deps, { cluster: 'prod', limit: 1 });
    expect(first.items.map((i) => i.fingerprint)).toEqual(['fp-b']);
    const second = await listFingerprints(deps, { cluster: 'prod', limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.fingerprint)).toEqual(['fp-a']);
    expect(second.nextCursor).toBeNull();
    await expect(listFingerprints(deps, { cluster: 'prod', cursor: 'nope' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(listFingerprints(deps, { cluster: 'prod', days: 0 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('shows the change points the regression detector stored for a query shape', async () => {
    const deps = await world();
    const fp = await getFingerprint(deps, { cluster: 'prod', fingerprint: 'fp-a' });
    getFingerprint.output.parse(fp);
    expect(fp.normalizedSql).toBe(normalize(SALES));
    expect(fp.changePoints).toEqual([
      {
        findingId: findingId('regression', { kind: 'fingerprint', fingerprint: 'fp-a', sampleSql: null }),
        status: 'open',
        at: new Date(END - 2 * DAY).toISOString(),
        beforeMs: 1500,
        afterMs: 3500,
      },
    ]);
    expect((await getFingerprint(deps, { cluster: 'prod', fingerprint: 'fp-b' })).changePoints).toEqual([]);
  });
});
