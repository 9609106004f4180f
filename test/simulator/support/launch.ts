import { serveWorld } from '../../../src/simulator/server/serve-world.js';
import {
  type RunningSimulator,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from '../../../src/simulator/server/simulator-options.js';
import { fakeWorld } from './fake-world.js';

/** Starts a simulator for a test; small worlds by default so suites stay quick on two cores. */
export async function launch(partial: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const options = resolveSimulatorOptions({ jobs: 200, ...partial });
  return serveWorld(fakeWorld({ ...options }), options);
}
