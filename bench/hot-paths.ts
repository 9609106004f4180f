/**
 * `npx tsx bench/hot-paths.ts`: where the time goes in the paths whose goals are not met, as the
 * functions with the most self time under V8's sampling profiler. docs/performance.md quotes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFindingsStep } from '../src/analysis/profile-findings.js';
import { parseLosslessJson } from '../src/json/lossless-json.js';
import { summarizeProfile } from '../src/profile/summarize.js';
import { fingerprint } from '../src/sql/fingerprint.js';
import { ensureCluster, openStore, upsertJobs } from '../src/store/index.js';
import { hottestFunctions } from './cpu-profile.js';
import { buildFingerprintCorpus } from './fingerprint-corpus.js';
import { historyJobs } from './history-jobs.js';
import { simulatedProfile } from './profile-inputs.js';
import { scaleProfile } from './scale-profile.js';

const TOP = 15;

function print(title: string, rows: Awaited<ReturnType<typeof hottestFunctions>>): void {
  console.log(`\n### ${title}\n\n| self % | function | where |\n|---|---|---|`);
  for (const r of rows) console.log(`| ${r.selfPercent.toFixed(1)} | \`${r.name}\` | ${r.where} |`);
}

function byFile(rows: Awaited<ReturnType<typeof hottestFunctions>>, wasm: string): typeof rows {
  const totals = new Map<string, number>();
  for (const r of rows) {
    const file = r.where.startsWith('wasm://') ? wasm : r.where.replace(/\/dist\/.*$/, '');
    totals.set(file, (totals.get(file) ?? 0) + r.selfPercent);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([where, selfPercent]) => ({ name: '(all functions)', where, selfPercent }));
}

const queries = buildFingerprintCorpus(20_000).queries;
print(
  `fingerprint (${queries.length} queries × 3)`,
  await hottestFunctions(() => {
    for (let pass = 0; pass < 3; pass++) for (const q of queries) fingerprint(q);
  }, TOP),
);

const findings = await profileFindingsStep({ overrides: {} });
const simulated = simulatedProfile();
for (const [label, text, repeat] of [
  ['profile analysis, simulated ~100 KB profile × 100', simulated, 100],
  ['profile analysis, simulated profile scaled to 10 MB × 2', scaleProfile(simulated, 10_000_000), 2],
] as const) {
  const samples = await hottestFunctions(() => {
    for (let r = 0; r < repeat; r++) findings(summarizeProfile(parseLosslessJson(text)));
  }, 10_000);
  print(label, samples.slice(0, TOP));
  print(`${label}, by file`, byFile(samples, 'sqlparser-ts (WASM)').slice(0, TOP));
}

const INGEST_JOBS = 5000;
const jobs = historyJobs(INGEST_JOBS);
const dir = mkdtempSync(join(tmpdir(), 'dremio-optimizer-hot-'));
const store = await openStore({ dataDir: dir, command: 'bench-hot-paths' });
try {
  const cluster = await ensureCluster(store.db, { name: 'bench', kind: 'software' });
  const samples = await hottestFunctions(async () => {
    await store.db.transaction().execute((trx) => upsertJobs(trx, cluster.id, jobs));
  }, 10_000);
  print(
    `ingest into PGlite, ${INGEST_JOBS} jobs in one transaction, by file`,
    byFile(samples, 'PGlite engine (WASM)').slice(0, TOP),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
