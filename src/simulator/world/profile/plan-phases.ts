/**
 * `planPhases`: the planner's phases with durations that add up to the job's PLANNING time (and its
 * EXECUTION_PLANNING time for the `Execution Plan:` phases). A slow planner spends it in join planning.
 */
import { apportion } from '../plan/fragments.js';

const PLANNING_PHASES: readonly (readonly [string, number])[] = [
  ['Validation', 12],
  ['Convert To Rel', 8],
  ['Reduce Expressions', 2],
  ['Window Function Rewrites', 1],
  ['GroupSet Rewrites', 1],
  ['Project Pushdown', 2],
  ['Pre-Logical Filter Pushdown', 2],
  ['Transitive Predicate Pullup', 1],
  ['Pre-Logical Transitive Filter Pushdown', 1],
  ['Find Materializations', 5],
  ['Substitution', 6],
  ['Logical Planning', 18],
  ['Relational Planning', 9],
  ['Multi-Join analysis', 2],
  ['LOPT Join Planning', 4],
  ['Post Join Optimization', 2],
  ['Physical Planning', 16],
  ['Physical Heuristic Planning', 4],
  ['Final Physical Transformation', 4],
];

const EXECUTION_PHASES = [
  'Execution Plan: Executor Selection',
  'Execution Plan: Fragment Assignment',
  'Execution Plan: Plan Generation',
  'Fragment Start RPCs',
  'Fragment Activate RPCs',
] as const;

export function planPhases(options: {
  readonly planningMs: number;
  readonly executionPlanningMs: number;
  readonly slowJoinPlanning: boolean;
  readonly finalPlan: string;
  readonly datasets: readonly string[];
}): unknown[] {
  const weights = PLANNING_PHASES.map(([name, w]) =>
    options.slowJoinPlanning && name === 'LOPT Join Planning' ? 900 : w,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const durations = apportion(
    options.planningMs,
    weights.map((w) => w / total),
  );
  const phases: unknown[] = PLANNING_PHASES.map(([phaseName], i) => ({
    phaseName,
    durationMillis: durations[i] ?? 0,
    plan: phaseName === 'Final Physical Transformation' ? options.finalPlan : '',
  }));
  const execution = apportion(
    Math.max(0, options.executionPlanningMs),
    EXECUTION_PHASES.map(() => 1 / EXECUTION_PHASES.length),
  );
  EXECUTION_PHASES.forEach((phaseName, i) => {
    phases.push({ phaseName, durationMillis: execution[i] ?? 0, plan: '' });
  });
  for (const path of options.datasets) {
    phases.push({ phaseName: `${path}: PERMISSION_CACHE_HIT`, durationMillis: 0 });
    phases.push({ phaseName: `${path}: CACHED_METADATA`, durationMillis: 0 });
  }
  return phases;
}
