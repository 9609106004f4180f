import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import { analyzeWorkload } from '../src/analysis/analysis-service.js';
import { createAppDeps } from '../src/app/app-deps.js';
import { collectData } from '../src/app/collect.js';
import { configSchema } from '../src/config/index.js';
import { createLogger } from '../src/log/index.js';
import { startTracing } from '../src/observe/tracing.js';
import { startSimulator } from '../src/simulator/index.js';
import { openStore } from '../src/store/index.js';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, failedRow, makeRow } from './bench-row.js';

const NAME = 'analysis-tracing-ratio';
const UNIT = 'analysis time, tracing on / off';

/** Spans are made, batched and handed to an exporter as with OTLP; only the network send is left out. */
const DROPPING_EXPORTER: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

/**
 * The cost of tracing on one analysis (issue 19): the same analysis of a simulated workload in PGlite,
 * alternately with tracing off (the API's no-op tracer) and on (the SDK, a batch processor and an
 * exporter that drops what it gets), fastest pass of each. A ratio near 1 says tracing costs nothing
 * worth turning it off for; off is the default, so the off side is the product as shipped.
 */
export async function benchTracing(ctx: BenchContext): Promise<BenchRow[]> {
  const jobs = ctx.quick ? 400 : 2000;
  const passes = ctx.quick ? 3 : 5;
  const input = `${jobs} simulated jobs, PGlite, best of ${passes} alternating passes`;
  try {
    const sim = await startSimulator({ flavor: 'software-25.1', jobs, days: 7, seed: 19 });
    const store = await openStore({ dataDir: join(ctx.workDir, 'tracing'), command: 'bench' });
    try {
      const logger = createLogger({ level: 'silent', format: 'json' });
      const config = configSchema.parse({
        dremio: { url: sim.url, username: sim.credentials.userName, password: sim.credentials.password },
        database: {},
        log: { level: 'silent' },
        profiles: {},
        api: {},
        llm: {},
      });
      const deps = createAppDeps({ config, logger, store });
      ctx.log(`tracing: collecting ${jobs} simulated jobs`);
      await collectData(deps, { cluster: 'sim', profiles: String(Math.round(jobs / 10)) });
      deps.close();
      // Fixed report time: every pass does the same work on the same data.
      const at = new Date('2030-01-01T00:00:00Z');
      const analyze = async () => {
        const started = performance.now();
        await analyzeWorkload(store, { clusterName: 'sim', now: at });
        return performance.now() - started;
      };
      await analyze();
      let offMs = Number.POSITIVE_INFINITY;
      let onMs = Number.POSITIVE_INFINITY;
      for (let pass = 0; pass < passes; pass++) {
        offMs = Math.min(offMs, await analyze());
        const tracing = await startTracing({ exporter: DROPPING_EXPORTER, env: {} });
        try {
          onMs = Math.min(onMs, await analyze());
        } finally {
          await tracing.shutdown();
        }
        ctx.log(`tracing: pass ${pass + 1}/${passes}: off ${offMs.toFixed(0)} ms, on ${onMs.toFixed(0)} ms`);
      }
      return [
        makeRow({
          name: NAME,
          input,
          ours: onMs / offMs,
          reference: 1,
          referenceName: 'tracing off',
          unit: UNIT,
          goal: { value: 1.1, on: 'ours', direction: 'lower' },
          details: { offMs: Math.round(offMs), onMs: Math.round(onMs) },
          note: 'on: every span of the analysis (detectors, db.query) made and batched; the export itself dropped',
        }),
      ];
    } finally {
      await store.close();
      await sim.stop();
    }
  } catch (error) {
    return [failedRow({ name: NAME, input, unit: UNIT, error: (error as Error).message })];
  }
}
