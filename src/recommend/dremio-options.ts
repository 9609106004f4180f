/**
 * The Dremio support options our recommendations set, with the type and range Dremio's validator
 * accepts (`TypeValidators` in dremio-oss). Only these names may appear in an `ALTER SYSTEM SET` we emit:
 * a misspelt option is accepted by nobody, and an unknown one would be rejected by Dremio.
 */
export interface DremioOption {
  readonly name: string;
  readonly type: 'long' | 'boolean';
  readonly min: number;
  /** What the option does, for the recommendation's text. */
  readonly meaning: string;
}

export const DREMIO_OPTIONS = [
  {
    // BasicResourceConstants.LARGE_QUEUE_SIZE: PositiveLongValidator, at most 1000, default 10.
    name: 'exec.queue.large',
    type: 'long',
    min: 1,
    meaning: 'how many LARGE-queue queries run at once in the cluster',
  },
  {
    // BasicResourceConstants.SMALL_QUEUE_SIZE: PositiveLongValidator, at most 100000, default 100.
    name: 'exec.queue.small',
    type: 'long',
    min: 1,
    meaning: 'how many SMALL-queue queries run at once in the cluster',
  },
  {
    // BasicResourceConstants.LARGE_QUEUE_MEMORY_LIMIT: caps a LARGE-queue query's memory per node when > 0.
    name: 'exec.queue.memory.large',
    type: 'long',
    min: 0,
    meaning: 'memory per node a query of the LARGE queue may use (bytes; 0 = no cap)',
  },
  {
    name: 'exec.queue.memory.small',
    type: 'long',
    min: 0,
    meaning: 'memory per node a query of the SMALL queue may use (bytes; 0 = no cap)',
  },
] as const satisfies readonly DremioOption[];

export type DremioOptionName = (typeof DREMIO_OPTIONS)[number]['name'];

export function dremioOption(name: string): DremioOption | undefined {
  return DREMIO_OPTIONS.find((o) => o.name === name);
}
