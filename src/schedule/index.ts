// Scheduling: run a cycle (collect, then analyze) at a fixed rate, never overlapping, stoppable; the
// pipeline on each configured cluster under its lease.
export { parseInterval } from './interval.js';
export {
  type CycleEvent,
  type PipelineScheduleOptions,
  runPipelineSchedule,
  type ScheduledCluster,
  scheduledClusters,
} from './pipeline-schedule.js';
export { type RunEveryOptions, runEvery } from './run-every.js';
