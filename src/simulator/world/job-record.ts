/** A job plus what its profile needs beyond the `SimJob` row: the plan and the phase durations. */
import type { SimJob } from '../world.js';
import type { ClientKey } from './actors.js';
import type { SimReflectionDef } from './model.js';
import type { PlanNode } from './plan/plan-node.js';

/** An attempt before the last of a re-attempted job: its own phase times and why it failed. */
export interface EarlierAttempt {
  readonly phases: SimJob['phases'];
  readonly errorMessage: string;
}

export interface JobRecord {
  readonly job: SimJob;
  /** Absent when the job never got past planning. */
  readonly plan?: PlanNode;
  readonly client: ClientKey;
  readonly planningMs: number;
  readonly queueMs: number;
  readonly clientFetchMs: number;
  readonly chosenReflection?: SimReflectionDef;
  /** Reflections whose relationship the profile's layoutProfiles report. */
  readonly consideredReflections: readonly SimReflectionDef[];
  readonly wlmQueueId: string;
  /** Attempts before the last, oldest first; absent when the job ran once. */
  readonly earlierAttempts?: readonly EarlierAttempt[];
  /** The 0-based attempt this record's profile describes; the last attempt when absent. */
  readonly attempt?: number;
  /** Datasets the query names, with view SQL where they are views. */
  readonly datasets: readonly { readonly path: string; readonly viewSql?: string }[];
}
