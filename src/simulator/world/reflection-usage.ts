/**
 * Reflection usage counts over history without building every job: a template's relationship to a
 * reflection depends only on the template and the reflection's availability at submission, so it
 * is counted from the arrival kinds (a pass over a typed array, fast even for a million jobs).
 */
import { relationshipsFor, servingReflection } from './acceleration.js';
import type { Arrivals } from './arrivals.js';
import type { ReflectionUsage } from './tables/reflection-tables.js';
import type { Template } from './templates/template.js';
import type { WorldState } from './world-state.js';
import { baseTableOf } from './world-state.js';

export function historicalUsage(options: {
  readonly seed: number;
  readonly state: WorldState;
  readonly templates: readonly Template[];
  readonly arrivals: Arrivals;
}): Map<string, ReflectionUsage> {
  const { state, templates, arrivals } = options;
  const usage = new Map<string, { considered: number; matched: number; chosen: number }>();
  const perTemplate = templates.map((t) => {
    if (t.outcome) return [];
    const tables = [...new Set(t.queried.map((p) => baseTableOf(state, p)?.path ?? p))];
    const latest = Number.MAX_SAFE_INTEGER;
    const chosen = servingReflection(state, t.acceleration, latest);
    return relationshipsFor({
      seed: options.seed,
      state,
      tables,
      need: t.acceleration,
      chosen,
      atMs: latest,
    });
  });
  for (let i = 0; i < arrivals.kinds.length; i++) {
    const rels = perTemplate[arrivals.kinds[i] ?? 0];
    if (!rels) continue;
    const at = arrivals.submittedMs[i] ?? 0;
    for (const rel of rels) {
      const r = state.reflections.get(rel.reflectionId);
      if (!r || r.createdAtMs > at) continue;
      const u = usage.get(rel.reflectionId) ?? { considered: 0, matched: 0, chosen: 0 };
      u.considered++;
      if (rel.relationship !== 'CONSIDERED') u.matched++;
      if (rel.relationship === 'CHOSEN') u.chosen++;
      usage.set(rel.reflectionId, u);
    }
  }
  return usage;
}

/** Index of the latest history job of `kind`, scanning backwards; -1 when none. */
export function lastIndexOfKind(arrivals: Arrivals, kind: number): number {
  for (let i = arrivals.kinds.length - 1; i >= 0; i--) if (arrivals.kinds[i] === kind) return i;
  return -1;
}

export function countOfKind(arrivals: Arrivals, kind: number): number {
  let n = 0;
  for (let i = 0; i < arrivals.kinds.length; i++) if (arrivals.kinds[i] === kind) n++;
  return n;
}
