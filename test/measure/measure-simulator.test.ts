import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import type { GroundTruth } from '../../src/simulator/world.js';
import { openStore } from '../../src/store/index.js';
import { login, runJob } from '../simulator/support/sim-client.js';
import { runCli } from '../support/run-cli.js';

/**
 * The measurement promise end to end, over HTTP against the simulator, from a clean store: collect,
 * analyze, apply the top reflection and OPTIMIZE recommendations with --confirm and make three changes
 * by hand through the SQL endpoint; measuring at once is inconclusive; then 7 simulated days pass,
 * collect, measure — and each verdict is checked against the simulator's ground truth.
 */
const END = new Date('2026-11-01T00:00:00.000Z');
/** Made by hand through the SQL endpoint; the simulator's truth: sessions-channel-kpis ≈ 26× faster. */
const HAND_REFLECTION =
  'ALTER TABLE lakehouse.web.sessions CREATE AGGREGATE REFLECTION sessions_kpis USING DIMENSIONS (session_start BY DAY, channel) MEASURES (revenue (SUM, COUNT), pageviews (SUM, COUNT)) PARTITION BY (session_start)';
const READS_SESSIONS: ReadonlySet<string> = new Set(['lakehouse.web.sessions', 'analytics.customer_360']);
/** Its files are already inside Dremio's rewrite range: nothing is rewritten, no query changes. */
const NO_EFFECT = 'OPTIMIZE TABLE lakehouse.sales.orders';
/** Splits every file of orders per customer: queries that do not filter on it pay per file. */
const HARMFUL = 'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD identity(customer_id)';

interface MeasurementJson {
  id: number;
  verdict: string;
  reason: string;
  recommendationId: string | null;
  change: { kind: string; subject: string; statement: string | null; origin: string };
  speedup: { estimate: number; low: number; high: number } | null;
  fingerprints: {
    fingerprint: string;
    before: { runs: number };
    after: { runs: number };
    speedup: { estimate: number; low: number; high: number } | null;
    medianRatio: { estimate: number; low: number; high: number } | null;
  }[];
  waitingFor: { beforeRunsNeeded: number; afterRunsNeeded: number; expectedBy: string | null } | null;
  rollback: string | null;
  improvements: { durationPct: number | null };
  expectation: { meetsExpectation: boolean | null; expectationDeltaPct: number | null } | null;
}

interface RecJson {
  id: string;
  kind: string;
  sql: string | null;
  jobIds: string[];
  netBenefitMsPerDay: number;
  status: string;
  target: { kind: string; path?: string };
}

let sim: Awaited<ReturnType<typeof startSimulator>>;
let cwd: string;
let env: Record<string, string>;
const applied: { reflection?: RecJson; optimize?: RecJson } = {};
let immediately: MeasurementJson[] = [];
let measured: MeasurementJson[] = [];
let afterNoEffect: MeasurementJson[] = [];
let collectedAfterWeek = '';
let afterHarmful: MeasurementJson[] = [];
let truth: GroundTruth;
let templateOfFingerprint: Map<string, string>;

