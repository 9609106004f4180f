import { createWorld } from './create-world.js';
import { serveWorld } from './server/serve-world.js';
import {
  type RunningSimulator,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from './server/simulator-options.js';
import { runningClock } from './sim-clock.js';

/**
 * Builds the simulated world for a seed and serves it as a Dremio over HTTP on loopback. Defaults
 * (see `SIMULATOR_DEFAULTS`): flavor `software-25.1`, seed 1, 5000 jobs over 14 days ending
 * 2026-11-01T00:00:00Z, user `dremio`/`dremio123`, no faults, an ephemeral port on 127.0.0.1.
 *
 * @example
 * const sim = await startSimulator({ flavor: 'software-24.3', jobs: 1000 });
 * const login = await fetch(`${sim.url}/apiv2/login`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ userName: sim.credentials.userName, password: sim.credentials.password }),
 * });
 * await sim.stop();
 */
export async function startSimulator(partial: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const options = resolveSimulatorOptions(partial);
  const clock = options.clock ?? runningClock(options.endAt.getTime());
  const world = createWorld(
    {
      flavor: options.flavor,
      seed: options.seed,
      jobs: options.jobs,
      days: options.days,
      endAt: options.endAt,
      userName: options.userName,
      password: options.password,
      token: options.token,
      projectId: options.projectId,
    },
    clock,
  );
  return serveWorld(world, { ...options, clock });
}
