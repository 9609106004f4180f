import { createWorld, SIMULATOR_DEFAULTS } from '../src/simulator/index.js';
import { DREMIO_SQL_CORPUS } from '../src/sql/dremio-corpus.js';
import { realQueries } from './real-queries.js';

export interface FingerprintCorpus {
  /** One-line query texts, the same ones both tools fingerprint. */
  readonly queries: readonly string[];
  readonly simulated: number;
  readonly real: number;
}

/**
 * pt-fingerprint reads statements ended by `;` + newline, so every query goes on one line. Neither
 * corpus has `--` comments (a newline ends those), so turning line breaks into spaces keeps each query's
 * meaning for both tools. A leading block comment goes too: reading a file, pt-fingerprint drops a
 * statement that starts with one (our fingerprint ignores comments, so our grouping is unchanged).
 */
export function oneLine(sql: string): string {
  return sql
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim()
    .replace(/^(\/\*.*?\*\/\s*)+/, '');
}

/** The simulator's workload SQL (seed 1, default flavor) for `simulated` jobs, then every real query. */
export function buildFingerprintCorpus(simulated: number): FingerprintCorpus {
  const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: simulated });
  const queries: string[] = [];
  for (let i = 0; i < world.jobCount; i++) queries.push(oneLine(world.job(i).sql));
  const real = realQueries().map(oneLine);
  queries.push(...real);
  return { queries, simulated: world.jobCount, real: real.length };
}

const VARIANTS = 3;

/**
 * The hand-written Dremio statements of `src/sql/dremio-corpus.ts` (4-part and quoted paths, time
 * travel, DDL) plus the real queries, each in three variants whose numbers differ, one line each. The
 * simulator's templates vary only literals, so both tools group them alike; these shapes are where
 * the tools' rules differ.
 */
export function buildShapesCorpus(): string[] {
  const statements = [...DREMIO_SQL_CORPUS.map((c) => c.sql), ...new Set(realQueries())].map(oneLine);
  return statements.flatMap((sql) =>
    Array.from({ length: VARIANTS }, (_, v) => sql.replace(/\b\d+\b/g, (n) => String(Number(n) + v))),
  );
}
