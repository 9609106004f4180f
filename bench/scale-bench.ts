import { join } from 'node:path';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, failedRow, makeRow } from './bench-row.js';
import { cliCommand } from './cli-build.js';
import { finalJson, type MeasuredProcess, measureProcess, tsxScript } from './measure-process.js';
import { simulatorLatencyRows } from './simulator-latency.js';
import { type SimulatorProcess, startSimulatorProcess } from './simulator-process.js';
import { isUnreachable, withThrowawayDatabase } from './throwaway-database.js';

const ANALYZE_CHILD = new URL('./analyze-child.ts', import.meta.url);
// The client's default is 20 requests/s to spare a production coordinator; at that pace 20k profiles
// take 17 minutes whatever the collector costs. The simulator is local, so the bench lifts the limit
// to measure the collector itself.
const BENCH_REQUESTS_PER_S = 2000;
// Generous: on a loaded shared machine a 1M-job collection can take tens of minutes.
const CHILD_TIMEOUT_MS = 60 * 60_000;

interface Scale {
  readonly jobs: number;
  readonly profiles: number;
  readonly label: string;
}

type Backend = 'postgres' | 'pglite';

/** `dremio-optimizer collect` as a user runs it against the simulator, configured by environment. */
function collectCommand(options: {
  readonly sim: SimulatorProcess;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** The analysis reads cluster `sim`; the fixed-cost run writes to its own. */
  readonly cluster: string;
  readonly args: readonly string[];
}): { command: string[]; env: NodeJS.ProcessEnv } {
  const { sim } = options;
  return {
    command: cliCommand(['collect', '--cluster', options.cluster, '--format', 'json', ...options.args]),
    env: {
      PATH: process.env.PATH,
      DREMIO_URL: sim.url,
      DREMIO_USERNAME: sim.userName,
      DREMIO_PASSWORD: sim.password,
      DREMIO_MAX_REQUESTS_PER_SECOND: String(BENCH_REQUESTS_PER_S),
      DATA_DIR: options.dataDir,
      ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
  };
}

async function collectRow(options: {
  readonly ctx: BenchContext;
  readonly scale: Scale;
  readonly backend: Backend;
  readonly sim: SimulatorProcess;
  readonly databaseUrl: string | undefined;
}): Promise<BenchRow> {
  const { ctx, scale, backend, sim, databaseUrl } = options;
  const dataDir = join(ctx.workDir, `collect-${backend}`);
  // An embedded store is created once, before its first use; that one-off peak is reported apart.
  const created =
    databaseUrl === undefined
      ? await Promise.all(
          [dataDir, `${dataDir}-baseline`].map((dir) =>
            measureProcess({
              command: cliCommand(['db', 'migrate']),
              env: { PATH: process.env.PATH, DATA_DIR: dir, LOG_LEVEL: 'warn' },
              timeoutMs: CHILD_TIMEOUT_MS,
            }),
          ),
        )
      : undefined;
  ctx.log(`collect (${backend}): fixed cost (start, open the store, connect, read the reflections only)…`);
  const baseline = await measureProcess({
    ...collectCommand({
      sim,
      dataDir: `${dataDir}-baseline`,
      databaseUrl,
      cluster: 'sim-baseline',
      args: ['--only', 'reflections'],
    }),
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  ctx.log(`collect (${backend}): ${scale.label}…`);
  const simulatorCpuBefore = sim.cpuS();
  const run = await measureProcess({
    ...collectCommand({
      sim,
      dataDir,
      databaseUrl,
      cluster: 'sim',
      args: ['--profiles', String(scale.profiles)],
    }),
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  const summary = finalJson(run.stdout) as unknown as CollectSummaryJson;
  const historyS = (summary.stageMs.history ?? 0) / 1000;
  return makeRow({
    name: 'collect-1m-rss-mb',
    input: `${scale.label}, ${backend} store`,
    ours: run.peakRssMb,
    reference: baseline.peakRssMb,
    referenceName: `dremio-optimizer collect --only reflections into the ${backend} store (start, open, connect)`,
    unit: 'MB peak RSS',
    goal: { value: 300, on: 'ours', direction: 'lower' },
    details: {
      ...(created === undefined ? {} : { storeCreationPeakRssMb: Math.round(created[0]?.peakRssMb ?? 0) }),
      wallS: Math.round(run.wallS),
      collectorCpuS: Math.round(run.cpuS),
      simulatorCpuS: Math.round(sim.cpuS() - simulatorCpuBefore),
      historyS: Math.round(historyS),
      profilesS: Math.round((summary.stageMs.profiles ?? 0) / 1000),
      historyPages: summary.history.pages,
      historyPagesPerS: Number((summary.history.pages / historyS).toFixed(2)),
      jobsPerS: Math.round(summary.history.rowsRead / historyS),
      jobsRead: summary.history.rowsRead,
      profilesFetched: summary.profiles.fetched,
      collectionErrors: summary.errors,
      status: summary.status,
    },
    note: `dremio-optimizer collect (bin, built); a history page is one query of 5000 jobs (read in results pages of ≤ 500); client limit raised to ${BENCH_REQUESTS_PER_S} requests/s`,
  });
}

/** The part of `collect --format json` the bench reads. */
interface CollectSummaryJson {
  readonly status: string;
  readonly errors: number;
  readonly history: { readonly rowsRead: number; readonly pages: number };
  readonly profiles: { readonly fetched: number };
  readonly stageMs: { readonly history?: number; readonly profiles?: number };
}

/** The simulator's own peak while the collector paged through every job (issue 3). */
function simulatorRow(options: {
  scale: Scale;
  sim: SimulatorProcess;
  startedRssMb: number;
  store: Backend;
}): BenchRow {
  return makeRow({
    name: 'simulate-1m-rss-mb',
    input: `dremio-optimizer simulate, ${options.scale.label}, while a collector reads every job into ${options.store}`,
    ours: options.sim.peakRssMb(),
    reference: options.startedRssMb,
    referenceName: 'the same simulator just after it started listening',
    unit: 'MB peak RSS',
    goal: { value: 300, on: 'ours', direction: 'lower' },
    details: { simulatorCpuS: Math.round(options.sim.cpuS()) },
  });
}

function analyzeRows(options: { scale: Scale; backend: Backend; run: MeasuredProcess }): BenchRow[] {
  const r = finalJson(options.run.stdout);
  const input = `${options.scale.label} collected, ${Number(r.jobCount)} jobs in the window, ${options.backend} store`;
  const time = makeRow({
    name: 'analyze-1m-s',
    input,
    ours: Number(r.analyzeMs) / 1000,
    reference: Number(r.readMs) / 1000,
    referenceName: "reading the window's jobs and profiles from the store (the I/O floor)",
    unit: 's',
    goal: { value: 30, on: 'ours', direction: 'lower' },
    details: {
      peakRssMb: Math.round(options.run.peakRssMb),
      wallS: Math.round(options.run.wallS),
      analyzeCpuS: Math.round(options.run.cpuS),
      findings: Number(r.findings),
    },
  });
  const memory = makeRow({
    name: 'analyze-1m-rss-mb',
    input,
    ours: options.run.peakRssMb,
    reference: Number(r.readPeakRssMb),
    referenceName:
      "peak RSS of the same process after reading the window's jobs and profiles (holding the window)",
    unit: 'MB peak RSS',
    goal: { value: 1000, on: 'ours', direction: 'lower' },
    details: { findings: Number(r.findings) },
  });
  return [time, memory];
}

function scaleOf(ctx: BenchContext): Scale {
  const o = ctx.scaleOverride;
  if (o !== undefined) {
    const k = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
    return {
      jobs: o.jobs,
      profiles: o.profiles,
      label: `${k(o.jobs)} jobs, ${k(o.profiles)} profiles (reduced from 1M/20k)`,
    };
  }
  return ctx.quick
    ? { jobs: 20_000, profiles: 1_000, label: '20k jobs, 1k profiles (quick)' }
    : { jobs: 1_000_000, profiles: 20_000, label: '1M jobs, 20k profiles' };
}

async function withSimulator<T>(scale: Scale, fn: (sim: SimulatorProcess) => Promise<T>): Promise<T> {
  const sim = await startSimulatorProcess(scale.jobs);
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

/**
 * Collection at scale into PostgreSQL (a simulated Dremio with 1M jobs, 20k profiles fetched; `--quick`
 * 20k jobs and 1k profiles), the collector in its own process measured from outside, then the workload
 * analysis over the collected store, also in its own process.
 */
export async function benchScalePostgres(ctx: BenchContext): Promise<BenchRow[]> {
  const scale = scaleOf(ctx);
  return withSimulator(scale, async (sim) => {
    const startedRssMb = sim.peakRssMb();
    ctx.log('simulator: page and profile latency…');
    const rows: BenchRow[] = await simulatorLatencyRows(sim, `${scale.label.split(',')[0]} world`);
    try {
      await withThrowawayDatabase({
        serverUrl: ctx.postgresUrl,
        name: `dremio_optimizer_bench_collect_${process.pid}`,
        workDir: ctx.workDir,
        fn: async (_store, url) => {
          rows.push(await collectRow({ ctx, scale, backend: 'postgres', sim, databaseUrl: url }));
          rows.push(simulatorRow({ scale, sim, startedRssMb, store: 'postgres' }));
          ctx.log('analyze (postgres): baselines and every detector over the collected store…');
          const run = await measureProcess({
            command: tsxScript(ANALYZE_CHILD, { dataDir: join(ctx.workDir, 'analyze'), databaseUrl: url }),
            timeoutMs: CHILD_TIMEOUT_MS,
          });
          rows.push(...analyzeRows({ scale, backend: 'postgres', run }));
        },
      });
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const why = `PostgreSQL is not reachable at ${ctx.postgresUrl}: start one or pass --postgres-url`;
      for (const [name, unit] of [
        ['collect-1m-rss-mb', 'MB peak RSS'],
        ['analyze-1m-s', 's'],
        ['analyze-1m-rss-mb', 'MB peak RSS'],
      ] as const) {
        rows.push(
          failedRow({ name, input: `${scale.label}, postgres store`, unit, error: why, skipped: true }),
        );
      }
    }
    return rows;
  });
}

/** The same collection into the embedded PGlite store (the default store), whose engine is WASM in-process. */
export async function benchScalePglite(ctx: BenchContext): Promise<BenchRow[]> {
  const scale = scaleOf(ctx);
  return withSimulator(scale, async (sim) => {
    const startedRssMb = sim.peakRssMb();
    const collected = await collectRow({ ctx, scale, backend: 'pglite', sim, databaseUrl: undefined });
    return [collected, simulatorRow({ scale, sim, startedRssMb, store: 'pglite' })];
  });
}
