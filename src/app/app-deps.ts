import type { ResolvedConfig } from '../config/index.js';
import { createDremioClient, type DremioClient } from '../dremio/index.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/index.js';
import type { OptimizerMetrics } from '../observe/metrics.js';
import type { Store } from '../store/index.js';
import { type ConfiguredCluster, configuredClusters } from './configured-clusters.js';
import { dremioOptionsFromConfig, dremioOptionsOfCluster } from './options-from-config.js';
import type { AppDeps } from './service.js';

export interface AppDepsInput {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly store: Store;
  readonly signal?: AbortSignal | undefined;
  readonly metrics?: OptimizerMetrics | undefined;
  /** The configured cluster to talk to; absent: the `dremio` section. */
  readonly cluster?: ConfiguredCluster | undefined;
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
  // A list of one is that cluster everywhere, also for callers that name none (the API's routes).
  const cluster =
    input.cluster ?? (input.config.clusters.length === 1 ? configuredClusters(input.config)[0] : undefined);
  // Services read the connection's settings (Cloud or not, concurrency) from `config.dremio`.
  const config = cluster === undefined ? input.config : { ...input.config, dremio: cluster.dremio };
  const logger = cluster === undefined ? input.logger : input.logger.child({ cluster: cluster.name });
  return {
    store: input.store,
    config,
    logger,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.metrics === undefined ? {} : { metrics: input.metrics }),
    dremio: () => {
      if (closed) throw new Error('these service dependencies were closed');
      if (cluster === undefined && config.clusters.length > 1) {
        throw new ConfigError(`${config.clusters.length} clusters are configured and this call names none`, {
          problems: [
            {
              key: 'cluster',
              value: '(unset)',
              expected: `one of ${config.clusters.map((c) => c.name).join(', ')}`,
            },
          ],
          hint: 'name the cluster the call is about',
        });
      }
      client ??= createDremioClient({
        ...(cluster === undefined
          ? dremioOptionsFromConfig(config, logger)
          : dremioOptionsOfCluster(cluster, logger)),
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

/**
 * Runs `fn` with dependencies talking to `cluster`: the caller's own for the `dremio` section (its
 * client is reused), fresh ones for an entry of `clusters`, closed however `fn` ends.
 */
export async function withClusterDeps<T>(
  deps: AppDeps,
  cluster: ConfiguredCluster,
  fn: (deps: AppDeps) => Promise<T>,
): Promise<T> {
  if (cluster.source === 'dremio') return fn(deps);
  const own = createAppDeps({
    config: deps.config,
    logger: deps.logger,
    store: deps.store,
    signal: deps.signal,
    metrics: deps.metrics,
    cluster,
  });
  try {
    return await fn(deps.onProgress === undefined ? own : { ...own, onProgress: deps.onProgress });
  } finally {
    own.close();
  }
}
