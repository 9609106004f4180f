/**
 * What Queue Control's support options do to a run on editions without Workload Management, as
 * dremio-oss's BasicResourceAllocator applies them: `exec.queue.large` is how many LARGE queries run at
 * once, and `exec.queue.memory.large` caps a LARGE query's memory per node (min of the cap and the
 * node's own limit; 0 or a disabled cap leaves only the node's). The history was generated under the
 * world's initial options, so only a change from them alters later runs.
 */
import type { FlavorSpec } from '../flavor.js';
import type { OptionValue } from './system-options.js';
import { EXECUTOR_DIRECT_MEMORY_BYTES, optionDefault } from './system-options.js';
import type { WorldState } from './world-state.js';

type Options = ReadonlyMap<string, OptionValue>;

function numberOption(options: Options, name: string): number {
  const value = options.get(name);
  return typeof value === 'number' ? value : optionDefault(name);
}

function memoryPerNode(options: Options): number {
  const enabled = options.get('exec.queue.memory.enable') !== false;
  const cap = numberOption(options, 'exec.queue.memory.large');
  return enabled && cap > 0 ? Math.min(cap, EXECUTOR_DIRECT_MEMORY_BYTES) : EXECUTOR_DIRECT_MEMORY_BYTES;
}

/**
 * The memory per node a LARGE query may now hold, when an option change raised it above what the
 * history ran with; undefined when nothing changed (the templates' spills stand as generated).
 */
export function raisedQueryMemory(flavor: FlavorSpec, state: WorldState): number | undefined {
  if (flavor.workloadManagement) return undefined;
  const now = memoryPerNode(state.options);
  return now > memoryPerNode(state.initialOptions) ? now : undefined;
}

/**
 * How much of a LARGE query's wait for a slot remains: the queue drains in proportion to how many of
 * its queries run at once, so raising the limit from 2 to 4 halves the wait. 1 when nothing changed.
 */
export function largeQueueWaitFactor(flavor: FlavorSpec, state: WorldState): number {
  if (flavor.workloadManagement) return 1;
  if (state.options.get('exec.queue.enable') === false) return 0;
  const was = numberOption(state.initialOptions, 'exec.queue.large');
  const now = numberOption(state.options, 'exec.queue.large');
  return now > was ? was / now : 1;
}
