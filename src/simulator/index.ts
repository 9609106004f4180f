/**
 * The Dremio simulator: a seeded world of jobs, profiles, datasets and reflections served over HTTP
 * with Dremio's REST surface, so every test, benchmark and demo talks to a realistic cluster.
 */
export { createWorld } from './create-world.js';
export { FAULT_KINDS, type FaultKind, isFaultKind } from './faults/fault-kind.js';
export { FLAVOR_SPECS, FLAVORS, type Flavor, type FlavorSpec, isFlavor } from './flavor.js';
export { serveWorld } from './server/serve-world.js';
export {
  type RunningSimulator,
  resolveSimulatorOptions,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
} from './server/simulator-options.js';
export { type ManualSimClock, manualClock, type SimClock } from './sim-clock.js';
export { startSimulator } from './start-simulator.js';
export { queueWaitMs } from './world/job-timing.js';
export { CLOUD_HISTORY_LAG_MS, cloudHistoryVisible } from './world/tables/cloud-history.js';
export type {
  AdvanceResult,
  ChangeEffect,
  ChangeKind,
  GroundTruth,
  SimJob,
  SimWorld,
  TruthChange,
  WorldOptions,
} from './world.js';
export { CHANGE_KINDS } from './world.js';
