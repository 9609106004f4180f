/**
 * The simulator's HTTP server: Dremio's REST v3, `/apiv2` and Cloud `/v0` surfaces over a SimWorld,
 * with login sessions, job polling, lazy result paging, profiles, the support ZIP and faults.
 */

export type { Route, RouteContext, ServerState } from './route.js';
export { routesFor } from './route-table.js';
export { serveWorld } from './serve-world.js';
export type { Credentials } from './session-store.js';
export { type SimServer, type SimServerOptions, startSimServer } from './sim-server.js';
export {
  type RunningSimulator,
  resolveSimulatorOptions,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
} from './simulator-options.js';