async function cli(args: readonly string[]) {
  const run = await runCli(args, { env, cwd });
  expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** A statement run by hand: straight to Dremio's SQL endpoint, not through the product. */
async function byHand(sql: string): Promise<void> {
  const job = await runJob(sim, { auth: await login(sim), sql });
  expect(job.status.jobState, `${sql}: ${JSON.stringify(job.status)}`).toBe('COMPLETED');
}

async function advance(days: number): Promise<void> {
  const response = await fetch(`${sim.url}/__simulator/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ days }),
  });
  expect(response.status).toBe(200);
}

/** Recommendations whose jobs share no template with the ones already chosen, so effects do not mix. */
function templatesOf(rec: RecJson, templateOfJob: ReadonlyMap<string, string>): Set<string> {
  return new Set(rec.jobIds.map((id) => templateOfJob.get(id) ?? '?'));
}

beforeAll(async () => {
  sim = await startSimulator({ flavor: 'software-25.1', seed: 1, jobs: 5000, days: 14, endAt: END, port: 0 });
  cwd = mkdtempSync(join(tmpdir(), 'do-measure-'));
  env = {
    DREMIO_URL: sim.url,
    DREMIO_USERNAME: sim.credentials.userName,
    DREMIO_PASSWORD: sim.credentials.password,
    DATA_DIR: join(cwd, 'data'),
  };
  await cli(['collect']);
  await cli(['analyze']);
  const recs = JSON.parse(await cli(['recommendations', 'list', '--format', 'json'])) as RecJson[];
  const templateOfJob = new Map(sim.world.truth().jobs.map((j) => [j.jobId, j.template]));
  // The hand-made reflection lands at the same moment on sessions: a reflection on data that reads
  // sessions (the table, or the customer_360 view joining it) would speed the same shapes at the same
  // time, and no before/after comparison tells two simultaneous changes apart.
  applied.reflection = recs.find(
    (r) =>
      (r.kind === 'create-aggregate-reflection' || r.kind === 'create-raw-reflection') &&
      !READS_SESSIONS.has(r.target.path ?? ''),
  );
  const taken = applied.reflection ? templatesOf(applied.reflection, templateOfJob) : new Set<string>();
  applied.optimize = recs.find(
    (r) => r.kind === 'optimize-table' && ![...templatesOf(r, templateOfJob)].some((t) => taken.has(t)),
  );
  for (const rec of [applied.reflection, applied.optimize])
    if (rec) await cli(['recommendations', 'apply', rec.id, '--confirm']);
  await byHand(HAND_REFLECTION);
  immediately = JSON.parse(await cli(['measure', '--format', 'json'])) as MeasurementJson[];
  await advance(7);
  collectedAfterWeek = await cli(['collect']);
  measured = JSON.parse(await cli(['measure', '--format', 'json'])) as MeasurementJson[];
  // One change at a time on orders: a week with the reflection, then the no-effect OPTIMIZE, then the harmful partition field.
  await byHand(NO_EFFECT);
  await advance(4);
  await cli(['collect']);
  afterNoEffect = JSON.parse(await cli(['measure', '--format', 'json'])) as MeasurementJson[];
  await byHand(HARMFUL);
  await advance(4);
  await cli(['collect']);
  afterHarmful = JSON.parse(await cli(['measure', '--format', 'json'])) as MeasurementJson[];
  truth = (await (await fetch(`${sim.url}/__simulator/truth`)).json()) as GroundTruth;
  if (process.env.MEASURE_DEBUG)
    (await import('node:fs')).writeFileSync(
      process.env.MEASURE_DEBUG,
      JSON.stringify(
        { applied, immediately, measured, afterNoEffect, afterHarmful, truth: truth.changes },
        null,
        1,
      ),
    );
  const store = await openStore({ dataDir: env.DATA_DIR!, command: 'test' });
  try {
    const rows = await store.db.selectFrom('jobs').select(['job_id', 'fingerprint']).execute();
    const templateOf = new Map(truth.jobs.map((j) => [j.jobId, j.template]));
    templateOfFingerprint = new Map(
      rows.flatMap((r) =>
        r.fingerprint !== null && templateOf.has(r.job_id)
          ? [[r.fingerprint, templateOf.get(r.job_id)!]]
          : [],
      ),
    );
  } finally {
    await store.close();
  }
}, 600_000);

afterAll(async () => {
  await sim?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

function measurementOf(recId: string | undefined): MeasurementJson {
  const m = measured.find((x) => x.recommendationId === recId);
  expect(m, `a measurement of ${recId}`).toBeDefined();
  return m!;
}

const MARKER = '/* dremio-optimizer */ ';

/**
 * Every shape with enough runs on both sides: the interval of its measured ratio of medians (what the
 * truth computes) holds the true effect of the change on its template (1 for a template the change
 * does not touch).
 */
function expectIntervalsHoldTruth(m: MeasurementJson, statement: string): void {
  const change = truth.changes.find((c) => c.statement?.replace(MARKER, '') === statement);
  expect(change, `the truth records ${statement}`).toBeDefined();
  const effect = new Map(change!.effects.map((e) => [e.template, e.speedup]));
  let checked = 0;
  for (const f of m.fingerprints) {
    const template = templateOfFingerprint.get(f.fingerprint);
    if (template === undefined || f.medianRatio === null || f.before.runs < 20 || f.after.runs < 20) continue;
    const truthSpeedup = effect.get(template) ?? 1;
    expect(f.medianRatio.low, `${template}: true ${truthSpeedup}`).toBeLessThanOrEqual(truthSpeedup);
    expect(f.medianRatio.high, `${template}: true ${truthSpeedup}`).toBeGreaterThanOrEqual(truthSpeedup);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}

describe('measured before/after against the simulator', () => {
  it('is inconclusive right after applying, and says what it waits for', () => {
    for (const rec of [applied.reflection, applied.optimize]) {
      const m = immediately.find((x) => x.recommendationId === rec?.id);
      expect(m, `an immediate measurement of ${rec?.kind}`).toBeDefined();
      expect(m!.verdict).toBe('inconclusive');
      expect(m!.waitingFor!.afterRunsNeeded).toBeGreaterThan(0);
      expect(m!.waitingFor!.expectedBy).not.toBeNull();
    }
  });

  it('verifies the applied reflection, its interval holding the true speedup', async () => {
    const m = measurementOf(applied.reflection?.id);
    expect(m.verdict, m.reason).toBe('verified');
    expect(m.change.origin).toBe('product');
    expectIntervalsHoldTruth(m, applied.reflection!.sql!);
    const rec = JSON.parse(
      await cli(['recommendations', 'show', applied.reflection!.id, '--format', 'json']),
    );
    expect(rec.status).toBe('verified');
    expect(rec.history.at(-1)).toMatchObject({ toStatus: 'verified', actor: 'measurement' });
  });

  it('verifies the applied OPTIMIZE, its interval holding the true speedup', () => {
    const m = measurementOf(applied.optimize?.id);
    expect(m.verdict, m.reason).toBe('verified');
    expectIntervalsHoldTruth(m, applied.optimize!.sql!);
  });

  it('shows a measurement by recommendation id, and sums them up', async () => {
    const shown = JSON.parse(await cli(['measure', 'show', applied.reflection!.id, '--format', 'json']));
    expect(shown.verdict).toBe('verified');
    const summary = JSON.parse(await cli(['measure', 'summary', '--format', 'json']));
    expect(summary.totalMeasurements).toBe(afterHarmful.length);
    expect(summary.verdicts.verified).toBeGreaterThanOrEqual(2);
    for (const key of [
      'completedMeasurements',
      'averageImprovementPct',
      'averageMemoryImprovementPct',
      'averageScanImprovementPct',
      'averageCpuImprovementPct',
      'successRate',
      'timeSavedMs',
      'timeSavedMsPerDay',
      'metExpectation',
      'exceededExpectation',
      'underperformed',
      'byKind',
    ])
      expect(summary, key).toHaveProperty(key);
    expect(summary.timeSavedMsPerDay).toBeGreaterThan(0);
  });

  it('detects a reflection made by hand at the next collect and verifies it the same way', () => {
    const m = measured.find((x) => x.change.statement === HAND_REFLECTION);
    expect(m, 'a measurement of the hand-made reflection').toBeDefined();
    expect(m!.change).toMatchObject({ kind: 'reflection-created', origin: 'detected' });
    // collect says what it found: the hand-made reflection (the applied ones were recorded by apply).
    expect(collectedAfterWeek).toMatch(/changes: +1 new .*`measure` compares before and after/);
    expect(m!.verdict, m!.reason).toBe('verified');
    expectIntervalsHoldTruth(m!, HAND_REFLECTION);
  });

  it('never verifies a change with no true effect', () => {
    const m = afterNoEffect.find((x) => x.change.statement === NO_EFFECT);
    expect(m, 'a measurement of the no-effect OPTIMIZE').toBeDefined();
    expect(m!.change.kind).toBe('table-rewritten');
    expect(m!.verdict, m!.reason).toBe('no-effect');
    expect(m!.speedup!.low).toBeLessThanOrEqual(1);
    expect(m!.speedup!.high).toBeGreaterThanOrEqual(1);
  });

  it('calls a harmful change regressed and carries the statement that rolls it back', () => {
    const m = afterHarmful.find((x) => x.change.statement === HARMFUL);
    expect(m, 'a measurement of the harmful partition field').toBeDefined();
    expect(m!.change.kind).toBe('partition-spec-changed');
    expect(m!.verdict, m!.reason).toBe('regressed');
    expect(m!.rollback).toBe('ALTER TABLE lakehouse.sales.orders DROP PARTITION FIELD identity(customer_id)');
    // The earlier changes to orders keep their verdicts: each one's windows end where the next began.
    expect(afterHarmful.find((x) => x.change.statement === NO_EFFECT)?.verdict).toBe('no-effect');
    expect(afterHarmful.find((x) => x.recommendationId === applied.reflection?.id)?.verdict).toBe('verified');
  });
});
