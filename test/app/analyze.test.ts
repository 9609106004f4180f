import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analysisReportOutput, analyzeData } from '../../src/app/analyze.js';
import { measureData } from '../../src/app/measure.js';
import { generateRecommendations, recommendOutput } from '../../src/app/recommend.js';
import {
  applyRecommendation,
  changeRecommendationStatus,
  markApplied,
  verifyRecommendation,
} from '../../src/app/recommendation-actions.js';
import type { AppDeps } from '../../src/app/service.js';
import { waive, waiverOutput } from '../../src/app/waive.js';
import { loadConfig } from '../../src/config/index.js';
import type { JobRecord } from '../../src/domain/job.js';
import { InvalidInputError, NotFoundError } from '../../src/errors.js';
import { createLogger } from '../../src/log/index.js';
import { listFindings } from '../../src/store/findings-repository.js';
import { ensureCluster, type Store, upsertJobs } from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';
import { testBackends } from '../support/store-backends.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const T0 = new Date('2026-10-01T00:00:00.000Z');
const NOW = '2026-11-24T06:00:00.000Z';
const HOUR = 3_600_000;
const ONLY = ['queue-wait'] as const;

/** A run of `fingerprint` at `hours` after T0 that waited `queuedMs` in the queue. */
function run(jobId: string, hours: number, fingerprint: string, queuedMs: number): JobRecord {
  const base = buildJob({ jobId });
  return buildJob({
    jobId,
    fingerprint,
    sqlText: `SELECT region FROM lake.sales /* ${fingerprint} */`,
    timestamps: { ...base.timestamps, submittedAt: new Date(T0.getTime() + hours * HOUR) },
    durationMs: queuedMs + 5_000,
    phases: { ...base.phases, queuedMs },
  });
}

/** Two days: `queued` waits 30 s on each of 40 runs, `healthy` never waits. */
function workload(): JobRecord[] {
  return [
    ...Array.from({ length: 40 }, (_, i) => run(`q${i}`, i * 1.2, 'queued', 30_000)),
    ...Array.from({ length: 40 }, (_, i) => run(`h${i}`, i * 1.2, 'healthy', 5)),
  ];
}

