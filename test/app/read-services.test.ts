import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { listClusters } from '../../src/app/clusters.js';
import { getCollectionRun, listCollectionRuns } from '../../src/app/collection-runs.js';
import { getDataset, listDatasets } from '../../src/app/datasets.js';
import { listDetectors } from '../../src/app/detectors.js';
import { getFinding, issuesBreakdown, listFindings } from '../../src/app/findings.js';
import {
  getFingerprint,
  listBaselines,
  listRegressions,
  refreshBaselines,
} from '../../src/app/fingerprints.js';
import { getJob, searchJobs } from '../../src/app/jobs.js';
import { getMeasurement, listMeasurements, measurementSummary } from '../../src/app/measurements.js';
import { adoption, metricsByIssueType, metricsSummary, trends } from '../../src/app/metrics.js';
import {
  getRecommendation,
  listRecommendations,
  recommendationImpact,
} from '../../src/app/recommendations.js';
import { listReflections, reflectionLedger } from '../../src/app/reflections.js';
import type { AppDeps, Service } from '../../src/app/service.js';
import { timeAtStake } from '../../src/app/time-at-stake.js';
import { listWaivers } from '../../src/app/waivers.js';
import { InvalidInputError, NotFoundError } from '../../src/errors.js';
import { changeRecommendationStatus } from '../../src/recommend/recommend-service.js';
import { listFindings as storedFindings } from '../../src/store/findings-repository.js';
import {
  countJobs,
  ensureCluster,
  findCluster,
  loadDatasets,
  loadReflections,
  listRecommendations as storedRecommendations,
} from '../../src/store/index.js';
import { addWaiver } from '../../src/store/waivers-repository.js';
import { testBackends } from '../support/store-backends.js';
import { ANALYZED_AT, collectedAndAnalyzed, type ReadFixture } from './read-fixture.js';

/** Every page of a list service, following nextCursor; checks each page against the output schema. */
async function allPages<I extends z.ZodType, O extends z.ZodType>(
  service: Service<I, O>,
  deps: AppDeps,
  options: Record<string, unknown>,
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = (await service(deps, {
      ...options,
      ...(cursor === undefined ? {} : { cursor }),
    } as z.input<I>)) as {
      items: Record<string, unknown>[];
      nextCursor: string | null;
    };
    service.output.parse(page);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < 1000);
  return { items, pages };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function expectInvalid(promise: Promise<unknown>, field: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).problems.map((p) => p.field)).toContain(field);
}

async function expectNotFound(promise: Promise<unknown>, entity: string, field: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error).toMatchObject({ entity, field });
}

