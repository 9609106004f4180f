/**
 * A workload template: a parameterised query that repeats (so fingerprints repeat) with literals,
 * sizes and timings that vary per run, and the anti-patterns it injects.
 */
import type { DetectorId } from '../../../domain/detector-id.js';
import type { ClientKey } from '../actors.js';
import type { ReflectionType, SimTableDef } from '../model.js';
import type { PlanContext } from '../plan/plan-context.js';
import type { BuiltPlan } from '../plan/query-shapes.js';
import type { Rng } from '../prng.js';

/** What a reflection must offer to accelerate the template. */
export interface AccelerationNeed {
  readonly dataset: string;
  readonly type: ReflectionType;
  /** Dimension or display columns the plan reads. */
  readonly columns: readonly string[];
  /** Measure columns (aggregation reflections only). */
  readonly measures: readonly string[];
}

export interface TimingAnomaly {
  readonly queueWaitMs?: readonly [number, number];
  readonly planningMs?: readonly [number, number];
  /** Expired metadata on a file source, refreshed inline before planning. */
  readonly metadataRetrievalMs?: readonly [number, number];
  readonly clientFetchMs?: readonly [number, number];
}

export interface FailureOutcome {
  readonly state: 'FAILED' | 'CANCELED';
  readonly stage: 'planning' | 'execution';
  readonly error: string;
  /** Fraction of the plan's work done before the job stopped. */
  readonly progress?: readonly [number, number];
}

export interface TemplateRun {
  readonly sql: string;
  /** Builds the plan against the base tables, or against a reflection's materialization. */
  plan(c: PlanContext, via?: SimTableDef): BuiltPlan;
}

export interface Template {
  readonly name: string;
  /** Relative share of workload jobs. */
  readonly weight: number;
  readonly client: ClientKey;
  readonly users: readonly string[];
  /** SQL-shape labels (select-star, reflection-missing, regression). */
  readonly templateLabels: readonly DetectorId[];
  /** Job-level anti-patterns the plan or timing injects; partition-pruning is derived from the scan. */
  readonly injected: readonly DetectorId[];
  readonly queried: readonly string[];
  readonly acceleration?: AccelerationNeed;
  readonly timing?: TimingAnomaly;
  readonly outcome?: FailureOutcome;
  /** Latency ×3 from the regression day on. */
  readonly regression?: boolean;
  /** Planning time of a normal run, before noise. */
  readonly basePlanningMs: number;
  run(rng: Rng, atMs: number): TemplateRun;
}

const DAY_MS = 86_400_000;

/** `TIMESTAMP '2024-05-01 00:00:00'` for midnight UTC `days` before `atMs`. */
export function tsDaysBefore(atMs: number, days: number): string {
  const midnight = Math.floor(atMs / DAY_MS) * DAY_MS - days * DAY_MS;
  return `TIMESTAMP '${new Date(midnight).toISOString().slice(0, 19).replace('T', ' ')}'`;
}

export function dateDaysBefore(atMs: number, days: number): string {
  const midnight = Math.floor(atMs / DAY_MS) * DAY_MS - days * DAY_MS;
  return new Date(midnight).toISOString().slice(0, 10);
}

/** Table path for the base plan, or the materialization when a reflection serves the query. */
export function source(base: string, via?: SimTableDef): string | SimTableDef {
  return via ?? base;
}