describe.each(testBackends())('analyze, recommend, waive and measure services [$name]', (backend) => {
  async function seeded(): Promise<{ store: Store; deps: AppDeps; clusterId: bigint }> {
    const t = await backend.fresh();
    cleanups.push(() => t.dispose());
    const cluster = await ensureCluster(t.store.db, { name: 'prod', kind: 'software' });
    await upsertJobs(t.store.db, cluster.id, workload());
    const cwd = mkdtempSync(join(tmpdir(), 'do-app-analyze-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const deps: AppDeps = {
      store: t.store,
      config: loadConfig({ env: {}, cwd }).config,
      logger: createLogger({ level: 'silent' }),
    };
    return { store: t.store, deps, clusterId: cluster.id };
  }

  it('analyses from raw option values and returns the report in JSON form, stored with its recommendations', async () => {
    const { store, deps, clusterId } = await seeded();
    const report = await analyzeData(deps, { detectors: [...ONLY], at: NOW, windowDays: '30' as never });
    expect(analysisReportOutput.parse(report)).toBeTruthy();
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report).toMatchObject({
      generatedAt: NOW,
      clusterName: 'prod',
      jobCount: 80,
      window: { to: new Date(T0.getTime() + 39 * 1.2 * HOUR).toISOString() },
    });
    expect(report.findings.map((f) => [f.detector, f.subject])).toEqual([
      ['queue-wait', { kind: 'fingerprint', fingerprint: 'queued', sampleSql: expect.any(String) }],
    ]);
    expect(await listFindings(store.db, clusterId)).toHaveLength(1);

    const recommended = await generateRecommendations(deps, { detectors: [...ONLY], at: NOW });
    expect(recommendOutput.parse(recommended)).toMatchObject({ clusterName: 'prod', findingCount: 1 });
    expect(recommended.recommendations.map((r) => r.id)).toEqual(report.recommendations.map((r) => r.id));
  }, 60_000);

  it('ends the window at `until`, stores nothing on a dry run, and stops when the signal aborts', async () => {
    const { store, deps, clusterId } = await seeded();
    const until = new Date(T0.getTime() + 12 * HOUR).toISOString();
    const early = await analyzeData(deps, { detectors: [...ONLY], at: NOW, until, dryRun: true });
    expect(early.window.to).toBe(until);
    // Runs at 0, 1.2 … 12 hours of each shape: 11 each.
    expect(early.jobCount).toBe(22);
    expect(await listFindings(store.db, clusterId)).toHaveLength(0);

    const backwards = await analyzeData(deps, { since: until, until: T0.toISOString() }).catch((e) => e);
    expect(backwards).toBeInstanceOf(InvalidInputError);
    expect((backwards as InvalidInputError).problems.map((p) => p.field)).toEqual(['until']);

    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    await expect(
      analyzeData({ ...deps, signal: controller.signal }, { detectors: [...ONLY], at: NOW }),
    ).rejects.toThrow('stopped by the caller');
    expect(await listFindings(store.db, clusterId)).toHaveLength(0);
    await expect(measureData({ ...deps, signal: controller.signal }, {})).resolves.toEqual({
      measurements: [],
    });
  }, 60_000);

  it('names the field at fault: cluster unknown or ambiguous, since unreadable, detector unknown', async () => {
    const { store, deps } = await seeded();
    const unknown = await analyzeData(deps, { cluster: 'nope' }).catch((e) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toMatchObject({ entity: 'cluster', id: 'nope', field: 'cluster' });
    const fields = async (call: Promise<unknown>) => {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).problems.map((p) => p.field);
    };
    expect(await fields(analyzeData(deps, { since: 'yesterday' }))).toEqual(['since']);
    expect(await fields(analyzeData(deps, { detectors: ['spil' as never] }))).toEqual(['detectors.0']);
    await ensureCluster(store.db, { name: 'other', kind: 'cloud' });
    expect(await fields(analyzeData(deps, {}))).toEqual(['cluster']);
    expect(await fields(measureData(deps, {}))).toEqual(['cluster']);
    const other = await analyzeData(deps, { cluster: 'other', at: NOW });
    expect(other).toMatchObject({ clusterName: 'other', jobCount: 0, findings: [] });
  }, 60_000);

  it('waives by pattern, and refuses an unknown finding id, a missing reason and a past expiry by field', async () => {
    const { deps } = await seeded();
    const first = await analyzeData(deps, { detectors: [...ONLY], at: NOW });
    expect(first.findings).toHaveLength(1);

    const missing = await waive(deps, { target: '0123456789abcdef', reason: 'x' }).catch((e) => e);
    expect(missing).toMatchObject({ constructor: NotFoundError, entity: 'finding', field: 'target' });
    const fieldOf = async (options: Parameters<typeof waive>[1]) => {
      const error = await waive(deps, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      const { message, hint } = error as InvalidInputError;
      expect(`${message} ${hint ?? ''}`).not.toMatch(/--[a-z]/);
      return (error as InvalidInputError).problems.map((p) => p.field);
    };
    expect(await fieldOf({ target: 'queue-wait:*', reason: '  ' })).toEqual(['reason']);
    expect(await fieldOf({ target: 'queue-wait:*', reason: 'x', until: '2020-01-01T00:00:00Z' })).toEqual([
      'until',
    ]);
    expect(await fieldOf({ target: 'spil:*', reason: 'x' })).toEqual(['target']);

    const waiver = await waive(deps, { target: 'queue-wait:*', reason: 'month end', actor: 'ops' });
    expect(waiverOutput.parse(waiver)).toMatchObject({
      detector: 'queue-wait',
      pattern: '*',
      allClusters: true,
      createdBy: 'ops',
      until: null,
    });
    const after = await analyzeData(deps, { detectors: [...ONLY], at: NOW });
    expect(after.findings).toEqual([]);
    expect(after.waived.map((w) => [w.findingId, w.waiverId])).toEqual([[first.findings[0]!.id, waiver.id]]);
  }, 60_000);
});

describe('service schemas', () => {
  it('document every input and output as JSON Schema', () => {
    const services = [
      analyzeData,
      generateRecommendations,
      changeRecommendationStatus,
      applyRecommendation,
      markApplied,
      verifyRecommendation,
      measureData,
      waive,
    ];
    expect(services.map((s) => s.serviceName)).toEqual([
      'analyze',
      'recommend',
      'recommendations.set-status',
      'recommendations.apply',
      'recommendations.mark-applied',
      'recommendations.verify',
      'measure',
      'waivers.create',
    ]);
    for (const s of services) {
      expect(z.toJSONSchema(s.input, { target: 'draft-2020-12', io: 'input' })).toMatchObject({
        type: 'object',
      });
      expect(z.toJSONSchema(s.output, { target: 'draft-2020-12', io: 'output' })).toMatchObject({
        type: 'object',
      });
    }
  });
});
