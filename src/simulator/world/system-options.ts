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
