import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWorkload } from '../../src/analysis/analysis-service.js';
import type { AppDeps } from '../../src/app/service.js';
import { loadConfig, type ResolvedConfig } from '../../src/config/index.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING } from '../../src/dremio/index.js';
import { createLogger } from '../../src/log/index.js';
import { recommendAndSave } from '../../src/recommend/recommend-service.js';
import { startSimulator } from '../../src/simulator/index.js';
import { collect } from '../../src/sources/collect-service.js';
import { collectSettings } from '../support/collect-settings.js';
import type { TestBackend, TestStore } from '../support/store-backends.js';

export const silent = createLogger({ level: 'silent', format: 'json' });
/** The analysis time stamped on findings and recommendations: after the simulated history. */
export const ANALYZED_AT = new Date('2026-11-02T00:00:00.000Z');

export interface ReadFixture {
  readonly t: TestStore;
  readonly deps: AppDeps;
  dispose(): Promise<void>;
}

/**
 * A store as a user has it after `collect` (over HTTP from the simulator) and `analyze`: jobs, profiles,
 * reflections, datasets, baselines, findings and recommendations of cluster `sim`.
 */
export async function collectedAndAnalyzed(backend: TestBackend): Promise<ReadFixture> {
  const sim = await startSimulator({ flavor: 'software-25.1', jobs: 600, days: 5, seed: 1 });
  const client = createDremioClient({
    url: sim.url,
    auth: { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password },
    tls: { insecure: false },
    ...DEFAULT_CONNECTION_TUNING,
  });
  const t = await backend.fresh();
  try {
    await collect({ store: t.store, client, logger: silent }, collectSettings({ profileBudget: 200 }));
    await analyzeWorkload(t.store, {
      clusterName: 'sim',
      now: ANALYZED_AT,
      recommender: (input) => recommendAndSave(t.store, input),
    });
  } finally {
    await client.close();
    await sim.stop();
  }
  const deps: AppDeps = { store: t.store, config: defaultConfig(), logger: silent };
  return { t, deps, dispose: () => t.dispose() };
}

/** The configuration with nothing set: defaults only. */
export function defaultConfig(): ResolvedConfig {
  return loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'do-read-config-')) }).config;
}
