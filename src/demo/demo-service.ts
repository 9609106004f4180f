import type { AnalysisReport } from '../analysis/analysis-report.js';
import { analyzeWorkload } from '../analysis/analysis-service.js';
import { createDremioClient, DEFAULT_CONNECTION_TUNING } from '../dremio/index.js';
import type { Logger } from '../log/index.js';
import { recommendAndSave } from '../recommend/recommend-service.js';
import { FLAVOR_SPECS, type Flavor, startSimulator } from '../simulator/index.js';
import { type CollectSummary, collect } from '../sources/collect-service.js';
import { COLLECT_STAGES } from '../sources/live/live-context.js';
import type { Store } from '../store/index.js';

export interface DemoOptions {
  readonly flavor: Flavor;
  readonly seed: number;
  readonly jobs: number;
  readonly days: number;
  readonly profileBudget: number;
}

export interface DemoResult {
  readonly simulatorUrl: string;
  readonly collection: CollectSummary;
  readonly report: AnalysisReport;
}

export const DEMO_CLUSTER = 'demo-simulator';

export const DEMO_DEFAULTS: DemoOptions = {
  flavor: 'software-25.1',
  seed: 1,
  jobs: 3000,
  days: 14,
  profileBudget: 400,
};

/**
 * The whole product on the built-in simulator: start a simulated Dremio on loopback, collect from it
 * over HTTP exactly as from a real cluster, analyse, and stop the simulator. Nothing leaves the machine.
 */
export async function runDemo(
  deps: { readonly store: Store; readonly logger: Logger; readonly onProgress?: (text: string) => void },
  options: DemoOptions,
): Promise<DemoResult> {
  const sim = await startSimulator({
    flavor: options.flavor,
    seed: options.seed,
    jobs: options.jobs,
    days: options.days,
  });
  const client = createDremioClient({
    url: sim.url,
    auth: !FLAVOR_SPECS[options.flavor].enterprise
      ? { kind: 'password', userName: sim.credentials.userName, password: sim.credentials.password }
      : { kind: 'pat', token: sim.credentials.token },
    ...(options.flavor === 'cloud' ? { projectId: sim.credentials.projectId } : {}),
    tls: { insecure: false },
    ...DEFAULT_CONNECTION_TUNING,
    logger: deps.logger,
  });
  try {
    deps.onProgress?.(`simulated Dremio (${options.flavor}, ${options.jobs} jobs) at ${sim.url}; collecting`);
    const collection = await collect(
      {
        store: deps.store,
        client,
        logger: deps.logger,
        onProgress: (stage, text) => deps.onProgress?.(`collect ${stage}: ${text}`),
      },
      {
        clusterName: DEMO_CLUSTER,
        since: undefined,
        until: undefined,
        profileBudget: options.profileBudget,
        stages: new Set(COLLECT_STAGES),
        redactSql: false,
        storeRawProfiles: true,
        historyPageRows: 5000,
        overlapMs: 15 * 60_000,
        maxDatasets: 100,
        maxConcurrency: 4,
      },
    );
    deps.onProgress?.('analysing');
    const report = await analyzeWorkload(deps.store, {
      clusterName: DEMO_CLUSTER,
      recommender: (input) => recommendAndSave(deps.store, input),
    });
    return { simulatorUrl: sim.url, collection, report };
  } finally {
    client.close();
    await sim.stop();
  }
}
