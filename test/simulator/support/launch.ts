import type { RunningSimulator, SimulatorOptions } from '../../../src/simulator/index.js';
import { startSimulator } from '../../../src/simulator/index.js';

/** Starts a real simulator for a test; small worlds by default so suites stay quick on two cores. */
export function launch(partial: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({ jobs: 300, ...partial });
}
