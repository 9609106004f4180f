import { initSqlParser } from '../../sql/sql-parser.js';
import { runningClock } from '../sim-clock.js';
import type { SimWorld } from '../world.js';
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
    ...(options.onAdvance ? { onAdvance: options.onAdvance } : {}),
    host: options.host,
    port: options.port,
  });
  return {
    url: server.url,
    credentials,
    // Computed on first use and kept by the world until it changes: listing every job is costly.
    get truth() {
      return world.truth();
    },
    world,
    clock,
    advance: (days) => server.state.advance(days),
    stop: () => server.close(),
  };
}
