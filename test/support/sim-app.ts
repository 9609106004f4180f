import { createAppDeps, type OwnedAppDeps } from '../../src/app/app-deps.js';
import { configSchema, type ResolvedConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import {
  FLAVOR_SPECS,
  type Flavor,
  type RunningSimulator,
  startSimulator,
} from '../../src/simulator/index.js';
import type { Store } from '../../src/store/index.js';

export const silentLogger = createLogger({ level: 'silent', format: 'json' });

/** The configuration of a user whose Dremio is this simulator. */
export function simulatorConfig(sim: RunningSimulator, flavor: Flavor = 'software-25.1'): ResolvedConfig {
  const enterprise = FLAVOR_SPECS[flavor].enterprise;
  return configSchema.parse({
    dremio: {
      url: sim.url,
      ...(enterprise
        ? { token: sim.credentials.token }
        : { username: sim.credentials.userName, password: sim.credentials.password }),
      ...(flavor === 'cloud' ? { projectId: sim.credentials.projectId } : {}),
    },
    database: {},
    log: { level: 'silent' },
    profiles: {},
    api: {},
    llm: {},
  });
}

/** A simulator and the service dependencies of a store pointed at it; `dispose` stops both. */
export async function simulatorApp(
  store: Store,
  options: {
    readonly flavor?: Flavor;
    readonly jobs?: number;
    readonly days?: number;
    readonly seed?: number;
  } = {},
): Promise<{ sim: RunningSimulator; deps: OwnedAppDeps; dispose(): Promise<void> }> {
  const flavor = options.flavor ?? 'software-25.1';
  const sim = await startSimulator({
    port: 0,
    flavor,
    jobs: options.jobs ?? 300,
    days: options.days ?? 5,
    seed: options.seed ?? 1,
  });
  const deps = createAppDeps({ config: simulatorConfig(sim, flavor), logger: silentLogger, store });
  return {
    sim,
    deps,
    dispose: async () => {
      deps.close();
      await sim.stop();
    },
  };
}
