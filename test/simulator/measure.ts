/**
 * Prints timings for the simulator at scale (run: `npx tsx test/simulator/measure.ts [jobs]`).
 * Targets: a 500-row page of sys.jobs_recent in < 50 ms and a profile in < 20 ms on a 1M-job world.
 * Numbers are printed, not asserted, so a busy machine cannot make a test flaky.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseLosslessJson } from '../../src/json/lossless-json.js';
import { startSimulator } from '../../src/simulator/index.js';
import { login, resultsPage, runJob } from './support/sim-client.js';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const jobs = Number(process.argv[2] ?? 1_000_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

const created = await timed(() => startSimulator({ jobs, pollsBeforeFinal: 0 }));
const sim = created.value;
const auth = await login(sim);
print(
  `world of ${jobs} jobs started in ${created.ms.toFixed(0)} ms, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);

const cycleMs: number[] = [];
const pageMs: number[] = [];
const parseMs: number[] = [];
let watermark = 0;
for (let page = 0; page < 20; page++) {
  const sql = `SELECT * FROM sys.jobs_recent WHERE submitted_epoch_millis > ${watermark} ORDER BY submitted_epoch_millis LIMIT 500`;
  const cycle = await timed(async () => {
    const { id } = await runJob(sim, { auth, sql });
    // Time the server's answer (request to last byte); parsing is the client's cost, timed apart.
    const first = await timed(() =>
      fetch(`${sim.url}/api/v3/job/${id}/results?offset=0&limit=500`, {
        headers: { authorization: auth },
      }).then((r) => r.text()),
    );
    pageMs.push(first.ms);
    const parsed = await timed(async () => parseLosslessJson(first.value));
    parseMs.push(parsed.ms);
    return parsed.value as { rows: { submitted_epoch_millis: number }[] };
  });
  cycleMs.push(cycle.ms);
  watermark = cycle.value.rows[cycle.value.rows.length - 1]?.submitted_epoch_millis ?? watermark;
}
print(
  `500-row page (GET results, to last byte): median ${median(pageMs).toFixed(1)} ms, max ${Math.max(...pageMs).toFixed(1)} ms`,
);
print(`client-side lossless parse of that page: median ${median(parseMs).toFixed(1)} ms`);
print(
  `load average while measuring: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
print(`submit + poll + 500-row page: median ${median(cycleMs).toFixed(1)} ms`);

// No LIMIT: the count pass reads every matching row once; keep it to the newest 1% of history.
const tailFrom = sim.world.job(Math.floor(sim.world.jobCount * 0.99)).submittedEpochMs;
const tail = await timed(async () => {
  const { id } = await runJob(sim, {
    auth,
    sql: `SELECT * FROM sys.jobs_recent WHERE submitted_epoch_millis >= ${tailFrom}`,
  });
  return resultsPage(sim, { auth, id, offset: 0, limit: 500 });
});
const tailRows = (tail.value.json as { rowCount: number }).rowCount;
print(
  `SELECT * over the newest 1% (${tailRows} rows, counted at submit) + first page: ${tail.ms.toFixed(0)} ms`,
);

const profileMs: number[] = [];
for (let i = 0, found = 0; found < 50 && i < sim.world.jobCount; i += 9_973) {
  const job = sim.world.job(i);
  if (!job.hasProfile) continue;
  found += 1;
  const answer = await timed(() =>
    fetch(`${sim.url}/apiv2/profiles/${job.jobId}.json?attempt=0`, { headers: { authorization: auth } }).then(
      (r) => r.text(),
    ),
  );
  profileMs.push(answer.ms);
}
print(
  `profile JSON: median ${median(profileMs).toFixed(1)} ms, max ${Math.max(...profileMs).toFixed(1)} ms over ${profileMs.length}`,
);
print(`rss at end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
await sim.stop();
