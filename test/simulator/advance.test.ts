import { afterEach, describe, expect, it } from 'vitest';
import type { AdvanceResult, GroundTruth, SimWorld } from '../../src/simulator/index.js';
import { createWorld, manualClock, SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/server/simulator-options.js';
import { launch } from './support/launch.js';
import { call, login, resultsPage, runJob } from './support/sim-client.js';

const END_AT = SIMULATOR_DEFAULTS.endAt;
const DAY_MS = 86_400_000;
const SESSIONS_REFLECTION =
  'ALTER TABLE lakehouse.web.sessions CREATE AGGREGATE REFLECTION sessions_kpis USING ' +
  'DIMENSIONS (session_start BY DAY, channel) MEASURES (revenue (SUM, COUNT), pageviews (SUM, COUNT)) ' +
  'PARTITION BY (session_start)';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(
  jobs = 1400,
): Promise<{ sim: RunningSimulator; auth: string; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock(END_AT.getTime());
  sim = await launch({ flavor: 'software-25.1', seed: 1, jobs, days: 14, clock });
  return { sim, auth: await login(sim), clock };
}

async function advance(target: RunningSimulator, body: unknown) {
  return call(target, '/__simulator/advance', { method: 'POST', body });
}

interface Row {
  readonly job_id: string;
  readonly status: string;
  readonly submitted_epoch_millis: number | bigint;
  readonly accelerated: boolean;
}

/** History rows submitted in [fromMs, toMs), over SQL on sys.jobs_recent, every page. */
async function rowsBetween(
  target: RunningSimulator,
  auth: string,
  fromMs: number,
  toMs: number,
): Promise<Row[]> {
  const { id } = await runJob(target, {
    auth,
    sql:
      'SELECT job_id, status, submitted_epoch_millis, accelerated FROM sys.jobs_recent ' +
      `WHERE submitted_epoch_millis >= ${fromMs} AND submitted_epoch_millis < ${toMs} ORDER BY submitted_epoch_millis`,
  });
  const rows: Row[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = (await resultsPage(target, { auth, id, offset, limit: 500 })).json as { rows: Row[] };
    rows.push(...page.rows);
    if (page.rows.length < 500) return rows;
  }
}

describe('POST /__simulator/advance', () => {
  it('generates the next days at the history rate after the last job, served like history', async () => {
    const { sim, auth, clock } = await start();
    const lastBefore = sim.world.job(sim.world.jobCount - 1).submittedEpochMs;
    expect(lastBefore).toBeLessThan(END_AT.getTime());
    const answer = await advance(sim, { days: 3 });
    expect(answer.status).toBe(200);
    const result = answer.json as AdvanceResult;
    const fromMs = Date.parse(result.from);
    const toMs = Date.parse(result.to);
    // History ends at endAt, so the next days start there.
    expect(fromMs).toBe(END_AT.getTime());
    expect(toMs - fromMs).toBe(3 * DAY_MS);
    expect(result.jobs).toBe(Math.round((1400 / 14) * 3));
    expect(clock.nowMs()).toBeGreaterThanOrEqual(toMs);

    const rows = await rowsBetween(sim, auth, fromMs, toMs);
    expect(rows).toHaveLength(result.jobs);
    // The clock moved with the days: what ended before now is final, not RUNNING forever.
    const early = rows.filter((r) => Number(r.submitted_epoch_millis) < toMs - 3_600_000);
    expect(early.length).toBeGreaterThan(result.jobs * 0.9);
    expect(early.filter((r) => !['COMPLETED', 'FAILED', 'CANCELED'].includes(r.status))).toEqual([]);
    // Working hours are busier than nights, as in history.
    const hourOf = (r: Row) => new Date(Number(r.submitted_epoch_millis)).getUTCHours();
    expect(rows.filter((r) => hourOf(r) >= 9 && hourOf(r) < 17).length).toBeGreaterThan(
      3 * rows.filter((r) => hourOf(r) < 5).length,
    );

    const sample = rows.find((r) => r.status === 'COMPLETED') as Row;
    const status = await call(sim, `/api/v3/job/${sample.job_id}`, { auth });
    expect(status.status).toBe(200);
    expect((status.json as { jobState: string }).jobState).toBe('COMPLETED');
    const profile = await call(sim, `/apiv2/profiles/${sample.job_id}.json?attempt=0`, { auth });
    expect(profile.status).toBe(200);
    expect(Number((JSON.parse(profile.text) as { start: number }).start)).toBe(
      Number(sample.submitted_epoch_millis),
    );
  });

  it('answers a bad body with 400 and a Dremio error body, and generates nothing', async () => {
    const { sim } = await start(200);
    for (const body of [{ days: 0 }, { days: -1 }, { days: '7' }, {}, { days: 1e9 }, 'days=7']) {
      const answer = await advance(sim, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect((answer.json as { errorMessage: string }).errorMessage).toMatch(/days/);
    }
    // Nothing was generated: the first good advance still starts where history ends.
    const ok = await advance(sim, { days: 0.5 });
    expect(ok.status).toBe(200);
    expect((ok.json as AdvanceResult).from).toBe(END_AT.toISOString());
  });

  it('runs later jobs with a reflection made by SQL CHOSEN, and the truth knows its speedup', async () => {
    const { sim, auth } = await start();
    const ddl = await runJob(sim, { auth, sql: SESSIONS_REFLECTION });
    expect(ddl.status.jobState).toBe('COMPLETED');
    const result = (await advance(sim, { days: 2 })).json as AdvanceResult;
    const change = result.changes.find((c) => c.kind === 'create-reflection');
    expect(change).toMatchObject({
      via: 'sql',
      statement: SESSIONS_REFLECTION,
      datasetPath: 'lakehouse.web.sessions',
    });
    const effect = change?.effects.find((e) => e.template === 'sessions-channel-kpis');
    expect(effect?.speedup).toBeGreaterThan(5);
    const inHistory = sim.truth.templates.find((t) => t.template === 'sessions-channel-kpis')?.jobIds ?? [];
    expect(effect?.runsPerDay).toBeGreaterThan(0);
    expect(Math.abs((effect?.runsPerDay ?? 0) - inHistory.length / 14)).toBeLessThan(
      0.3 * (effect?.runsPerDay ?? 0),
    );
    // Templates on the same table it cannot serve are listed too, as no effect.
    expect(change?.effects.find((e) => e.template === 'session-depth-histogram')?.speedup).toBe(1);

    const rows = await rowsBetween(sim, auth, Date.parse(result.from), Date.parse(result.to));
    const served = rows.filter((r) => r.accelerated && r.status === 'COMPLETED');
    const chosen = [];
    for (const row of served.slice(0, 40)) {
      const status = (await call(sim, `/api/v3/job/${row.job_id}`, { auth })).json as {
        acceleration?: { reflectionRelationships: { reflectionId: string; relationship: string }[] };
      };
      for (const rel of status.acceleration?.reflectionRelationships ?? [])
        if (rel.reflectionId === change?.reflectionId && rel.relationship === 'CHOSEN')
          chosen.push(row.job_id);
    }
    expect(chosen.length).toBeGreaterThan(3);
    const truth = (await call(sim, '/__simulator/truth')).json as GroundTruth;
    expect(truth.changes).toEqual(result.changes);
    expect(truth.jobs.length).toBe(1400 + result.jobs);
  });

  it('knows a no-effect change (OPTIMIZE of a table whose files are already large) and a harmful one', async () => {
    const { sim, auth } = await start(300);
    const optimize = await runJob(sim, { auth, sql: 'OPTIMIZE TABLE lakehouse.sales.orders' });
    expect(optimize.status.jobState).toBe('COMPLETED');
    const partition = await runJob(sim, {
      auth,
      sql: 'ALTER TABLE lakehouse.sales.orders ADD PARTITION FIELD identity(customer_id)',
    });
    expect(partition.status.jobState).toBe('COMPLETED');
    const { changes } = (await call(sim, '/__simulator/truth')).json as GroundTruth;
    expect(changes.map((c) => c.kind)).toEqual(['optimize', 'add-partition-field']);
    const [none, harm] = changes;
    expect(none?.effects.length).toBeGreaterThan(3);
    for (const e of none?.effects ?? []) expect(Math.abs(e.speedup - 1), e.template).toBeLessThan(0.02);
    const weekly = harm?.effects.find((e) => e.template === 'orders-by-channel-week');
    expect(weekly?.speedup).toBeLessThan(0.67);
    expect(Math.min(...(harm?.effects ?? []).map((e) => e.speedup))).toBeLessThan(1);
  });

  it('records REST reflection changes: disabling the reflection a template uses slows it', async () => {
    const { sim, auth } = await start(300);
    const target = sim.world.reflections().find((r) => r.name === 'orders_daily_region_agg');
    expect(target).toBeDefined();
    const put = await call(sim, `/api/v3/reflection/${target?.id}`, {
      method: 'PUT',
      auth,
      body: { ...target, enabled: false },
    });
    expect(put.status).toBe(200);
    const truth = sim.truth;
    expect(truth.changes).toHaveLength(1);
    expect(truth.changes[0]).toMatchObject({ kind: 'disable-reflection', via: 'rest', statement: null });
    expect(
      truth.changes[0]?.effects.find((e) => e.template === 'revenue-by-region-daily')?.speedup,
    ).toBeLessThan(1);
  });

  it('moves a running clock too and tells onAdvance, through the programmatic advance', async () => {
    const seen: AdvanceResult[] = [];
    sim = await launch({ flavor: 'software-25.1', jobs: 280, onAdvance: (r) => seen.push(r) });
    const result = sim.advance(1);
    expect(sim.clock.nowMs()).toBeGreaterThanOrEqual(Date.parse(result.to));
    expect(seen).toEqual([result]);
    expect(result.jobs).toBe(20);
  });
});

describe('a reflection made by SQL', () => {
  it('takes effect in the truth when its first refresh ends', () => {
    const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: 300 });
    const ddl = world.submitSql(SESSIONS_REFLECTION, { user: 'dremio', at: END_AT.getTime() }).job;
    const refresh = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])].at(-1);
    expect(refresh?.query_type).toBe('ACCELERATOR_CREATE');
    const refreshEndMs = Number(refresh?.final_state_epoch_millis);
    expect(refreshEndMs).toBeGreaterThan(ddl.phases.finalState + 100);
    expect(world.truth().changes[0]?.at).toBe(new Date(refreshEndMs).toISOString());
  });
});

describe('advance is deterministic', () => {
  function run(): { world: SimWorld; ids: string[] } {
    const clock = manualClock(END_AT.getTime());
    const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: 400 }, clock);
    world.submitSql(SESSIONS_REFLECTION, { user: 'dremio', at: clock.nowMs() });
    world.advance(1.5);
    world.submitSql('OPTIMIZE TABLE lakehouse.web.events', { user: 'dremio', at: clock.nowMs() });
    world.advance(1);
    const rows = [...(world.table('sys.jobs_recent')?.scan([]) ?? [])];
    return { world, ids: rows.map((r) => `${r.job_id} ${r.submitted_epoch_millis} ${r.query} ${r.status}`) };
  }

  it('gives the same jobs and truth for the same seed and calls', () => {
    const a = run();
    const b = run();
    expect(a.ids.length).toBeGreaterThan(400 + 60);
    expect(a.ids).toEqual(b.ids);
    expect(a.world.truth()).toEqual(b.world.truth());
  });
});
