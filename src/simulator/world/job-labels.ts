/**
 * Labels for a history job without building it: they depend only on the template, whether a
 * reflection serves it at that time, and whether its scans prune — never on the job's noise — so
 * the truth for a million jobs is a pass over the arrival arrays. Cached per (template, reflection).
 */
import type { DetectorId } from '../../domain/detector-id.js';
import { materializationTable, servingReflection } from './acceleration.js';
import type { JobWorld } from './job-builder.js';
import { jobLabels } from './job-builder.js';
import { rngFor } from './prng.js';
import type { Template } from './templates/template.js';

export function createLabeler(
  world: JobWorld,
): (template: Template, submittedMs: number) => readonly DetectorId[] {
  const cache = new Map<string, readonly DetectorId[]>();
  return (template, submittedMs) => {
    const chosen = servingReflection(world.state, template.acceleration, submittedMs);
    const key = `${template.name}\u0000${chosen?.id ?? ''}`;
    const cached = cache.get(key);
    if (cached) return cached;
    let unpruned = false;
    if (!template.outcome) {
      const via = chosen ? materializationTable(world.seed, world.state, chosen) : undefined;
      const run = template.run(rngFor(world.seed, 0x1abe1), submittedMs);
      const ctx = {
        rng: rngFor(world.seed, 0x1abe2),
        width: world.engineWidth,
        table: (path: string) => {
          const table = world.state.tables.get(path);
          if (!table) throw new RangeError(`template ${template.name} names unknown table ${path}`);
          return table;
        },
      };
      unpruned = run.plan(ctx, via).unprunedPartitionedScan;
    }
    const labels = jobLabels({
      template,
      accelerated: chosen !== undefined,
      unprunedPartitionedScan: unpruned,
    });
    cache.set(key, labels);
    return labels;
  };
}
