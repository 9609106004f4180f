import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { runAlertDispatcher } from '../alerts/index.js';
import { createAppDeps, type OwnedAppDeps } from '../app/app-deps.js';
import { configuredClusters } from '../app/configured-clusters.js';
import { createTaskRunner, type TaskRunner } from '../app/tasks.js';
import { newLeaseHolder } from '../app/with-lease.js';
import type { ResolvedConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { createMetrics, type OptimizerMetrics } from '../observe/metrics.js';
import { type CycleEvent, runPipelineSchedule, scheduledClusters } from '../schedule/index.js';
import { openStore, type Store } from '../store/index.js';
import { describeSelf } from '../store/lock-holder.js';
import { createApiApp } from './app.js';
import { assertSafeBinding, createKeyring } from './auth.js';
import { createMcpHttpHandler } from './mcp-route.js';
import { createRateLimiter } from './rate-limit.js';
import type { ApiRoute } from './routes.js';
import { loadWebAssets } from './web-assets.js';

export interface StartApiOptions {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The directory `dataDir` is relative to. */
  readonly cwd: string;
  readonly version: string;
  /** An open store to serve (tests); the caller closes it. Absent: the configured store is opened. */
  readonly store?: Store;
  /** The rate limiter's clock, injectable so tests step time instead of sleeping. */
  readonly now?: () => number;
  readonly routes?: readonly ApiRoute[];
  /** Where the dashboard's built files are; absent: dist/web of this package. */
  readonly webDir?: string;
  /** `/mcp` offers the write tools (to keys with the `write` / `apply` scope); default read-only. */
  readonly mcpAllowWrites?: boolean;
  /** What `/metrics` shows; absent: a registry of this server's own. */
  readonly metrics?: OptimizerMetrics;
  /** `serve --schedule`: also run the pipeline on each configured cluster at this rate. */
  readonly schedule?: ApiSchedule;
}

export interface ApiSchedule {
  /** Between cycle starts of a cluster without a `schedule` of its own; absent: those are not scheduled. */
  readonly intervalMs?: number | undefined;
  readonly profiles?: number | string;
  readonly leaseMs?: number;
  /** Stops the cycle under way at its next safe point (a second Ctrl-C); `close` lets it finish. */
  readonly abort?: AbortSignal;
  readonly onCycle?: (event: CycleEvent) => void;
}

export interface RunningApi {
  /** `http://host:port`, the port the server actually listens on. */
  readonly url: string;
  readonly store: Store;
  readonly tasks: TaskRunner;
  /** Task ids marked failed at start because the server that ran them is gone. */
  readonly recovered: readonly string[];
  /**
   * Stops the schedule (the cycle under way finishes, the API answering meanwhile), then stops accepting
   * requests, cancels the running tasks (recorded as cancelled) and closes the store.
   */
  close(): Promise<void>;
}

/**
 * `serve`: listens first, so the store's lock can name the URL to use instead (a CLI command run on the
 * same embedded store while the server holds it is refused with the server's pid and this URL); then
 * opens the store, fails the tasks a dead server left unfinished, and answers.
 */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const { config, logger } = options;
  const keyring = createKeyring(config.api);
  assertSafeBinding(options.host, keyring);
  if (!keyring.configured)
    logger.warn({ host: options.host }, 'no API key configured: every local caller has every scope');

  let handler: ((request: Request) => Response | Promise<Response>) | undefined;
  const server = createAdaptorServer({
    fetch: (request: Request) =>
      handler?.(request) ??
      new Response(JSON.stringify({ error: { code: 'STARTING', message: 'the server is starting' } }), {
        status: 503,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
      }),
    hostname: options.host,
  }) as Server;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const closeServer = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });

  const metrics = options.metrics ?? createMetrics();
  let store: Store;
  try {
    store =
      options.store ??
      (await openStore({
        databaseUrl: config.database.url,
        dataDir: resolve(options.cwd, config.dataDir),
        command: `serve (API at ${url})`,
        onError: metrics.dbError,
      }));
  } catch (error) {
    await closeServer();
    throw error;
  }
  const deps = createAppDeps({ config, logger, store, metrics });
  const tasks = createTaskRunner(deps, {
    owner: describeSelf(`serve (API at ${url})`, new Date().toISOString(), undefined),
  });
  let recovered: readonly string[];
  try {
    recovered = await tasks.recover();
  } catch (error) {
    await closeServer();
    if (options.store === undefined) await store.close();
    throw error;
  }
  if (recovered.length > 0)
    logger.warn({ tasks: recovered }, 'tasks left unfinished by a server that is gone were marked failed');
  const app = createApiApp({
    deps,
    keyring,
    limiter: createRateLimiter({
      perMinute: config.api.rateLimitPerMinute,
      ...(options.now === undefined ? {} : { now: options.now }),
    }),
    tasks,
    api: config.api,
    version: options.version,
    ...(options.routes === undefined ? {} : { routes: options.routes }),
    web: loadWebAssets(options.webDir),
    mcp: createMcpHttpHandler({
      deps,
      allowWrites: options.mcpAllowWrites === true,
      maxBodyBytes: Math.max(config.api.maxBodyBytes, config.api.maxUploadBytes),
      version: options.version,
    }),
  });
  handler = (request) => app.fetch(request);
  logger.info({ url, store: store.backend }, 'API listening');
  const stopSchedule = new AbortController();
  const scheduled =
    options.schedule === undefined
      ? Promise.resolve()
      : startSchedule(
          { ...deps, ...(options.schedule.abort === undefined ? {} : { signal: options.schedule.abort }) },
          options.schedule,
          { stop: stopSchedule.signal, holder: newLeaseHolder(`serve (API at ${url})`) },
        );
  // Alerts the server's tasks enqueue, and those other processes left to retry (docs/alerts.md).
  const alerts = new AbortController();
  const dispatching = runAlertDispatcher(deps, alerts.signal);
  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    tasks,
    recovered,
    close: () => {
      closing ??= (async () => {
        stopSchedule.abort();
        await scheduled;
        await closeServer();
        await tasks.shutdown();
        alerts.abort();
        await dispatching;
        deps.close();
        if (options.store === undefined) await store.close();
      })();
      return closing;
    },
  };
}

/** Runs the schedule in the background; resolves when it stopped. Cycle failures are logged, never thrown. */
async function startSchedule(
  deps: OwnedAppDeps,
  schedule: ApiSchedule,
  run: { readonly stop: AbortSignal; readonly holder: string },
): Promise<void> {
  const clusters = scheduledClusters(configuredClusters(deps.config), schedule.intervalMs);
  deps.logger.info({ clusters }, 'pipeline schedule started');
  try {
    await runPipelineSchedule(deps, {
      clusters,
      stop: run.stop,
      holder: run.holder,
      ...(schedule.profiles === undefined ? {} : { profiles: schedule.profiles }),
      ...(schedule.leaseMs === undefined ? {} : { leaseMs: schedule.leaseMs }),
      onCycle: (event) => {
        if (event.kind === 'failed')
          deps.logger.error(
            { cluster: event.cluster, cycle: event.index, err: event.error },
            'cycle failed; the schedule goes on',
          );
        schedule.onCycle?.(event);
      },
    });
  } catch (error) {
    deps.logger.error({ err: error }, 'the pipeline schedule stopped on an error');
  }
}
