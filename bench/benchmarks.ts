import { benchApi } from './api-bench.js';
import type { BenchContext } from './bench-context.js';
import type { BenchName, BenchRow } from './bench-row.js';
import { benchDashboard } from './dashboard-bench.js';
import { benchFingerprint } from './fingerprint-bench.js';
import { benchIngest } from './ingest-bench.js';
import { benchProfileAnalysis } from './profile-bench.js';
import { benchScalePglite, benchScalePostgres } from './scale-bench.js';
import { benchTracing } from './tracing-bench.js';

export interface Benchmark {
  readonly id: string;
  /** The rows it produces, with their units, so a failure still prints a row for each. */
  readonly rows: readonly { readonly name: BenchName; readonly unit: string }[];
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Every benchmark, in the order `npm run bench` runs them (issue 8, items 1–5). */
export const BENCHMARKS: readonly Benchmark[] = [
  {
    id: 'fingerprint',
    rows: [
      { name: 'fingerprint', unit: 'queries/s' },
      { name: 'fingerprint-agreement', unit: '% of grouped pairs' },
    ],
    run: benchFingerprint,
  },
  {
    id: 'profile',
    rows: [{ name: 'profile-analysis', unit: 'MB/s' }],
    run: benchProfileAnalysis,
  },
  {
    id: 'ingest',
    rows: [
      { name: 'ingest-pglite', unit: 'rows/s' },
      { name: 'ingest-postgres', unit: 'rows/s' },
    ],
    run: benchIngest,
  },
  {
    id: 'scale-postgres',
    rows: [
      { name: 'simulate-page-ms', unit: 'ms p95' },
      { name: 'simulate-profile-ms', unit: 'ms p95' },
      { name: 'collect-1m-rss-mb', unit: 'MB peak RSS' },
      { name: 'simulate-1m-rss-mb', unit: 'MB peak RSS' },
      { name: 'analyze-1m-s', unit: 's' },
      { name: 'analyze-1m-rss-mb', unit: 'MB peak RSS' },
    ],
    run: benchScalePostgres,
  },
  {
    id: 'scale-pglite',
    rows: [
      { name: 'collect-1m-rss-mb', unit: 'MB peak RSS' },
      { name: 'simulate-1m-rss-mb', unit: 'MB peak RSS' },
    ],
    run: benchScalePglite,
  },
  {
    id: 'api',
    rows: [{ name: 'api-list-p95-ms', unit: 'ms p95' }],
    run: benchApi,
  },
  {
    id: 'dashboard',
    rows: [{ name: 'dashboard-overview-load-ms', unit: 'ms until all requests done' }],
    run: benchDashboard,
  },
  {
    id: 'tracing',
    rows: [{ name: 'analysis-tracing-ratio', unit: 'analysis time, tracing on / off' }],
    run: benchTracing,
  },
];
