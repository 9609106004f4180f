import { initSqlParser } from '../../sql/sql-parser.js';
import { runningClock } from '../sim-clock.js';
import type { GroundTruth, SimWorld } from '../world.js';
import { startSimServer } from './sim-server.js';
import type { RunningSimulator, SimulatorOptions } from './simulator-options.js';

/** Serves an already built world with the transport options; `startSimulator` builds the world first. */
export async function serveWorld(world: SimWorld, options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = options.clock ?? runningClock(options.endAt.getTime());
  const credentials = {
    userName: options.userName,
    password: options.password,
    token: options.token,
    projectId: options.projectId,
  };
  // Dremio rejects what does not parse; the simulator needs the full parser to do the same.
  await initSqlParser();
  const server = await startSimServer({
    world,
    credentials,
    tokenLifetimeMs: options.tokenLifetimeMs,
    faults: { rate: options.faults, kinds: options.faultKinds, seed: options.seed },
    stallMs: options.stallMs,
    pollsBeforeFinal: options.pollsBeforeFinal,
    clock,
    host: options.host,
    port: options.port,
  });
  let truth: GroundTruth | undefined;
  return {
    url: server.url,
    credentials,
    // Computed on first use: listing every planted job is costly on a large world.
    get truth() {
      truth ??= world.truth();
      return truth;
    },
    world,
    clock,
    stop: () => server.close(),
  };
}
