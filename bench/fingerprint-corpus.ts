import { createWorld, SIMULATOR_DEFAULTS } from '../src/simulator/index.js';
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
 * meaning for both tools.
 */
export function oneLine(sql: string): string {
  return sql.replace(/\s*\r?\n\s*/g, ' ').trim();
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
