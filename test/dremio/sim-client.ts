/** Starts the simulator and builds client options for it; shared by the Dremio client tests. */
import type { DremioConnectionOptions, DremioLogger } from '../../src/dremio/index.js';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator/index.js';
import { startSimulator } from '../../src/simulator/index.js';

export type { RunningSimulator };

export function startSim(options: Partial<SimulatorOptions>): Promise<RunningSimulator> {
  return startSimulator({ jobs: 400, ...options });
}

export interface LogEntry {
  readonly level: 'debug' | 'warn';
  readonly msg: string;
  readonly obj: Readonly<Record<string, unknown>>;
}

export function recordingLogger(): { logger: DremioLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    logger: {
      debug: (obj, msg) => entries.push({ level: 'debug', msg, obj: obj as Record<string, unknown> }),
      warn: (obj, msg) => entries.push({ level: 'warn', msg, obj: obj as Record<string, unknown> }),
    },
  };
}

/** Password login on Software, the PAT on Cloud (which has no password login). */
export function optionsFor(
  sim: RunningSimulator,
  overrides: Partial<DremioConnectionOptions> = {},
): DremioConnectionOptions {
  const cloud = sim.truth.flavor === 'cloud';
  return {
    url: sim.url,
    auth: cloud
      ? { kind: 'pat', token: sim.credentials.token }
      : { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
    ...(cloud ? { projectId: sim.credentials.projectId } : {}),
    tls: { insecure: false },
    requestTimeoutMs: 5_000,
    maxConcurrency: 4,
    maxRequestsPerSecond: 1_000,
    retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 },
    ...overrides,
  };
}
