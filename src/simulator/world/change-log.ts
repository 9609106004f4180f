/**
 * The changes made to the live state, in order, each with the states just before and after it so
 * its true effect (`change-effects.ts`) is computed only when the truth is asked for, then kept.
 */
import type { ChangeKind, TruthChange } from '../world.js';
import { changeEffects } from './change-effects.js';
import type { JobWorld } from './job-builder.js';
import type { Template } from './templates/template.js';
import type { WorldState } from './world-state.js';

export interface ChangeRecord {
  readonly atMs: number;
  readonly kind: ChangeKind;
  readonly via: 'sql' | 'rest';
  readonly statement: string | null;
  readonly datasetPath: string;
  readonly reflectionId: string | null;
  readonly before: WorldState;
  readonly after: WorldState;
}

export interface ChangeLog {
  record(change: ChangeRecord): void;
  readonly size: number;
  changes(): readonly TruthChange[];
}

export function createChangeLog(options: {
  readonly world: JobWorld;
  readonly templates: readonly Template[];
  readonly runsPerDay: (template: Template) => number;
}): ChangeLog {
  const records: ChangeRecord[] = [];
  const resolved: TruthChange[] = [];
  return {
    record: (change) => {
      records.push(change);
    },
    get size() {
      return records.length;
    },
    changes: () => {
      for (let i = resolved.length; i < records.length; i++) {
        const c = records[i] as ChangeRecord;
        resolved.push({
          id: `change-${i + 1}`,
          at: new Date(c.atMs).toISOString(),
          kind: c.kind,
          via: c.via,
          statement: c.statement,
          datasetPath: c.datasetPath,
          reflectionId: c.reflectionId,
          effects: changeEffects({
            world: options.world,
            templates: options.templates,
            before: c.before,
            after: c.after,
            datasetPath: c.datasetPath,
            atMs: c.atMs,
            runsPerDay: options.runsPerDay,
          }),
        });
      }
      return [...resolved];
    },
  };
}