describe.each(testBackends())('read services [$name]', (backend) => {
  let fx: ReadFixture;
  let deps: AppDeps;
  let clusterId: bigint;
  let jobTotal: number;

  beforeAll(async () => {
    fx = await collectedAndAnalyzed(backend);
    deps = fx.deps;
    clusterId = (await findCluster(deps.store.db, 'sim'))!.id;
    jobTotal = await countJobs(deps.store.db, clusterId);
  }, 240_000);
  afterAll(async () => fx?.dispose());

  it('lists the cluster with its job count and time span; an unknown cluster is not found', async () => {
    const page = await listClusters(deps, {});
    listClusters.output.parse(page);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ name: 'sim', kind: 'software', jobs: jobTotal });
    expect(jobTotal).toBeGreaterThan(100);
    expect(Date.parse(page.items[0]!.newestJobAt!)).toBeGreaterThan(Date.parse(page.items[0]!.oldestJobAt!));
    await expectNotFound(searchJobs(deps, { cluster: 'nope' }), 'cluster', 'cluster');
    await expectNotFound(getJob(deps, { cluster: 'nope', jobId: 'x' }), 'cluster', 'cluster');
  });

  it('lists collection runs with their error counts and shows one with its errors', async () => {
    const { items } = await allPages(listCollectionRuns, deps, { limit: 1 });
    expect(items.length).toBeGreaterThanOrEqual(1);
    const run = items[0]!;
    expect(run).toMatchObject({ cluster: 'sim', kind: 'collect' });
    const detail = await getCollectionRun(deps, { id: String(run.id) });
    getCollectionRun.output.parse(detail);
    expect(detail.id).toBe(run.id);
    expect(detail.errors).toHaveLength(detail.errorCount);
    expect(detail.errorCount).toBe(run.errorCount);
    await expectNotFound(getCollectionRun(deps, { id: 987654 }), 'collection-run', 'id');
    await expectInvalid(getCollectionRun(deps, { id: 'abc' as unknown as number }), 'id');
  });

  it('pages through every job exactly once, newest first', async () => {
    const { items, pages } = await allPages(searchJobs, deps, { limit: '97' });
    expect(pages).toBe(Math.ceil(jobTotal / 97));
    expect(items).toHaveLength(jobTotal);
    expect(new Set(items.map((j) => j.jobId)).size).toBe(jobTotal);
    const times = items.map((j) => Date.parse(j.submittedAt as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters jobs by user, queue, state, fingerprint, text and time, each really filtering', async () => {
    const { items: all } = await allPages(searchJobs, deps, { limit: 500 });
    const count = (pred: (j: Record<string, unknown>) => boolean) => all.filter(pred).length;
    const pick = (key: string) => {
      const counts = new Map<unknown, number>();
      for (const j of all) if (j[key] !== null) counts.set(j[key], (counts.get(j[key]) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => a[1] - b[1])[Math.floor(counts.size / 2)]![0] as string;
    };
    for (const [input, key] of [
      ['user', 'userName'],
      ['queue', 'queueName'],
      ['state', 'state'],
      ['fingerprint', 'fingerprint'],
    ] as const) {
      const value = pick(key);
      const { items } = await allPages(searchJobs, deps, { [input]: value, limit: 50 });
      const expected = count((j) => j[key] === value);
      expect(expected, input).toBeLessThan(jobTotal);
      expect(items, input).toHaveLength(expected);
      expect(
        items.every((j) => j[key] === value),
        input,
      ).toBe(true);
    }
    const { items: failed } = await allPages(searchJobs, deps, { state: 'FAILED', limit: 500 });
    expect(failed.every((j) => j.state === 'FAILED')).toBe(true);

    const word = 'join';
    const { items: texts } = await allPages(searchJobs, deps, { text: 'JOIN', limit: 500 });
    expect(texts).toHaveLength(
      count((j) =>
        String(j.sqlText ?? '')
          .toLowerCase()
          .includes(word),
      ),
    );
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThan(jobTotal);

    const mid = all[Math.floor(all.length / 2)]!.submittedAt as string;
    const { items: before } = await allPages(searchJobs, deps, { to: mid, limit: 500 });
    const { items: after } = await allPages(searchJobs, deps, { from: mid, limit: 500 });
    expect(before.length + after.length).toBe(jobTotal);
    expect(before.every((j) => (j.submittedAt as string) < mid)).toBe(true);
    expect(after.every((j) => (j.submittedAt as string) >= mid)).toBe(true);
  });

  it('refuses bad job search input naming the field', async () => {
    await expectInvalid(searchJobs(deps, { limit: '0' }), 'limit');
    await expectInvalid(searchJobs(deps, { from: 'yesterday' }), 'from');
    await expectInvalid(searchJobs(deps, { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }), 'to');
    await expectInvalid(searchJobs(deps, { cursor: 'not-a-cursor' }), 'cursor');
  });

  it('shows a job with its profile summary when one was fetched', async () => {
    const profiled = await deps.store.db
      .selectFrom('profiles')
      .select('job_id')
      .where('cluster_id', '=', clusterId)
      .executeTakeFirstOrThrow();
    const job = await getJob(deps, { jobId: profiled.job_id });
    getJob.output.parse(job);
    expect(job.jobId).toBe(profiled.job_id);
    expect(job.profile).not.toBeNull();
    expect(job.profile!.summary).toBeTypeOf('object');
    const unprofiled = await deps.store.db
      .selectFrom('jobs')
      .select('job_id')
      .where('cluster_id', '=', clusterId)
      .where('job_id', 'not in', deps.store.db.selectFrom('profiles').select('job_id'))
      .executeTakeFirstOrThrow();
    expect((await getJob(deps, { jobId: unprofiled.job_id })).profile).toBeNull();
    await expectNotFound(getJob(deps, { jobId: 'no-such-job' }), 'job', 'jobId');
  });

  it('lists findings by impact, filters them, and shows waived ones as waived', async () => {
    const stored = await storedFindings(deps.store.db, clusterId);
    expect(stored.length).toBeGreaterThan(3);
    const { items } = await allPages(listFindings, deps, { limit: 3 });
    expect(items.map((f) => f.id).sort()).toEqual(stored.map((f) => f.id).sort());
    const impacts = items.map((f) => f.impactMsPerDay as number);
    expect(impacts).toEqual([...impacts].sort((a, b) => b - a));

    const severity = stored[stored.length - 1]!.severity;
    const { items: bySeverity } = await allPages(listFindings, deps, { severity });
    expect(bySeverity).toHaveLength(stored.filter((f) => f.severity === severity).length);
    const detector = stored[0]!.detector;
    const { items: byDetector } = await allPages(listFindings, deps, { detector });
    expect(byDetector).toHaveLength(stored.filter((f) => f.detector === detector).length);
    await expectInvalid(listFindings(deps, { severity: 'huge' as 'low' }), 'severity');

    const target = stored.find((f) => f.status === 'open')!;
    const waiver = await addWaiver(deps.store.db, {
      clusterId,
      findingId: target.id,
      detector: null,
      pattern: null,
      reason: 'known',
      until: null,
      createdBy: 'ana',
    });
    const { items: waived } = await allPages(listFindings, deps, { status: 'waived' });
    expect(waived.map((f) => f.id)).toEqual([target.id]);
    expect(waived[0]!.waiver).toEqual({ id: Number(waiver.id), reason: 'known', until: null });
    const { items: open } = await allPages(listFindings, deps, { status: 'open' });
    expect(open.map((f) => f.id)).not.toContain(target.id);
    expect(open).toHaveLength(stored.filter((f) => f.status === 'open').length - 1);

    const text = String(target.subject.kind);
    const { items: bySubject } = await allPages(listFindings, deps, { subject: text.toUpperCase() });
    expect(bySubject.map((f) => f.id)).toContain(target.id);

    const waivers = await listWaivers(deps, {});
    listWaivers.output.parse(waivers);
    expect(waivers.items).toEqual([expect.objectContaining({ id: Number(waiver.id), findingId: target.id })]);
    expect((await listWaivers(deps, { at: '2026-11-02T00:00:00Z', active: 'false' })).items).toHaveLength(0);

    const breakdown = await issuesBreakdown(deps, {});
    issuesBreakdown.output.parse(breakdown);
    expect(breakdown.total.count).toBe(open.length);
    expect(breakdown.total.impactMsPerDay).toBeCloseTo(
      open.reduce((s, f) => s + (f.impactMsPerDay as number), 0),
      3,
    );
  });

  it('shows a finding with evidence, job ids and the recommendations made on it', async () => {
    const recs = await storedRecommendations(deps.store.db, { clusterId });
    const rec = recs.find((r) => r.findingIds.length > 0)!;
    const finding = await getFinding(deps, { id: rec.findingIds[0]! });
    getFinding.output.parse(finding);
    expect(finding.recommendations.map((r) => r.id)).toContain(rec.id);
    expect(finding.evidence).toHaveProperty('thresholds');
    expect(finding.jobIds.length).toBe(finding.jobCount);
    await expectNotFound(getFinding(deps, { id: 'f-missing' }), 'finding', 'id');
  });

  it('lists recommendations as stored, filters by status and kind, and shows one with its history', async () => {
    const recs = await storedRecommendations(deps.store.db, { clusterId });
    expect(recs.length).toBeGreaterThan(1);
    const { items } = await allPages(listRecommendations, deps, { limit: 2 });
    expect(items.map((r) => r.id)).toEqual(recs.map((r) => r.id));
    expect(items[0]).toMatchObject({
      id: recs[0]!.id,
      sql: recs[0]!.sql,
      netBenefitMsPerDay: recs[0]!.netBenefitMsPerDay,
      status: 'pending',
    });

    const target = recs[0]!;
    await changeRecommendationStatus(deps.store, {
      id: target.id,
      to: 'accepted',
      actor: 'ana',
      reason: 'worth it',
      at: ANALYZED_AT,
    });
    const { items: accepted } = await allPages(listRecommendations, deps, { status: 'accepted' });
    expect(accepted.map((r) => r.id)).toEqual([target.id]);
    const { items: several } = await allPages(listRecommendations, deps, { status: ['accepted', 'pending'] });
    expect(several).toHaveLength(recs.length);
    const kind = recs[recs.length - 1]!.kind;
    const { items: ofKind } = await allPages(listRecommendations, deps, { kind });
    expect(ofKind).toHaveLength(recs.filter((r) => r.kind === kind).length);

    const detail = await getRecommendation(deps, { id: target.id });
    getRecommendation.output.parse(detail);
    expect(detail.history.map((h) => [h.fromStatus, h.toStatus, h.actor])).toEqual([
      [null, 'pending', 'analyze'],
      ['pending', 'accepted', 'ana'],
    ]);
    expect(detail.latestMeasurementId).toBeNull();
    await expectNotFound(getRecommendation(deps, { id: 'r-missing' }), 'recommendation', 'id');

    const impact = await recommendationImpact(deps, {});
    recommendationImpact.output.parse(impact);
    expect(impact.total).toMatchObject({ recommendations: 0, measured: 0 });

    const adopted = await adoption(deps, {});
    adoption.output.parse(adopted);
    expect(adopted.totals).toMatchObject({ generated: recs.length, accepted: 1, applied: 0 });
    expect(adopted.current.accepted).toBe(1);
    expect(adopted.days.reduce((s, d) => s + d.steps.accepted, 0)).toBe(1);
  });

  it('lists reflections and datasets as stored and shows one dataset', async () => {
    const reflections = await loadReflections(deps.store.db, clusterId);
    const { items } = await allPages(listReflections, deps, { limit: 2 });
    expect(items.map((r) => r.reflectionId).sort()).toEqual(reflections.map((r) => r.reflectionId).sort());
    const ledger = await reflectionLedger(deps, {});
    reflectionLedger.output.parse(ledger);
    const verdict = ledger.items[0]!.verdict;
    const kept = await reflectionLedger(deps, { verdict, days: '30' });
    expect(kept.items).toEqual(ledger.items.filter((e) => e.verdict === verdict));
    expect(kept.items.length).toBeGreaterThan(0);
    expect(Date.parse(ledger.to!) - Date.parse(ledger.from!)).toBe(30 * 86_400_000);
    expect(ledger.items.map((e) => e.reflectionId).sort()).toEqual(
      reflections.map((r) => r.reflectionId).sort(),
    );

    const datasets = await loadDatasets(deps.store.db, clusterId);
    expect(datasets.size).toBeGreaterThan(1);
    const { items: listed } = await allPages(listDatasets, deps, { limit: 2 });
    expect(listed.map((d) => d.path).sort()).toEqual([...datasets.keys()].sort());
    const path = [...datasets.keys()][0]!;
    const detail = await getDataset(deps, { path });
    getDataset.output.parse(detail);
    expect(detail.columns.length).toBe(datasets.get(path)!.columns.length);
    await expectNotFound(getDataset(deps, { path: 'no.such' }), 'dataset', 'path');
  });

  it('reads measurements (none yet) and says a missing one is not found', async () => {
    const page = await listMeasurements(deps, {});
    expect(page).toEqual({ items: [], nextCursor: null });
    await expectNotFound(getMeasurement(deps, { id: '12' }), 'measurement', 'id');
    const summary = await measurementSummary(deps, { days: '7' });
    measurementSummary.output.parse(summary);
    expect(summary).toMatchObject({ cluster: 'sim', days: 7, totalMeasurements: 0 });
  });

  it('lists detectors with thresholds resolved from the configuration', async () => {
    const plain = await listDetectors(deps, {});
    listDetectors.output.parse(plain);
    expect(plain.items).toHaveLength(16);
    const config = { ...deps.config, detectors: { spill: { minTimeShare: 0.2 } } };
    const tuned = await listDetectors({ ...deps, config }, {});
    const spill = tuned.items.find((d) => d.id === 'spill')!;
    expect(spill).toMatchObject({
      overridden: true,
      thresholds: expect.objectContaining({ minTimeShare: 0.2 }),
    });
    expect(plain.items.find((d) => d.id === 'spill')!.thresholds.minTimeShare).toBe(0.05);
  });

  it('shows a fingerprint with its baselines and runs per day; lists and refreshes baselines', async () => {
    const top = await deps.store.db
      .selectFrom('jobs')
      .select(['fingerprint', (eb) => eb.fn.countAll<bigint>().as('n')])
      .where('cluster_id', '=', clusterId)
      .where('fingerprint', 'is not', null)
      .groupBy('fingerprint')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const fp = await getFingerprint(deps, { fingerprint: top.fingerprint! });
    getFingerprint.output.parse(fp);
    expect(fp.days.reduce((s, d) => s + d.runs, 0)).toBe(Number(top.n));
    expect(fp.baselines.length).toBeGreaterThan(0);
    expect(fp.days.every((d) => d.p95Ms === null || d.p50Ms === null || d.p95Ms >= d.p50Ms)).toBe(true);
    await expectNotFound(getFingerprint(deps, { fingerprint: 'nope' }), 'fingerprint', 'fingerprint');

    const { items } = await allPages(listBaselines, deps, { metric: 'duration_ms', limit: 5 });
    expect(items.map((b) => b.fingerprint)).toContain(top.fingerprint);
    expect(items.every((b) => b.metric === 'duration_ms')).toBe(true);
    const refreshed = await refreshBaselines(deps, { windowDays: '7', minRuns: '5' });
    refreshBaselines.output.parse(refreshed);
    expect(refreshed.computed).toBeGreaterThan(0);
    const { items: weekly } = await allPages(listBaselines, deps, { windowDays: 7, metric: 'duration_ms' });
    expect(weekly).toHaveLength(refreshed.computed);
    const aborted = new AbortController();
    aborted.abort();
    await expect(refreshBaselines({ ...deps, signal: aborted.signal }, {})).rejects.toThrow();
    listRegressions.output.parse(await listRegressions(deps, {}));
  });

  it('summarises the workload anchored on the data, not the clock', async () => {
    const summary = await metricsSummary(deps, {});
    metricsSummary.output.parse(summary);
    expect(summary.jobs).toBe(jobTotal);
    const open = (await allPages(listFindings, deps, { status: 'open' })).items;
    expect(summary.findings.open).toBe(open.length);
    const oneDay = await metricsSummary(deps, { days: 1 });
    expect(oneDay.jobs).toBeGreaterThan(0);
    expect(oneDay.jobs).toBeLessThan(jobTotal);
    expect(Date.parse(oneDay.to!) - Date.parse(oneDay.from!)).toBe(86_400_000);

    const byType = await metricsByIssueType(deps, {});
    metricsByIssueType.output.parse(byType);
    expect(byType.items.reduce((s, r) => s + r.findings, 0)).toBe(open.length);

    const trend = await trends(deps, {});
    trends.output.parse(trend);
    expect(trend.days.reduce((s, d) => s + d.jobs, 0)).toBe(jobTotal);
    expect(trend.days.some((d) => Object.keys(d.timeAtStakeMs).length > 0)).toBe(true);
    expect(await trends(deps, { until: '2000-01-01T00:00:00Z' })).toMatchObject({ days: [] });

    // The overview's cheaper read: the same time at stake, on every day of the window.
    const stake = await timeAtStake(deps, {});
    timeAtStake.output.parse(stake);
    expect(stake.days[0]!.day).toBe(stake.from!.slice(0, 10));
    expect(stake.days.at(-1)!.day).toBe(new Date(Date.parse(stake.to!) - 1).toISOString().slice(0, 10));
    expect(new Set(stake.days.map((d) => d.day)).size).toBe(stake.days.length);
    const stakeOf = (days: readonly { day: string; timeAtStakeMs: Record<string, number> }[]) =>
      Object.fromEntries(
        days.filter((d) => Object.keys(d.timeAtStakeMs).length > 0).map((d) => [d.day, d.timeAtStakeMs]),
      );
    expect(stakeOf(stake.days)).toEqual(stakeOf(trend.days));
    const before = await timeAtStake(deps, { until: '2000-01-01T00:00:00Z' });
    expect(before.days).toHaveLength(30);
    expect(before.days.every((d) => Object.keys(d.timeAtStakeMs).length === 0)).toBe(true);
  });

  it('asks which cluster when several are stored', async () => {
    await ensureCluster(deps.store.db, { name: 'other', kind: 'cloud' });
    await expectInvalid(getJob(deps, { jobId: 'x' }), 'cluster');
    const clusters = await listClusters(deps, { limit: 1 });
    expect(clusters.items.map((c) => c.name)).toEqual(['other']);
    expect((await listClusters(deps, { cursor: clusters.nextCursor! })).items.map((c) => c.name)).toEqual([
      'sim',
    ]);
  });
});
