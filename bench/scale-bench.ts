import { join } from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, failedRow, makeRow } from './bench-row.js';
import type { CollectChildArgs } from './collect-child-args.js';
import { type MeasuredProcess, measureProcess } from './measure-process.js';
import { isUnreachable, withThrowawayDatabase } from './throwaway-database.js';

const COLLECT_CHILD = new URL('./collect-child.ts', import.meta.url);
const ANALYZE_CHILD = new URL('./analyze-child.ts', import.meta.url);
// The client's default is 20 requests/s to spare a production coordinator; at that pace 20k profiles
// take 17 minutes whatever the collector costs. The simulator is local, so the bench lifts the limit
// to measure the collector itself.
const BENCH_REQUESTS_PER_S = 2000;
// Generous: on a loaded shared machine a 1M-job collection can take tens of minutes.
const CHILD_TIMEOUT_MS = 60 * 60_000;
const HEAP_CAP_MB = 96;

interface Scale {
  readonly jobs: number;
  readonly profiles: number;
  readonly label: string;
}

type Backend = 'postgres' | 'pglite';
type ChildBase = Omit<CollectChildArgs, 'mode' | 'dataDir' | 'databaseUrl'>;

async function collectRow(options: {
  readonly ctx: BenchContext;
  readonly scale: Scale;
  readonly backend: Backend;
  readonly base: ChildBase;
  readonly databaseUrl: string | undefined;
  /** Caps V8's old space (`--max-old-space-size`) for both the collector and its reference. */
  readonly heapCapMb?: number;
}): Promise<BenchRow> {
  const { ctx, scale, backend, heapCapMb } = options;
  const nodeFlags = heapCapMb === undefined ? [] : [`--max-old-space-size=${heapCapMb}`];
  const flavour = heapCapMb === undefined ? '' : `, node --max-old-space-size=${heapCapMb}`;
  const dataDir = join(ctx.workDir, `collect-${backend}${heapCapMb === undefined ? '' : `-cap${heapCapMb}`}`);
  const args = (mode: CollectChildArgs['mode'], dir: string): CollectChildArgs => ({
    ...options.base,
    mode,
    dataDir: dir,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
  });
  ctx.log(`collect (${backend}${flavour}): fixed cost (open the store, ask Dremio who it is)…`);
  const baseline = await measureProcess({
    script: COLLECT_CHILD,
    args: args('baseline', `${dataDir}-baseline`),
    timeoutMs: CHILD_TIMEOUT_MS,
    nodeFlags,
  });
  ctx.log(`collect (${backend}${flavour}): ${scale.label}…`);
  const run = await measureProcess({
    script: COLLECT_CHILD,
    args: args('collect', dataDir),
    timeoutMs: CHILD_TIMEOUT_MS,
    nodeFlags,
  });
  const r = run.result;
  const historyS = Number(r.historyMs) / 1000;
  return makeRow({
    name: 'collect-1m-rss-mb',
    input: `${scale.label}, ${backend} store${flavour}`,
    ours: run.peakRssMb,
    reference: baseline.peakRssMb,
    referenceName: `the same process opening the ${backend} store and connecting only`,
    unit: 'MB peak RSS',
    goal: { value: 300, on: 'ours', direction: 'lower' },
    details: {
      wallS: Math.round(run.wallS),
      collectorCpuS: Math.round(run.cpuS),
      simulatorCpuS: Math.round(run.parentCpuS),
      historyS: Math.round(historyS),
      historyPages: Number(r.historyPages),
      historyPagesPerS: Number((Number(r.historyPages) / historyS).toFixed(2)),
      jobsPerS: Math.round(Number(r.jobsRead) / historyS),
      jobsRead: Number(r.jobsRead),
      profilesFetched: Number(r.profilesFetched),
      collectionErrors: Number(r.errors),
      status: String(r.status),
    },
    note: `a history page is one query of 5000 jobs (read in results pages of ≤ 500); client limit raised to ${BENCH_REQUESTS_PER_S} requests/s`,
  });
}

function analyzeRow(options: { scale: Scale; backend: Backend; run: MeasuredProcess }): BenchRow {
  const r = options.run.result;
  return makeRow({
    name: 'analyze-1m-s',
    input: `${options.scale.label} collected, ${Number(r.jobCount)} jobs in the window, ${options.backend} store`,
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

async function withSimulator<T>(scale: Scale, fn: (base: ChildBase) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ jobs: scale.jobs });
  try {
    return await fn({
      url: sim.url,
      userName: sim.credentials.userName,
      password: sim.credentials.password,
      profiles: scale.profiles,
      maxRequestsPerSecond: BENCH_REQUESTS_PER_S,
    });
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
  return withSimulator(scale, async (base) => {
    const rows: BenchRow[] = [];
    try {
      await withThrowawayDatabase({
        serverUrl: ctx.postgresUrl,
        name: `dremio_optimizer_bench_collect_${process.pid}`,
        workDir: ctx.workDir,
        fn: async (_store, url) => {
          rows.push(await collectRow({ ctx, scale, backend: 'postgres', base, databaseUrl: url }));
          ctx.log('analyze (postgres): baselines and every detector over the collected store…');
          const run = await measureProcess({
            script: ANALYZE_CHILD,
            args: { dataDir: join(ctx.workDir, 'analyze'), databaseUrl: url },
            timeoutMs: CHILD_TIMEOUT_MS,
          });
          rows.push(analyzeRow({ scale, backend: 'postgres', run }));
        },
      });
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const why = `PostgreSQL is not reachable at ${ctx.postgresUrl}: start one or pass --postgres-url`;
      for (const [name, unit] of [
        ['collect-1m-rss-mb', 'MB peak RSS'],
        ['analyze-1m-s', 's'],
      ] as const) {
        rows.push(
          failedRow({ name, input: `${scale.label}, postgres store`, unit, error: why, skipped: true }),
        );
      }
    }
    return rows;
  });
}

/**
 * The PostgreSQL collection again with V8's old space capped at 96 MB: V8 grows its heap lazily, so
 * this shows how much of the default peak is live data.
 */
export async function benchScalePostgresCapped(ctx: BenchContext): Promise<BenchRow[]> {
  const scale = scaleOf(ctx);
  return withSimulator(scale, (base) =>
    withThrowawayDatabase({
      serverUrl: ctx.postgresUrl,
      name: `dremio_optimizer_bench_collect_cap_${process.pid}`,
      workDir: ctx.workDir,
      fn: async (_store, url) => [
        await collectRow({ ctx, scale, backend: 'postgres', base, databaseUrl: url, heapCapMb: HEAP_CAP_MB }),
      ],
    }),
  );
}

/** The same collection into the embedded PGlite store, whose engine alone weighs 350–400 MB. */
export async function benchScalePglite(ctx: BenchContext): Promise<BenchRow[]> {
  const scale = scaleOf(ctx);
  return withSimulator(scale, async (base) => [
    await collectRow({ ctx, scale, backend: 'pglite', base, databaseUrl: undefined }),
  ]);
}
