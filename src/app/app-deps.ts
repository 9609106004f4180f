import type { ResolvedConfig } from '../config/index.js';
import { createDremioClient, type DremioClient } from '../dremio/index.js';
import type { Logger } from '../log/index.js';
import type { OptimizerMetrics } from '../observe/metrics.js';
import type { Store } from '../store/index.js';
import { dremioOptionsFromConfig } from './options-from-config.js';
import type { AppDeps } from './service.js';

export interface AppDepsInput {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly store: Store;
  readonly signal?: AbortSignal | undefined;
  readonly metrics?: OptimizerMetrics | undefined;
}

/** Service dependencies that own a resource: the Dremio client, built on first use. Close them when done. */
export interface OwnedAppDeps extends AppDeps {
  readonly dremio: () => DremioClient;
  /** Frees the Dremio client when one was built; safe to call twice. The store stays open (its opener closes it). */
  close(): void;
}

/**
 * The dependencies of every service, from the configuration: the Dremio client is built on the first
 * `dremio()` call (a ConfigError naming the missing settings when none is configured), so read-only
 * services never need a Dremio. Prefer {@link withAppDeps}, which always closes.
 */
export function createAppDeps(input: AppDepsInput): OwnedAppDeps {
  let client: DremioClient | undefined;
  let closed = false;
  return {
    store: input.store,
    config: input.config,
    logger: input.logger,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.metrics === undefined ? {} : { metrics: input.metrics }),
    dremio: () => {
      if (closed) throw new Error('these service dependencies were closed');
      client ??= createDremioClient({
        ...dremioOptionsFromConfig(input.config, input.logger),
        ...(input.metrics === undefined ? {} : { onAttempt: input.metrics.dremioAttempt }),
      });
      return client;
    },
    close: () => {
      closed = true;
      client?.close();
      client = undefined;
    },
  };
}

/** Runs `fn` with fresh dependencies and closes them however it ends. */
export async function withAppDeps<T>(
  input: AppDepsInput,
  fn: (deps: OwnedAppDeps) => Promise<T>,
): Promise<T> {
  const deps = createAppDeps(input);
  try {
    return await fn(deps);
  } finally {
    deps.close();
  }
}

/** The Dremio of a service's dependencies; a caller that gives none to a service needing one is a bug. */
export function dremioOf(deps: AppDeps): DremioClient {
  if (deps.dremio === undefined) throw new Error('this caller gave the service no Dremio');
  return deps.dremio();
}
