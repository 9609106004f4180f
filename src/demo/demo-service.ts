import type { AnalysisReport } from '../analysis/analysis-report.js';
import { withAppDeps } from '../app/app-deps.js';
import { collectSettingsFromConfig } from '../app/options-from-config.js';
import { pipelineCycle } from '../app/pipeline.js';
import type { AppDeps } from '../app/service.js';
import { configSchema, type ResolvedConfig } from '../config/index.js';
import type { StoredMeasurement } from '../domain/measurement.js';
import type { Logger } from '../log/index.js';
import { FLAVOR_SPECS, type Flavor, type RunningSimulator, startSimulator } from '../simulator/index.js';
import type { CollectSummary } from '../sources/collect-service.js';
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
  readonly measurements: readonly StoredMeasurement[];
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
 * The whole product on the built-in simulator: start a simulated Dremio on loopback and run one cycle
 * of the pipeline on it (collect over HTTP exactly as from a real cluster, analyse, recommend,
 * measure), then stop the simulator. Nothing leaves the machine.
 */
export async function runDemo(
  deps: {
    readonly store: Store;
    readonly logger: Logger;
    /** Settings other than the Dremio (SQL redaction, detector overrides); default the built-in ones. */
    readonly config?: ResolvedConfig;
    readonly signal?: AbortSignal;
    /** As {@link AppDeps.onProgress}: the collection's stages, then `analyze` and `measure`. */
    readonly onProgress?: AppDeps['onProgress'];
  },
  options: DemoOptions,
): Promise<DemoResult> {
  deps.onProgress?.('simulator', `generating ${options.jobs} jobs of a simulated ${options.flavor}`, {
    done: 0,
  });
  const sim = await startSimulator({
    flavor: options.flavor,
    seed: options.seed,
    jobs: options.jobs,
    days: options.days,
  });
  try {
    const config = simulatorConfig(
      deps.config ??
        configSchema.parse({ dremio: {}, database: {}, log: {}, profiles: {}, api: {}, llm: {} }),
      sim,
      options.flavor,
    );
    deps.onProgress?.(
      'simulator',
      `simulated Dremio (${options.flavor}, ${options.jobs} jobs) at ${sim.url}`,
      {
        done: 0,
      },
    );
    const result = await withAppDeps(
      { config, logger: deps.logger, store: deps.store, signal: deps.signal },
      (app) =>
        pipelineCycle(
          {
            ...app,
            ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
          },
          collectSettingsFromConfig(config, {
            clusterName: DEMO_CLUSTER,
            profileBudget: options.profileBudget,
          }),
          { at: new Date() },
        ),
    );
    if (result.report === undefined || result.measurements === undefined) {
      throw new Error('the demo was stopped before its analysis');
    }
    return {
      simulatorUrl: sim.url,
      collection: result.collection,
      report: result.report,
      measurements: result.measurements,
    };
  } finally {
    await sim.stop();
  }
}

/** The configuration with the simulator as its Dremio: its URL, the credentials its flavor takes. */
function simulatorConfig(base: ResolvedConfig, sim: RunningSimulator, flavor: Flavor): ResolvedConfig {
  const enterprise = FLAVOR_SPECS[flavor].enterprise;
  return {
    ...base,
    dremio: {
      ...base.dremio,
      url: sim.url,
      username: enterprise ? undefined : sim.credentials.userName,
      password: enterprise ? undefined : sim.credentials.password,
      token: enterprise ? sim.credentials.token : undefined,
      projectId: flavor === 'cloud' ? sim.credentials.projectId : undefined,
      tlsCaFile: undefined,
      tlsInsecure: false,
    },
    database: { url: undefined },
  };
}
