/**
 * Measures how much of a Dremio corpus sqlparser-ts parses (raw, and after our time-travel stripping) and
 * the per-query cost of each SQL step. Run: `npx tsx bench/sql-parsers.ts`. node-sql-parser is not a
 * dependency; its numbers come from the stack probe (docs/fingerprint.md says so).
 */
import { performance } from 'node:perf_hooks';
import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { DREMIO_SQL_CORPUS } from '../src/sql/dremio-corpus.js';
import { extractSqlFacts } from '../src/sql/facts.js';
import { fingerprint } from '../src/sql/fingerprint.js';
import { tokenize } from '../src/sql/lexer.js';
import { normalize } from '../src/sql/normalize.js';
import { redact } from '../src/sql/redact.js';
import { initSqlParser, parseSql } from '../src/sql/sql-parser.js';
import { realQueries } from './real-queries.js';

const QUERY_COUNT = 10_000;

/** Corpus variants with different literals, so caches cannot help: like the stack probe's 10k workload. */
function workload(corpus: readonly string[]): string[] {
  return Array.from({ length: QUERY_COUNT }, (_, i) =>
    corpus[i % corpus.length]!.replace(/\b\d+\b/g, String(i)),
  );
}

interface Timing {
  readonly label: string;
  readonly queries: readonly string[];
  readonly step: (sql: string) => unknown;
}

function timeMicros({ label, queries, step }: Timing): void {
  for (const q of queries) step(q);
  // CPU time, not wall time, and the fastest of three passes: the machine is shared with other work.
  let bestCpuUs = Number.POSITIVE_INFINITY;
  let bestWallMs = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass += 1) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (const q of queries) step(q);
    bestWallMs = Math.min(bestWallMs, performance.now() - start);
    const used = process.cpuUsage(cpu);
    bestCpuUs = Math.min(bestCpuUs, used.user + used.system);
  }
  const cpuPerQuery = (bestCpuUs / queries.length).toFixed(1);
  const wallPerQuery = ((bestWallMs * 1000) / queries.length).toFixed(1);
  console.log(`| ${label} | ${cpuPerQuery} µs | ${wallPerQuery} µs |`);
}

function rawParses(sql: string): boolean {
  try {
    parse(sql, 'generic');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const loadStart = performance.now();
  await initSqlParser();
  console.log(`initSqlParser (WASM load): ${(performance.now() - loadStart).toFixed(0)} ms`);
  await init();
  const real = [...new Set(realQueries())];
  const corpus = [...DREMIO_SQL_CORPUS.map((c) => c.sql), ...real];
  const raw = corpus.filter(rawParses).length;
  const stripped = corpus.filter((q) => parseSql(q).ok).length;
  console.log(`corpus: ${corpus.length} distinct statements (${real.length} from the real fixtures)`);
  console.log(
    `sqlparser-ts generic, raw: ${raw}/${corpus.length}; after AT-clause stripping: ${stripped}/${corpus.length}`,
  );
  console.log('failing after stripping:');
  for (const c of DREMIO_SQL_CORPUS) if (!parseSql(c.sql).ok) console.log(`  - ${c.name}`);
  const queries = workload(corpus);
  console.log(`\n| step (${QUERY_COUNT} queries) | CPU per query | wall per query |\n|---|---|---|`);
  timeMicros({ label: 'tokenize', queries, step: tokenize });
  timeMicros({ label: 'normalize', queries, step: normalize });
  timeMicros({ label: 'fingerprint', queries, step: fingerprint });
  timeMicros({ label: 'redact', queries, step: redact });
  timeMicros({ label: 'sqlparser-ts parse (after stripping)', queries, step: parseSql });
  timeMicros({ label: 'extractSqlFacts', queries, step: extractSqlFacts });
}

await main();
