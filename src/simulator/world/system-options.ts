/**
 * The support options the simulator knows, with Dremio's defaults and value types (dremio-oss
 * `BasicResourceConstants`, `PlannerSettings`, `ExecConstants`). `ALTER SYSTEM SET` of any other name
 * fails as Dremio's option manager fails it; a value of the wrong type fails too.
 */
export type OptionValue = number | boolean;

interface KnownOption {
  readonly type: 'long' | 'boolean';
  readonly defaultValue: OptionValue;
  readonly min?: number;
}

export const SYSTEM_OPTIONS: Readonly<Record<string, KnownOption>> = {
  'exec.queue.enable': { type: 'boolean', defaultValue: true },
  'exec.queue.memory.enable': { type: 'boolean', defaultValue: true },
  'exec.queue.large': { type: 'long', defaultValue: 10, min: 1 },
  'exec.queue.small': { type: 'long', defaultValue: 100, min: 1 },
  'exec.queue.memory.large': { type: 'long', defaultValue: 0, min: 0 },
  'exec.queue.memory.small': { type: 'long', defaultValue: 0, min: 0 },
  'planner.memory_limit': { type: 'long', defaultValue: 256 * 1024 * 1024, min: 0 },
  'planner.timeout_per_phase_ms': { type: 'long', defaultValue: 60_000, min: 0 },
  'exec.op.join.spill': { type: 'boolean', defaultValue: true },
};

/** Checks a value against the option; returns Dremio's error text, or undefined when it may be set. */
export function optionError(name: string, value: OptionValue): string | undefined {
  const option = SYSTEM_OPTIONS[name];
  if (option === undefined) return `The option '${name}' does not exist.`;
  if (option.type === 'boolean' && typeof value !== 'boolean')
    return `Option ${name} must be of type BOOLEAN but you tried to set to LONG.`;
  if (option.type === 'long') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return `Option ${name} must be of type LONG but you tried to set to ${typeof value === 'boolean' ? 'BOOLEAN' : 'DOUBLE'}.`;
    if (option.min !== undefined && value < option.min)
      return `Option ${name} must be between ${option.min} and ${Number.MAX_SAFE_INTEGER}.`;
  }
  return undefined;
}

/** Dremio's default for a numeric option the simulator knows; 0 for one it does not. */
export function optionDefault(name: string): number {
  const value = SYSTEM_OPTIONS[name]?.defaultValue;
  return typeof value === 'number' ? value : 0;
}

/**
 * How the simulated cluster's administrator left Queue Control on editions without Workload
 * Management: two LARGE queries at a time, each capped at 4 GiB per node (on executors with far more
 * direct memory). That is why the history's big queries wait in the LARGE queue and its widest
 * aggregations and sorts spill; raising either limit (`ALTER SYSTEM SET`) is what relieves them.
 * Editions with Workload Management keep Dremio's defaults: their queues are rules, not options.
 */
export function initialOptions(flavor: {
  readonly workloadManagement: boolean;
}): ReadonlyMap<string, OptionValue> {
  if (flavor.workloadManagement) return new Map();
  return new Map<string, OptionValue>([
    ['exec.queue.large', OSS_LARGE_QUEUE_CONCURRENCY],
    ['exec.queue.memory.large', OSS_LARGE_QUEUE_MEMORY_BYTES],
  ]);
}

export const OSS_LARGE_QUEUE_CONCURRENCY = 2;
export const OSS_LARGE_QUEUE_MEMORY_BYTES = 4 * 1024 ** 3;
/** Direct memory of one simulated executor: a queue cap above it gives a query no more than this. */
export const EXECUTOR_DIRECT_MEMORY_BYTES = 96 * 1024 ** 3;
