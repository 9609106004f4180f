/**
 * The true effect of a change: every workload template that reads the changed dataset (directly or
 * through a view) is run K times in the state just before the change and K times just after, with
 * the same seeded draws on both sides, and the medians compared on the time the product measures:
 * submitted → final less the queue wait. Run-to-run noise is the same on both sides, so a change
 * that does not alter the plan comes out at exactly 1.
 */
import type { ChangeEffect } from '../world.js';
import type { JobWorld } from './job-builder.js';
import { buildWorkloadJob } from './job-builder.js';
import { queueWaitMs } from './job-timing.js';
import { rngFor } from './prng.js';
import type { Template } from './templates/template.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

/** Draws per side; odd so the median is one run. */
export const EFFECT_DRAWS = 201;
const EFFECT_SALT = 0xeff;

/** The datasets a template touches: what it names, and the tables behind the views it names. */
function touchedBy(state: WorldState, template: Template): Set<string> {
  const touched = new Set<string>();
  for (const path of template.queried) {
    touched.add(path);
    for (const parent of state.views.get(path)?.parents ?? []) touched.add(parent);
    const base = baseTableOf(state, path);
    if (base) touched.add(base.path);
  }
  return touched;
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1] ?? 0;
}

function medianMeasuredMs(world: JobWorld, template: Template, atMs: number, seed: number): number {
  const times: number[] = [];
  for (let k = 0; k < EFFECT_DRAWS; k++) {
    const { job } = buildWorkloadJob(world, {
      jobId: 'truth',
      template,
      submittedMs: atMs,
      rng: rngFor(seed, EFFECT_SALT, k),
    });
    times.push(job.phases.finalState - job.submittedEpochMs - queueWaitMs(job.phases));
  }
  return median(times);
}

export function changeEffects(options: {
  readonly world: JobWorld;
  readonly templates: readonly Template[];
  readonly before: WorldState;
  readonly after: WorldState;
  readonly datasetPath: string;
  readonly atMs: number;
  readonly runsPerDay: (template: Template) => number;
}): ChangeEffect[] {
  const { world, before, after, datasetPath, atMs } = options;
  const targets = new Set([datasetPath, baseTableOf(before, datasetPath)?.path ?? datasetPath]);
  // A system option names no dataset: every template may feel it.
  const systemWide = datasetPath === '';
  const effects: ChangeEffect[] = [];
  options.templates.forEach((template, index) => {
    if (template.outcome) return;
    const touched = touchedBy(before, template);
    if (!systemWide && ![...targets].some((t) => touched.has(t))) return;
    const seed = world.seed + index;
    const was = medianMeasuredMs({ ...world, state: before }, template, atMs, seed);
    const now = medianMeasuredMs({ ...world, state: after }, template, atMs, seed);
    effects.push({
      template: template.name,
      speedup: Math.round((was / Math.max(1, now)) * 10_000) / 10_000,
      runsPerDay: Math.round(options.runsPerDay(template) * 100) / 100,
    });
  });
  return effects;
}
