import type { AppDeps } from '../../src/app/service.js';
import { configSchema, type ResolvedConfig } from '../../src/config/index.js';
import type { JobRecord } from '../../src/domain/job.js';
import { createLogger } from '../../src/log/index.js';
import type { Store } from '../../src/store/index.js';
import { buildJob } from '../support/job-builder.js';

export const T0 = new Date('2026-10-01T00:00:00.000Z');
export const AT = '2026-11-24T06:00:00.000Z';
const HOUR = 3_600_000;

/** A run of `fingerprint` at `hours` after T0 that waited `queuedMs` in the queue. */
function run(jobId: string, hours: number, fingerprint: string, queuedMs: number): JobRecord {
  const base = buildJob({ jobId });
  return buildJob({
    jobId,
    fingerprint,
    sqlText: `SELECT region FROM lake.sales /* ${fingerprint} */`,
    timestamps: { ...base.timestamps, submittedAt: new Date(T0.getTime() + hours * HOUR) },
    durationMs: queuedMs + 5_000,
    phases: { ...base.phases, queuedMs },
  });
}

/** Two days of three shapes: one waits over five minutes in the queue on every run (high), one two minutes (medium), one never waits. */
export function queuedWorkload(): JobRecord[] {
  return [
    ...Array.from({ length: 40 }, (_, i) => run(`q${i}`, i * 1.2, 'queued', 400_000)),
    ...Array.from({ length: 40 }, (_, i) => run(`r${i}`, i * 1.2 + 0.5, 'queued-too', 120_000)),
    ...Array.from({ length: 40 }, (_, i) => run(`h${i}`, i * 1.2, 'healthy', 5)),
  ];
}

export function alertsConfig(alerts: Record<string, unknown>): ResolvedConfig {
  return configSchema.parse({
    dremio: {},
    database: {},
    log: {},
    profiles: {},
    api: {},
    llm: {},
    alerts,
  });
}

export function depsOf(store: Store, config: ResolvedConfig): AppDeps {
  return { store, config, logger: createLogger({ level: 'silent' }) };
}
