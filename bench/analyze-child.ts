// Workload analysis in its own process, so its peak RSS can be read from outside. Argument: JSON
// { dataDir, databaseUrl? }. Prints one JSON line: the time to read the window's jobs and profiles
// from the store (the I/O floor, the reference) and the time of the whole analysis (baselines, every
// detector, findings saved), measured in that order in this one process.
import { performance } from 'node:perf_hooks';
import { analysisWindow, analyzeWorkload } from '../src/analysis/analysis-service.js';
import { startHeapGovernor } from '../src/runtime/heap-governor.js';
import { jobTimeRange, loadWindowJobs } from '../src/store/analysis-snapshot-repository.js';
import { findCluster, openStore } from '../src/store/index.js';

// As bin/dremio-optimizer.js does for every command.
startHeapGovernor();
const args = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; databaseUrl?: string };
const store = await openStore({
  dataDir: args.dataDir,
  ...(args.databaseUrl === undefined ? {} : { databaseUrl: args.databaseUrl }),
  command: 'bench-analyze',
});
try {
  const cluster = await findCluster(store.db, 'sim');
  if (cluster === undefined) throw new Error('the store holds no cluster "sim": collect first');
  let started = performance.now();
  const range = await jobTimeRange(store.db, cluster.id);
  if (range === undefined) throw new Error('the store holds no jobs');
  const window = analysisWindow({
    newestJobAt: range.newest,
    oldestJobAt: range.oldest,
    since: undefined,
    windowDays: 30,
  });
  // Only the count is kept, so the analysis below does not run with this copy still in memory.
  const jobsRead = (
    await loadWindowJobs(store.db, { clusterId: cluster.id, from: window.from, to: window.to })
  ).jobs.length;
  const readMs = performance.now() - started;
  // Peak so far, before the analysis: the memory of holding the window once (maxRSS in KiB; MiB as /usr/bin/time gives the whole run).
  const readPeakRssMb = process.resourceUsage().maxRSS / 1024;
  started = performance.now();
  const report = await analyzeWorkload(store, { clusterName: 'sim' });
  const analyzeMs = performance.now() - started;
  const line = {
    readMs: Math.round(readMs),
    readPeakRssMb: Math.round(readPeakRssMb),
    analyzeMs: Math.round(analyzeMs),
    jobsRead,
    jobCount: report.jobCount,
    findings: report.findings.length,
    notEvaluated: report.notEvaluated.length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await store.close();
}
