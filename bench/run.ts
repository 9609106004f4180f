/**
 * `npm run bench [-- --quick] [-- --only fingerprint,ingest]`: runs the benchmarks of issue 8, prints
 * one row per figure with its reference and ratio, and writes every row to bench/results/latest.json
 * (or latest-quick.json with --quick). Exits non-zero only when a benchmark cannot run, never because
 * a figure misses its goal.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, failedRow } from './bench-row.js';
import { BENCHMARKS } from './benchmarks.js';
import { formatRow, TABLE_HEADER } from './format-row.js';
import { describeMachine } from './machine.js';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
      'scale-jobs': { type: 'string' },
      'scale-profiles': { type: 'string' },
    },
  });
  const jobs = Number(values['scale-jobs'] ?? Number.NaN);
  const profiles = Number(values['scale-profiles'] ?? Number.NaN);
  const scaleOverride =
    Number.isInteger(jobs) && jobs > 0
      ? { jobs, profiles: Number.isInteger(profiles) ? profiles : Math.round(jobs / 50) }
      : undefined;
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((id) => !BENCHMARKS.some((b) => b.id === id)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.map((b) => b.id).join(', ')}`,
    );
  }
  return { quick: values.quick, only, postgresUrl: values['postgres-url'], scaleOverride };
}

function keptRows(file: string, rerun: ReadonlySet<string>): BenchRow[] {
  if (!existsSync(file)) return [];
  try {
    const previous = JSON.parse(readFileSync(file, 'utf8')) as { rows?: BenchRow[] };
    return (previous.rows ?? []).filter((row) => row.benchmark === undefined || !rerun.has(row.benchmark));
  } catch {
    return [];
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  const started = Date.now();
  const machine = describeMachine(new Date(started));
  const workDir = mkdtempSync(join(tmpdir(), 'dremio-optimizer-bench-'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const ctx: BenchContext = {
    quick: options.quick,
    workDir,
    resultsDir: RESULTS_DIR,
    postgresUrl: options.postgresUrl,
    ...(options.scaleOverride === undefined ? {} : { scaleOverride: options.scaleOverride }),
    log: (line) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`),
  };
  const rows: BenchRow[] = [];
  const outFile = join(RESULTS_DIR, options.quick ? 'latest-quick.json' : 'latest.json');
  const selected = BENCHMARKS.filter((b) => options.only?.includes(b.id) ?? true);
  // With --only, the other benchmarks' rows of the previous run are kept (each row says when it ran).
  // Read at each save, so two --only runs at once (say, both scale benchmarks) keep each other's rows.
  const kept = () =>
    options.only === undefined ? [] : keptRows(outFile, new Set(selected.map((b) => b.id)));
  const save = () =>
    writeFileSync(
      outFile,
      `${JSON.stringify({ machine, quick: options.quick, durationS: Math.round((Date.now() - started) / 1000), rows: [...kept(), ...rows] }, null, 2)}\n`,
    );
  console.log(TABLE_HEADER);
  try {
    for (const bench of selected) {
      ctx.log(`${bench.id}: start`);
      let produced: BenchRow[];
      try {
        produced = await bench.run(ctx);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        ctx.log(`${bench.id}: COULD NOT RUN: ${message}`);
        const reason = error instanceof Error ? error.message : String(error);
        produced = bench.rows.map((r) =>
          failedRow({ name: r.name, input: '—', unit: r.unit, error: reason }),
        );
      }
      for (const row of produced) console.log(formatRow(row));
      const measuredAt = new Date().toISOString();
      const loadAverage1m = loadavg()[0] ?? 0;
      rows.push(...produced.map((row) => ({ ...row, benchmark: bench.id, measuredAt, loadAverage1m })));
      save();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  ctx.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; rows in ${outFile}`);
  const broken = rows.filter((r) => r.error !== undefined && r.skipped !== true);
  if (broken.length > 0) {
    console.error(`${broken.length} benchmark row(s) could not run: ${broken.map((r) => r.name).join(', ')}`);
    return 1;
  }
  return 0;
}

// pg's pool emits 'error' when the server ends an idle connection (seen here when another session
// terminated backends), and the store does not listen for it, so Node would exit mid-run. The work in
// flight is unaffected; say so and go on. Anything else still ends the run.
process.on('uncaughtException', (error) => {
  if (/terminating connection/.test(error.message)) {
    process.stderr.write(`[bench] warning: PostgreSQL closed an idle connection: ${error.message}\n`);
    return;
  }
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});

process.exitCode = await main();
